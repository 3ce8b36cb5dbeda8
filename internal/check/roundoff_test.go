package check

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// roundOff gives what decimal's Round and Sub give, for every coefficient up to 18
// digits, either sign, and every exponent past the precision: the rounded coefficient,
// and whether the amount is at the precision, within noise of it, or further.
func TestRoundOffAsDecimals(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	coef := func() int64 {
		digits := 1 + rng.IntN(18)
		c := rng.Int64N(int64(pow10(digits)))
		switch rng.IntN(4) { // amounts that end in zeros or fives, at and around the cut
		case 0:
			c -= c % 1000
		case 1:
			c = c - c%1000 + 500
		case 2:
			c = c - c%1_000_000_000 + rng.Int64N(3) - 1
		}
		if rng.IntN(2) == 0 {
			c = -c
		}
		return c
	}
	checked := map[int]int{}
	for range 200_000 {
		prec := int32(rng.IntN(5))
		d := decimal.New(coef(), -prec-1-int32(rng.IntN(19)))
		q, off, ok := roundOff(d, prec)
		rounded := d.Round(prec)
		wantOff := offMore
		switch {
		case rounded.Equal(d):
			wantOff = offNone
		case d.Sub(rounded).Abs().Cmp(noise) <= 0:
			wantOff = offNoise
		}
		if !ok {
			if d.NumDigits() <= 18 && -prec-d.Exponent() <= 18 {
				t.Fatalf("%s at %d: not done in int64s", d, prec)
			}
			continue
		}
		checked[off]++
		if rounded.Exponent() != -prec || !rounded.Coefficient().IsInt64() || rounded.Coefficient().Int64() != q || off != wantOff {
			t.Fatalf("%s at %d decimals: %d·10^-%d, off %d; want %s, off %d", d, prec, q, prec, off, rounded, wantOff)
		}
	}
	for _, off := range []int{offNone, offNoise, offMore} {
		if checked[off] < 1000 {
			t.Errorf("only %d amounts %d off: %v", checked[off], off, checked)
		}
	}
}

func pow10(n int) uint64 {
	p := uint64(1)
	for range n {
		p *= 10
	}
	return p
}
