package replay

import (
	"math"
	"math/big"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
)

// qty is the replay's working quantity: an exact decimal ±m·10^e with a 128-bit
// magnitude m, or, when that does not hold it (past 38 digits), the decimal as an Amount
// (big). Add, Sub and Cmp follow decimal.Decimal exactly, exponent included (a sum or
// difference takes the smaller exponent), so that dec() materializes the very value the
// decimal arithmetic would have produced; an operation that would overflow is done on
// decimals instead. It holds no pointer: the periods' and windows' running state, stored
// at every deduction, is plain words. (Each value past 38 digits made here is a new
// entry in the Amount table, which only grows: inputs hold 18 integer digits at most,
// so only chains of unit conversions could get there.)
type qty struct {
	m u128
	h uint64 // the exponent e in the low 32 bits; qtyNeg, qtyBig
	a Amount // with big
}

// qty's flags in h. (Three fields of at most four words: the compiler keeps a qty in
// registers instead of building and copying it in memory.)
const (
	qtyNeg = 1 << 32
	qtyBig = 1 << 33 // m, neg and e unused; a holds the value
)

// mkQty is ±m·10^e.
func mkQty(m u128, neg bool, e int32) qty {
	h := uint64(uint32(e))
	if neg {
		h |= qtyNeg
	}
	return qty{m: m, h: h}
}

// bigQty is the value of a, past 38 digits.
func bigQty(a Amount) qty { return qty{h: qtyBig, a: a} }

func (q qty) e() int32  { return int32(uint32(q.h)) }
func (q qty) neg() bool { return q.h&qtyNeg != 0 }
func (q qty) big() bool { return q.h&qtyBig != 0 }

// qtyOf returns d as a qty.
func qtyOf(d decimal.Decimal) qty {
	switch n := d.NumDigits(); {
	case n <= 18:
		c := d.CoefficientInt64()
		return mkQty(u128{lo: uint64(absI(c))}, c < 0, d.Exponent())
	case n <= 38:
		c := d.Coefficient()
		neg := c.Sign() < 0
		c.Abs(c)
		lo := new(big.Int).And(c, new(big.Int).SetUint64(math.MaxUint64)).Uint64()
		return mkQty(u128{hi: c.Rsh(c, 64).Uint64(), lo: lo}, neg, d.Exponent())
	}
	return bigQty(model.AmountOf(d))
}

// qtyOfAmount returns a as a qty (a itself when its decimal is past 38 digits: no new
// entry in the Amount table).
func qtyOfAmount(a Amount) qty {
	if c, z, e, ok := a.Scaled(); ok { // coefficient c·10^z
		if m, ok := (u128{lo: absI(c)}).mulPow10(int64(z)); ok {
			return mkQty(m, c < 0, e)
		}
	}
	d := a.Dec()
	if d.NumDigits() > 38 {
		return bigQty(a)
	}
	return qtyOf(d)
}

func absI(c int64) uint64 {
	if c < 0 {
		return -uint64(c)
	}
	return uint64(c)
}

// zeros[i] is 0·10^(minZeroExp+i): zero results keep their exponent, and share these
// (never modified) decimals instead of allocating one each.
var zeros = func() (z [64]decimal.Decimal) {
	for i := range z {
		z[i] = decimal.New(0, int32(minZeroExp+i))
	}
	return z
}()

const minZeroExp = -40

// dec returns the value as a decimal (a new one, but for zeros and values past 38
// digits). Zero with exponent 0 is decimal.Zero.
func (q qty) dec() decimal.Decimal {
	switch {
	case q.big():
		return q.a.Dec()
	case q.m.isZero():
		if q.e() == 0 {
			return decimal.Zero
		}
		if i := int(q.e()) - minZeroExp; i >= 0 && i < len(zeros) {
			return zeros[i]
		}
		return decimal.New(0, q.e())
	case q.m.hi == 0 && q.m.lo <= math.MaxInt64:
		c := int64(q.m.lo)
		if q.neg() {
			c = -c
		}
		return decimal.New(c, q.e())
	}
	c := new(big.Int).SetUint64(q.m.hi)
	c.Lsh(c, 64).Or(c, new(big.Int).SetUint64(q.m.lo))
	if q.neg() {
		c.Neg(c)
	}
	return decimal.NewFromBigInt(c, q.e())
}

func (q qty) sign() int {
	switch {
	case q.big():
		return q.a.Sign()
	case q.m.isZero():
		return 0
	case q.neg():
		return -1
	}
	return 1
}

func (q qty) isZero() bool { return q.sign() == 0 }

// align returns the magnitudes of a and b at the smaller exponent; ok is false on
// overflow or a big value.
func align(a, b qty) (x, y u128, e int32, ok bool) {
	if a.big() || b.big() {
		return x, y, 0, false
	}
	switch {
	case a.e() == b.e():
		return a.m, b.m, a.e(), true
	case a.e() < b.e():
		y, ok = b.m.mulPow10(int64(b.e()) - int64(a.e()))
		return a.m, y, a.e(), ok
	}
	x, ok = a.m.mulPow10(int64(a.e()) - int64(b.e()))
	return x, b.m, b.e(), ok
}

// plus is ±x + ±y; ok is false on overflow.
func plus(x u128, xneg bool, y u128, yneg bool) (u128, bool, bool) {
	if xneg == yneg {
		s, ok := x.add(y)
		return s, xneg && !s.isZero(), ok
	}
	if x.cmp(y) >= 0 {
		d := x.sub(y)
		return d, xneg && !d.isZero(), true
	}
	return y.sub(x), yneg, true
}

func (q qty) add(b qty) qty {
	if !q.big() && !b.big() && q.e() == b.e() && q.neg() == b.neg() { // the common case, inlined
		if m, ok := q.m.add(b.m); ok {
			return mkQty(m, q.neg() && !m.isZero(), q.e())
		}
	}
	return q.plus(b, false)
}

func (q qty) sub(b qty) qty { return q.plus(b, true) }

// plus is q + b, or q - b when minus.
func (q qty) plus(b qty, minus bool) qty {
	if x, y, e, ok := align(q, b); ok {
		switch {
		case y.isZero() && e == q.e():
			return q // the same value and exponent
		case x.isZero() && e == b.e() && !minus:
			return b
		}
		if m, neg, ok := plus(x, q.neg(), y, b.neg() != minus); ok {
			return mkQty(m, neg, e)
		}
	}
	if minus {
		return qtyOf(q.dec().Sub(b.dec()))
	}
	return qtyOf(q.dec().Add(b.dec()))
}

func (q qty) cmp(b qty) int {
	x, y, _, ok := align(q, b)
	if !ok {
		return q.dec().Cmp(b.dec())
	}
	sx, sy := q.sign(), b.sign()
	switch {
	case sx != sy:
		if sx < sy {
			return -1
		}
		return 1
	case sx < 0:
		return y.cmp(x)
	}
	return x.cmp(y)
}
