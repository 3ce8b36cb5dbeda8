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

// randBits is a random integer of fewer than n bits.
func randBits(r *rand.Rand, n int) *big.Int {
	z := new(big.Int)
	for i := 0; i < n; i += 64 {
		z.Lsh(z, 64).Or(z, new(big.Int).SetUint64(r.Uint64()))
	}
	return z.Rsh(z, uint((n+63)/64*64-n+r.IntN(2)))
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

// Property: over spans past an int64 (a validity of millennia in nanoseconds) and
// totals past one (a fee of 19 to 26 digits at the precision), the Stepper's rows and
// MulDivRoundSpan are the decimal Splitter's, for steps of a usual size and others; a
// row is refused only when it passes MaxFixed; the rows sum to the rounded total.
func TestStepperOverWideSpans(t *testing.T) {
	r := rand.New(rand.NewPCG(45, 46))
	wide, refused, wideRows := 0, 0, 0 // totals past an int64, rows refused, rows of those totals checked
	for iter := 0; iter < 600; iter++ {
		total := randBits(r, 1+r.IntN(100))
		if r.IntN(3) == 0 {
			total.Neg(total)
		}
		tw, ok := wideOfBig(total)
		if !ok {
			t.Fatalf("%s is no Wide", total)
		}
		_, fits := tw.Int64()
		if !fits {
			wide++
		}
		prec := int32(r.IntN(4))
		span, _ := SpanOf(r.Int64N(320e9)>>r.IntN(40), r.Int64N(1e9)) // up to 10,000 years
		if r.IntN(5) == 0 {
			span = spanOfNanos(1 + r.Int64N(1e15))
		}
		if span.IsZero() {
			continue
		}
		denom := decimal.NewFromBigInt(span.big(), 0)
		w := decimal.NewFromBigInt(total, -prec)
		step := int64(86400e9) >> r.IntN(30) << r.IntN(17) // a day, or less, to 15,000 years
		st, ds := NewStepper(tw, span, step), NewSplitter(w, denom, prec)
		cum, sum := new(big.Int), decimal.Zero
		for k := 0; k < 300 && cum.Cmp(span.big()) < 0; k++ {
			d := step
			if r.IntN(4) == 0 {
				d = r.Int64N(step + 1)
			}
			rest := new(big.Int).Sub(span.big(), cum)
			if rest.IsInt64() && (k == 299 || r.IntN(60) == 0 || d > rest.Int64()) { // to the end of the span
				d = rest.Int64()
			}
			cum.Add(cum, big.NewInt(d))
			want := ds.Next(decimal.NewFromBigInt(cum, 0))
			if !st.Add(uint64(d)) {
				t.Fatalf("Stepper(%s over %s) refused a step of %d", total, span.big(), d)
			}
			row, ok := st.Next()
			if !ok {
				if want.Shift(prec).Abs().Cmp(decimal.New(MaxFixed, 0)) <= 0 {
					t.Fatalf("Stepper(%s over %s) at %s refused row %s", total, span.big(), cum, want)
				}
				refused++
				break
			}
			got := decimal.New(row, -prec)
			if !got.Equal(want) {
				t.Fatalf("Stepper(%s over %s) at %s = %s, want %s", total, span.big(), cum, got, want)
			}
			sum = sum.Add(got)
			if !fits {
				wideRows++
			}
			c, _ := SpanOf(new(big.Int).Quo(cum, big.NewInt(1e9)).Int64(), new(big.Int).Rem(cum, big.NewInt(1e9)).Int64())
			whole, ok := MulDivRoundSpan(tw, c, span)
			if !ok || !whole.Dec(-prec).Equal(sum) {
				t.Fatalf("MulDivRoundSpan(%s, %s, %s) = %s %v, want the rows' sum %s", total, cum, span.big(), whole.Dec(-prec), ok, sum)
			}
		}
	}
	if wide < 150 || refused == 0 || wideRows < 1000 {
		t.Errorf("%d totals past an int64 (%d of their rows checked), %d rows refused: want many, many and some", wide, wideRows, refused)
	}
}

// Property: WideOf, Sub, Int64 and Dec are big.Int's, for coefficients of up to 126
// bits; wider ones are refused.
func TestWide(t *testing.T) {
	r := rand.New(rand.NewPCG(47, 48))
	for iter := 0; iter < 50000; iter++ {
		x := randBits(r, 1+r.IntN(128))
		if r.IntN(2) == 0 {
			x.Neg(x)
		}
		exp := -int32(r.IntN(9))
		w, ok := WideOf(decimal.NewFromBigInt(x, exp), exp)
		if ok != (x.BitLen() <= 126) {
			t.Fatalf("WideOf(%s): ok %v", x, ok)
		}
		if !ok {
			continue
		}
		if w.big().Cmp(x) != 0 || !w.Dec(exp).Equal(decimal.NewFromBigInt(x, exp)) {
			t.Fatalf("WideOf(%s) = %s", x, w.big())
		}
		if c, fits := w.Int64(); fits != (x.IsInt64() && x.Int64() <= MaxFixed && x.Int64() >= -MaxFixed) || fits && c != x.Int64() {
			t.Fatalf("%s.Int64() = %d %v", x, c, fits)
		}
		y := randBits(r, 1+r.IntN(126))
		wy, _ := wideOfBig(y)
		d, ok := w.Sub(wy)
		want := new(big.Int).Sub(x, y)
		if ok != (want.BitLen() <= 126) || ok && d.big().Cmp(want) != 0 {
			t.Fatalf("%s − %s = %s %v, want %s", x, y, d.big(), ok, want)
		}
	}
	if _, ok := WideOf(decimal.New(1, -3), -2); ok {
		t.Error("WideOf accepted another exponent")
	}
}

// Wide.Add is exact in 126 bits, whatever the signs, and refuses a sum past them; a
// zero is never negative.
func TestWideAdd(t *testing.T) {
	big126 := new(big.Int).Lsh(big.NewInt(1), 126)
	top, _ := wideOfBig(new(big.Int).Sub(big126, big.NewInt(1)))
	for _, tc := range []struct {
		a, b *big.Int
		ok   bool
	}{
		{big.NewInt(5), big.NewInt(7), true},
		{big.NewInt(-5), big.NewInt(-7), true},
		{big.NewInt(-5), big.NewInt(7), true},
		{big.NewInt(5), big.NewInt(-7), true},
		{big.NewInt(-5), big.NewInt(5), true},
		{big.NewInt(0), big.NewInt(-3), true},
		{new(big.Int).Lsh(big.NewInt(1), 100), new(big.Int).Lsh(big.NewInt(1), 100), true},
		{new(big.Int).Neg(new(big.Int).Lsh(big.NewInt(3), 120)), big.NewInt(1), true},
		{top.big(), big.NewInt(1), false},
		{new(big.Int).Neg(top.big()), big.NewInt(-1), false},
	} {
		a, _ := wideOfBig(tc.a)
		b, _ := wideOfBig(tc.b)
		got, ok := a.Add(b)
		want := new(big.Int).Add(tc.a, tc.b)
		if ok != tc.ok || ok && (got.big().Cmp(want) != 0 || got.IsZero() && got.neg) {
			t.Errorf("%v + %v = %v, %v; want %v, %v", tc.a, tc.b, got.big(), ok, want, tc.ok)
		}
	}
}
