package exact

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// spanOfNanos is n ≥ 0 nanoseconds as a Span.
func spanOfNanos(n int64) Span {
	s, ok := SpanOf(n/1e9, n%1e9)
	if !ok {
		panic("negative span")
	}
	return s
}

// Property: divMod128 is big.Int's QuoRem for divisors of 64 to 128 bits.
func TestDivMod128(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	word := func() uint64 { return r.Uint64() >> r.IntN(64) }
	for iter := 0; iter < 200000; iter++ {
		x := u128{word(), r.Uint64()}
		y := u128{max(word(), 1), word()}
		if iter%7 == 0 {
			y.hi = 1 << 63 >> r.IntN(3) // the largest divisors
		}
		q, rem := x.divMod128(y)
		bx, by := u128Big(x), u128Big(y)
		wq, wr := new(big.Int).QuoRem(bx, by, new(big.Int))
		if wq.Cmp(new(big.Int).SetUint64(q)) != 0 || wr.Cmp(u128Big(rem)) != 0 {
			t.Fatalf("%v / %v = %d r %v, want %s r %s", bx, by, q, u128Big(rem), wq, wr)
		}
	}
}

func u128Big(x u128) *big.Int {
	z := new(big.Int).SetUint64(x.hi)
	return z.Lsh(z, 64).Add(z, new(big.Int).SetUint64(x.lo))
}

// Property: SpanOf is sec·10^9 + nsec, refused when negative; Int64 gives it back
// while it fits.
func TestSpanOf(t *testing.T) {
	r := rand.New(rand.NewPCG(43, 44))
	for iter := 0; iter < 100000; iter++ {
		sec := r.Int64N(math.MaxInt64) >> r.IntN(63)
		if iter%5 == 0 {
			sec = r.Int64N(3)
		}
		nsec := r.Int64N(2e9-1) - (1e9 - 1)
		want := new(big.Int).Mul(big.NewInt(sec), big.NewInt(1e9))
		want.Add(want, big.NewInt(nsec))
		s, ok := SpanOf(sec, nsec)
		if ok != (want.Sign() >= 0) {
			t.Fatalf("SpanOf(%d, %d): ok %v, want %s", sec, nsec, ok, want)
		}
		if !ok {
			continue
		}
		if s.big().Cmp(want) != 0 {
			t.Fatalf("SpanOf(%d, %d) = %s, want %s", sec, nsec, s.big(), want)
		}
		if n, fits := s.Int64(); fits != want.IsInt64() || fits && n != want.Int64() {
			t.Fatalf("SpanOf(%d, %d).Int64() = %d %v, want %s", sec, nsec, n, fits, want)
		}
	}
	if _, ok := SpanOf(-1, 999999999); ok {
		t.Error("SpanOf(-1, 999999999) accepted")
	}
}

// Property: over spans past an int64 (a validity of millennia in nanoseconds), the
// Stepper's rows and MulDivRoundSpan are the decimal Splitter's, for steps of a usual
// size and others; the rows sum to the rounded total.
func TestStepperOverWideSpans(t *testing.T) {
	r := rand.New(rand.NewPCG(45, 46))
	for iter := 0; iter < 400; iter++ {
		total := r.Int64N(MaxFixed) >> r.IntN(62)
		if r.IntN(3) == 0 {
			total = -total
		}
		prec := int32(r.IntN(4))
		span, _ := SpanOf(r.Int64N(320e9), r.Int64N(1e9)) // up to 10,000 years
		if span.IsZero() {
			continue
		}
		denom := decimal.NewFromBigInt(span.big(), 0)
		w := decimal.New(total, -prec)
		step := int64(86400e9) << r.IntN(17) // a day to 15,000 years
		st, ds := NewStepper(total, span, step), NewSplitter(w, denom, prec)
		cum, sum := new(big.Int), decimal.Zero
		for k := 0; k < 300 && cum.Cmp(span.big()) < 0; k++ {
			d := step
			if r.IntN(4) == 0 {
				d = r.Int64N(step + 1)
			}
			if k == 299 || r.IntN(60) == 0 { // a last step to the end of the span
				rest := new(big.Int).Sub(span.big(), cum)
				if !rest.IsInt64() {
					continue
				}
				d = rest.Int64()
			}
			if rest := new(big.Int).Sub(span.big(), cum); rest.IsInt64() && d > rest.Int64() {
				d = rest.Int64()
			}
			cum.Add(cum, big.NewInt(d))
			want := ds.Next(decimal.NewFromBigInt(cum, 0))
			if !st.Add(uint64(d)) {
				t.Fatalf("Stepper(%d over %s) refused a step of %d", total, span.big(), d)
			}
			got := decimal.New(st.Next(), -prec)
			if !got.Equal(want) {
				t.Fatalf("Stepper(%d over %s) at %s = %s, want %s", total, span.big(), cum, got, want)
			}
			sum = sum.Add(got)
			c, _ := SpanOf(new(big.Int).Quo(cum, big.NewInt(1e9)).Int64(), new(big.Int).Rem(cum, big.NewInt(1e9)).Int64())
			whole, ok := MulDivRoundSpan(total, c, span)
			if !ok || !decimal.New(whole, -prec).Equal(sum) {
				t.Fatalf("MulDivRoundSpan(%d, %s, %s) = %d %v, want the rows' sum %s", total, cum, span.big(), whole, ok, sum)
			}
		}
	}
}
