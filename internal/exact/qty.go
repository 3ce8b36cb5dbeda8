package exact

import (
	"math"
	"math/big"

	"github.com/shopspring/decimal"
)

// Qty is the replay's working quantity: an exact decimal ±m·10^e with a 128-bit
// magnitude m, or, when that does not hold it (past 38 digits), the decimal as an Amount
// (big). Add, Sub and Cmp follow decimal.Decimal exactly, exponent included (a sum or
// difference takes the smaller exponent), so that Dec() materializes the very value the
// decimal arithmetic would have produced; an operation that would overflow is done on
// decimals instead. It holds no pointer: the periods' and windows' running state, stored
// at every deduction, is plain words. (Each value past 38 digits made here is a new
// entry in the Amount table, which only grows: inputs hold 18 integer digits at most,
// so only chains of unit conversions could get there.)
type Qty struct {
	m u128
	h uint64 // the exponent e in the low 32 bits; qtyNeg, qtyBig
	a Amount // with big
}

// Qty's flags in h. (Three fields of at most four words: the compiler keeps a Qty in
// registers instead of building and copying it in memory.)
const (
	qtyNeg = 1 << 32
	qtyBig = 1 << 33 // m, neg and e unused; a holds the value
)

// mkQty is ±m·10^e.
func mkQty(m u128, neg bool, e int32) Qty {
	h := uint64(uint32(e))
	if neg {
		h |= qtyNeg
	}
	return Qty{m: m, h: h}
}

// bigQty is the value of a, past 38 digits.
func bigQty(a Amount) Qty { return Qty{h: qtyBig, a: a} }

func (q Qty) e() int32  { return int32(uint32(q.h)) }
func (q Qty) neg() bool { return q.h&qtyNeg != 0 }
func (q Qty) big() bool { return q.h&qtyBig != 0 }

// QtyOf returns d as a Qty.
func QtyOf(d decimal.Decimal) Qty {
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
	return bigQty(AmountOf(d))
}

// QtyOfAmount returns a as a Qty (a itself when its decimal is past 38 digits: no new
// entry in the Amount table).
func QtyOfAmount(a Amount) Qty {
	if c, z, e, ok := a.Scaled(); ok { // coefficient c·10^z
		if m, ok := (u128{lo: absI(c)}).mulPow10(int64(z)); ok {
			return mkQty(m, c < 0, e)
		}
	}
	d := a.Dec()
	if d.NumDigits() > 38 {
		return bigQty(a)
	}
	return QtyOf(d)
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

// Dec returns the value as a decimal (a new one, but for zeros and values past 38
// digits). Zero with exponent 0 is decimal.Zero.
func (q Qty) Dec() decimal.Decimal {
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

// Sign is -1, 0 or 1.
func (q Qty) Sign() int {
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

// IsZero reports whether q is zero.
func (q Qty) IsZero() bool { return q.Sign() == 0 }

// align returns the magnitudes of a and b at the smaller exponent; ok is false on
// overflow or a big value.
func align(a, b Qty) (x, y u128, e int32, ok bool) {
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

// Add is q + b, as decimal.Decimal's Add gives it (value and exponent).
func (q Qty) Add(b Qty) Qty {
	if !q.big() && !b.big() && q.e() == b.e() && q.neg() == b.neg() { // the common case, inlined
		if m, ok := q.m.add(b.m); ok {
			return mkQty(m, q.neg() && !m.isZero(), q.e())
		}
	}
	return q.plus(b, false)
}

// Sub is q - b, as decimal.Decimal's Sub gives it.
func (q Qty) Sub(b Qty) Qty { return q.plus(b, true) }

// plus is q + b, or q - b when minus.
func (q Qty) plus(b Qty, minus bool) Qty {
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
		return QtyOf(q.Dec().Sub(b.Dec()))
	}
	return QtyOf(q.Dec().Add(b.Dec()))
}

// Cmp compares q and b by value: -1, 0 or 1.
func (q Qty) Cmp(b Qty) int {
	x, y, _, ok := align(q, b)
	if !ok {
		return q.Dec().Cmp(b.Dec())
	}
	sx, sy := q.Sign(), b.Sign()
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

// Amount returns q as an Amount, packed when q's magnitude is a 63-bit number times a
// power of ten (a unit conversion's 17.624 at exponent -18 is 17624·10^15).
func (q Qty) Amount() Amount {
	if q.big() {
		return q.a
	}
	m, z := q.m, int32(0)
	for m.hi != 0 || m.lo > math.MaxInt64 {
		d, r := m.divMod(10)
		if r != 0 {
			return AmountOf(q.Dec())
		}
		m, z = d, z+1
	}
	c := int64(m.lo)
	if q.neg() {
		c = -c
	}
	return NewAmountScaled(c, z, q.e())
}

// MulWhole is q·n (n > 0) with q's exponent, as decimal.Decimal's Mul by an integer
// gives it; ok is false when q is past 38 digits or the product would be.
func (q Qty) MulWhole(n uint64) (Qty, bool) {
	if q.big() {
		return Qty{}, false
	}
	m, ok := q.m.mul64(n)
	if !ok {
		return Qty{}, false
	}
	return mkQty(m, q.neg() && !m.isZero(), q.e()), true
}

// DivRoundWhole is q/d (d > 0) rounded half away from zero to places decimals
// (exponent -places), as decimal.Decimal's DivRound gives it, for q with at most places
// decimals and no positive exponent; ok is false otherwise, or on overflow.
func (q Qty) DivRoundWhole(d uint64, places int32) (Qty, bool) {
	if q.big() || q.e() < -places || q.e() > 0 {
		return Qty{}, false
	}
	m, ok := q.m.mulPow10(int64(places + q.e()))
	if ok {
		m, ok = m.divRound(d)
	}
	if !ok {
		return Qty{}, false
	}
	return mkQty(m, q.neg() && !m.isZero(), -places), true
}
