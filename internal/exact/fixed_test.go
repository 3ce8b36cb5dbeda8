package exact

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// exactText renders a decimal with its exponent: the fast paths must give the same
// value and the same representation as the decimal ones.
func exactText(d decimal.Decimal) string { return fmt.Sprintf("%se%d", d.Coefficient(), d.Exponent()) }

// Property: MulDivRound is DivRound's half-away-from-zero rounding of a×b/d, and it
// refuses rather than overflows.
func TestMulDivRoundMatchesDivRound(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for iter := 0; iter < 20000; iter++ {
		a := r.Int64N(MaxFixed) >> r.IntN(62)
		if r.IntN(2) == 0 {
			a = -a
		}
		b, d := r.Int64N(1<<62)>>r.IntN(62), 1+r.Int64N(1<<62)>>r.IntN(62)
		got, ok := MulDivRound(a, b, d)
		want := decimal.NewFromInt(a).Mul(decimal.NewFromInt(b)).DivRound(decimal.NewFromInt(d), 0)
		if !ok {
			if want.Abs().LessThanOrEqual(decimal.NewFromInt(MaxFixed / 2)) {
				t.Fatalf("MulDivRound(%d, %d, %d) refused %s", a, b, d, want)
			}
			continue
		}
		if !want.Equal(decimal.NewFromInt(got)) {
			t.Fatalf("MulDivRound(%d, %d, %d) = %d, want %s", a, b, d, got, want)
		}
	}
}

// Property: QtySum and Sum (its int64, decimal and Amount additions mixed) are a chain
// of Decimal{}.Add, value and exponent alike, and so is QtySum's Amount.
func TestSumsMatchAddChain(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 1))
	for iter := 0; iter < 2000; iter++ {
		var q QtySum
		d, a := NewSum(-2), NewSum(-2) // a: the decimals added as Amounts
		want, wantD := decimal.Decimal{}, decimal.Decimal{}
		for range r.IntN(8) {
			x := decimal.New(r.Int64N(1<<62)>>r.IntN(62)-1<<20, int32(r.IntN(7))-4)
			q.Add(x)
			want = want.Add(x)
			c := r.Int64N(MaxFixed) >> r.IntN(62)
			d.AddFixed(c)
			wantD = wantD.Add(decimal.New(c, -2))
			// and a decimal, of the Sum's exponent (in the int64 when it fits) or another
			y := decimal.New(r.Int64N(1<<62)>>r.IntN(62)-1<<20, []int32{-2, -2, -3, 0}[r.IntN(4)])
			if r.IntN(8) == 0 {
				y = y.Mul(decimal.New(1, 0).Shift(int32(r.IntN(8)))).Add(decimal.New(MaxFixed, -2)) // past an int64's
			}
			d.Add(y)
			a.AddFixed(c)
			a.AddAmount(AmountOf(y))
			wantD = wantD.Add(y)
		}
		if got := q.Value(); exactText(got) != exactText(want) {
			t.Fatalf("QtySum = %s, Add chain %s", exactText(got), exactText(want))
		}
		if got := q.Amount().Dec(); exactText(got) != exactText(want) {
			t.Fatalf("QtySum's Amount = %s, Add chain %s", exactText(got), exactText(want))
		}
		if got := d.Value(); exactText(got) != exactText(wantD) {
			t.Fatalf("Sum = %s, Add chain %s", exactText(got), exactText(wantD))
		}
		if got := a.Value(); exactText(got) != exactText(wantD) {
			t.Fatalf("Sum of Amounts = %s, Add chain %s", exactText(got), exactText(wantD))
		}
	}
}

// Property: a QtySum of parts summed apart (AddSum) is the QtySum of the whole, value and
// exponent alike, empty parts and parts past int64 included.
func TestAddSumIsTheWhole(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for iter := 0; iter < 2000; iter++ {
		var whole, merged QtySum
		for range r.IntN(5) {
			var part QtySum
			for range r.IntN(4) {
				x := decimal.New(r.Int64N(1<<62)>>r.IntN(62)-1<<20, int32(r.IntN(7))-4)
				part.Add(x)
				whole.Add(x)
			}
			merged.AddSum(&part)
		}
		if got, want := merged.Value(), whole.Value(); exactText(got) != exactText(want) {
			t.Fatalf("iter %d: parts summed %s, whole %s", iter, exactText(got), exactText(want))
		}
	}
}

// Property: the int64 splitters give exactly the rows of the decimal Splitter: Share's
// k-th of n equal shares, FixedSplitter's rows, and Stepper's rows for steps of any
// size; each set of rows sums to the rounded total.
func TestFixedSplittersMatchSplitter(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for iter := 0; iter < 3000; iter++ {
		total := r.Int64N(MaxFixed) >> r.IntN(62)
		if r.IntN(3) == 0 {
			total = -total
		}
		prec := int32(r.IntN(4))
		n := 1 + r.Int64N(400)
		w := decimal.New(total, -prec)
		sum := decimal.Zero
		for k := range n {
			got := Share(w, k, n, prec)
			s := NewSplitter(w, decimal.NewFromInt(n), prec)
			s.Next(decimal.NewFromInt(k))
			if want := s.Next(decimal.NewFromInt(k + 1)); exactText(got) != exactText(want) {
				t.Fatalf("Share(%s, %d, %d) = %s, want %s", w, k, n, exactText(got), exactText(want))
			}
			sum = sum.Add(got)
		}
		if !sum.Equal(w) {
			t.Fatalf("the %d shares of %s sum to %s", n, w, sum)
		}
		denom := 1 + r.Int64N(1<<40)>>r.IntN(40)
		step := 1 + r.Int64N(denom)
		fs, st, ds := NewFixedSplitter(total, denom), NewStepper(WideFrom(total), spanOfNanos(denom), step), NewSplitter(w, decimal.NewFromInt(denom), prec)
		stepping := true // until the Stepper no longer fits
		for cum := int64(0); cum < denom; {
			d := step
			if r.IntN(4) == 0 {
				d = r.Int64N(step + 1)
			}
			d = min(d, denom-cum)
			cum += d
			want := ds.Next(decimal.NewFromInt(cum))
			row, ok := fs.Next(cum)
			if ok && exactText(decimal.New(row, -prec)) != exactText(want) {
				t.Fatalf("FixedSplitter(%d/%d) at %d = %d, want %s", total, denom, cum, row, want)
			}
			if stepping = stepping && st.Add(uint64(d)); !stepping {
				continue
			}
			if got, ok := st.Next(); !ok || !decimal.New(got, -prec).Equal(want) {
				t.Fatalf("Stepper(%d/%d) at %d = %d, want %s", total, denom, cum, got, want)
			}
		}
	}
}

// Property: a QtySum of Amounts whose coefficients are past an int64 but end in zeros
// (a quantity converted at 18 decimals: 25·10^17·10^-18), mixed with decimals, int64
// coefficients and sums of parts, is the chain of Decimal{}.Add, value and exponent
// alike, in its Value and its Amount; and it is held in an int64 while the values' own
// digits fit there (wild: values of any size and decimals, for the result only).
func TestQtySumOfScaledAmounts(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	// at18 is m·10^-k written at exponent -18: m·10^(18-k) as its coefficient
	at18 := func(m int64, k int) decimal.Decimal {
		return decimal.NewFromBigInt(new(big.Int).Mul(big.NewInt(m), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(18-k)), nil)), -18)
	}
	for _, wild := range []bool{false, true} {
		fast := 0
		for iter := 0; iter < 3000; iter++ {
			var q, part QtySum
			want := decimal.Decimal{}
			digits, places := int64(1e9), 4 // a usage export's quantities
			if wild {
				digits, places = 1<<40, 18
			}
			for range 1 + r.IntN(10) {
				var x decimal.Decimal
				switch r.IntN(4) {
				case 0:
					x = at18(r.Int64N(digits)-digits/2, r.IntN(places+1))
					q.AddAmount(AmountOf(x))
				case 1:
					x = decimal.New(r.Int64N(digits)-digits/2, -int32(r.IntN(places+1)))
					q.Add(x)
				case 2:
					c, e := r.Int64N(digits)-digits/2, int32(r.IntN(5))-int32(r.IntN(places+1))
					x = decimal.New(c, e)
					q.AddCoef(c, e)
				default: // into a part, added whole later
					x = at18(r.Int64N(digits), r.IntN(places+1))
					part.AddAmount(AmountOf(x))
				}
				want = want.Add(x)
			}
			q.AddSum(&part) // nothing when empty
			if !q.big {
				fast++
			}
			if got := q.Value(); exactText(got) != exactText(want) {
				t.Fatalf("wild %v, iter %d: QtySum = %s, Add chain %s", wild, iter, exactText(got), exactText(want))
			}
			if got := q.Amount().Dec(); exactText(got) != exactText(want) {
				t.Fatalf("wild %v, iter %d: QtySum's Amount = %s, Add chain %s", wild, iter, exactText(got), exactText(want))
			}
			if c, e, ok := q.Fixed(); ok != !q.big || ok && !decimal.New(c, e).Equal(want) {
				t.Fatalf("wild %v, iter %d: QtySum's Fixed = %d·10^%d (%v), Add chain %s", wild, iter, c, e, ok, want)
			}
		}
		if !wild && fast != 3000 {
			t.Errorf("%d of 3000 sums held in an int64, want all", fast)
		}
	}
}
