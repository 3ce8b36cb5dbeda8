package replay

import (
	"math"

	"github.com/pkgctl/pkgctl/internal/model"
)

// Amount is the ledger's exact decimal (model.Amount).
type Amount = model.Amount

// amountOf returns q as an Amount, packed when q's magnitude is a 63-bit number times
// a power of ten (a unit conversion's 17.624 at exponent -18 is 17624·10^15).
func amountOf(q qty) Amount {
	if q.big() {
		return q.a
	}
	m, z := q.m, int32(0)
	for m.hi != 0 || m.lo > math.MaxInt64 {
		d, r := m.divMod(10)
		if r != 0 {
			return model.AmountOf(q.dec())
		}
		m, z = d, z+1
	}
	c := int64(m.lo)
	if q.neg() {
		c = -c
	}
	return model.NewAmountScaled(c, z, q.e())
}
