package replay

import (
	"math"

	"github.com/pkgctl/pkgctl/internal/model"
)

// Amount is the ledger's exact decimal (model.Amount).
type Amount = model.Amount

// amountOf returns q as an Amount.
func amountOf(q qty) Amount {
	if !q.big && q.m.hi == 0 && q.m.lo <= math.MaxInt64 {
		c := int64(q.m.lo)
		if q.neg {
			c = -c
		}
		return model.NewAmount(c, q.e)
	}
	return model.AmountOf(q.dec())
}
