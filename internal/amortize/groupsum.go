package amortize

import (
	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/value"
)

// groupSum adds up a group's rows: the amounts, and the quantities while every row has
// one in the unit of the first (value.SameUnit: GB and GiB are one unit; unit is the first
// row's unit as written).
// Its sums spill into the groupTable's big sums when they outgrow an int64.
type groupSum struct {
	amt, qty groupAmount
	rows     int
	unit     string
	qtyValid bool
}

// add adds b, its amounts ex when OK (the sums are those of their decimals).
func (s *groupSum) add(b *Bill, ex *Exact, big *[]exact.QtySum) {
	s.rows++
	if ex.OK {
		s.amt.addAmount(ex.Amount, big)
	} else {
		s.amt.add(b.Amount, big)
	}
	if !s.qtyValid {
		return
	}
	if !b.Quantity.Valid || (b.Unit != s.unit && !value.SameUnit(b.Unit, s.unit)) {
		s.qtyValid = false
		return
	}
	if ex.OK {
		s.qty.addAmount(ex.Quantity, big)
	} else {
		s.qty.add(b.Quantity.Decimal, big)
	}
}

// groupAmount is an exact.QtySum that something was added to, in 16 bytes rather than
// 48 (a listing may hold millions of groups, two sums each): its coefficient and
// exponent while the coefficient fits, as QtySum holds them; past that (big > 0) the
// QtySum big-1 of the groupTable's big sums, which goes on from that value. Its value is
// QtySum's, exponent included.
type groupAmount struct {
	c   int64
	exp int32
	big int32
}

func (a *groupAmount) add(d decimal.Decimal, big *[]exact.QtySum) {
	if a.big == 0 {
		if c, ok := exact.CoefOf(d); ok && a.addParts(c, d.Exponent()) {
			return
		}
		a.spill(big)
	}
	(*big)[a.big-1].Add(d)
}

func (a *groupAmount) addAmount(x exact.Amount, big *[]exact.QtySum) {
	if a.big == 0 {
		if c, e, ok := x.Parts(); ok && a.addParts(c, e) {
			return
		}
		a.spill(big)
	}
	(*big)[a.big-1].AddAmount(x)
}

// addParts adds dc·10^de as QtySum does in its int64; false when the sum would not fit.
func (a *groupAmount) addParts(dc int64, de int32) bool {
	e := min(a.exp, de)
	c1, ok1 := exact.Scale10(a.c, a.exp-e)
	c2, ok2 := exact.Scale10(dc, de-e)
	if ok1 && ok2 && c1+c2 <= exact.MaxFixed && c1+c2 >= -exact.MaxFixed {
		a.c, a.exp = c1+c2, e
		return true
	}
	return false
}

// spill moves the sum into a new QtySum of big: one holding c·10^exp, as a QtySum that
// was given what a was holds it (its exponent is at most 0, so adding it to an empty
// QtySum keeps it as is).
func (a *groupAmount) spill(big *[]exact.QtySum) {
	var q exact.QtySum
	q.AddCoef(a.c, a.exp)
	*big = append(*big, q)
	a.big = int32(len(*big))
}

// amount is the sum.
func (a *groupAmount) amount(big []exact.QtySum) exact.Amount {
	if a.big > 0 {
		return big[a.big-1].Amount()
	}
	return exact.NewAmount(a.c, a.exp)
}
