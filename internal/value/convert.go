package value

import (
	"math/big"

	"github.com/shopspring/decimal"
)

// convPlaces is the number of decimal places a non-exact conversion is rounded to.
const convPlaces = 18

// Conversion turns a quantity in one unit into another unit of the same family by the
// exact ratio num/den. The zero Conversion is the identity.
type Conversion struct {
	num, den decimal.Decimal
	scaled   bool // false: identity
	whole    bool // den == 1: the product is exact
}

// NewConversion returns the conversion from unit from to unit to, and false when they do
// not convert: different families, different opaque names, a different number of
// factors, or an unparsable unit. Products convert factor by factor in the same order
// ("GB*hour" → "MB*minute" multiplies by 1024·60; "hour*GB" does not convert to
// "GB*hour").
func NewConversion(from, to string) (Conversion, bool) {
	uf, err := ParseUnit(from)
	if err != nil {
		return Conversion{}, false
	}
	ut, err := ParseUnit(to)
	if err != nil || uf.n != ut.n {
		return Conversion{}, false
	}
	num, den := big.NewInt(1), big.NewInt(1)
	for i := 0; i < int(uf.n); i++ {
		a, b := uf.f[i], ut.f[i]
		if a.fam != b.fam || (a.fam == famOpaque && a.name != b.name) {
			return Conversion{}, false
		}
		if a.fam != famOpaque {
			num.Mul(num, new(big.Int).SetUint64(a.scale))
			den.Mul(den, new(big.Int).SetUint64(b.scale))
		}
	}
	g := new(big.Int).GCD(nil, nil, num, den)
	num.Quo(num, g)
	den.Quo(den, g)
	if num.Cmp(den) == 0 {
		return Conversion{}, true
	}
	return Conversion{
		num:    decimal.NewFromBigInt(num, 0),
		den:    decimal.NewFromBigInt(den, 0),
		scaled: true,
		whole:  den.IsInt64() && den.Int64() == 1,
	}, true
}

// Identity reports whether the conversion leaves every quantity unchanged.
func (c Conversion) Identity() bool { return !c.scaled }

// Apply converts q: q·num/den, exact when den is 1, otherwise rounded half away from zero
// to 18 decimal places. The identity returns q itself.
func (c Conversion) Apply(q decimal.Decimal) decimal.Decimal {
	switch {
	case !c.scaled:
		return q
	case c.whole:
		return q.Mul(c.num)
	}
	return q.Mul(c.num).DivRound(c.den, convPlaces)
}
