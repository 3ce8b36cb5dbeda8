package replay

import (
	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/value"
)

// qconv is a unit conversion (value.Conversion) on exact.Qty: the identity for free, a whole
// factor or the inverse of one in integers when exact, the decimal conversion otherwise.
type qconv struct {
	c        value.Conversion
	ok       bool
	num, den uint64 // num > 1, den == 1: ·num; num == 1, den > 1: DivRound(den, 18); 0: use c
}

// convPlaces is value.Conversion's rounding precision for a fractional ratio.
const convPlaces = 18

func newQconv(from, to string) qconv {
	c, ok := value.NewConversion(from, to)
	q := qconv{c: c, ok: ok}
	if !ok || c.Identity() {
		return q
	}
	if n, ok := wholeFactor(c); ok {
		q.num, q.den = n, 1
	} else if back, ok := value.NewConversion(to, from); ok && !back.Identity() {
		if d, ok := wholeFactor(back); ok {
			q.num, q.den = 1, d
		}
	}
	return q
}

// wholeFactor is the factor of a conversion that multiplies by a whole number (its
// image of 1 is an integer with exponent 0, as value.Conversion gives only then).
func wholeFactor(c value.Conversion) (uint64, bool) {
	n := c.Apply(decimal.New(1, 0))
	if n.Exponent() != 0 || n.Sign() <= 0 || n.NumDigits() > 18 {
		return 0, false
	}
	return uint64(n.CoefficientInt64()), true
}

// apply is c.Apply(q), with the same result and exponent: q·num (exponent kept), or
// q/den rounded half away from zero to convPlaces (exponent -convPlaces).
func (cv *qconv) apply(q exact.Qty) exact.Qty {
	switch {
	case cv.c.Identity():
		return q
	case cv.num == 0:
	case cv.den == 1:
		if r, ok := q.MulWhole(cv.num); ok {
			return r
		}
	default:
		if r, ok := q.DivRoundWhole(cv.den, convPlaces); ok {
			return r
		}
	}
	return exact.QtyOf(cv.c.Apply(q.Dec()))
}
