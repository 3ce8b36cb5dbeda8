package model

import (
	"math"
	"math/bits"

	"github.com/shopspring/decimal"
)

// Amount is an exact decimal kept compactly (records' quantities, the ledger's amounts): coef·10^exp when the
// coefficient fits 64 bits (no allocation, nothing for the collector to follow), else
// the decimal itself. Its value and exponent are those the decimal arithmetic gives.
type Amount struct {
	c   int64
	e   int32
	big *decimal.Decimal // non-nil: the value (c and e unused)
}

// NewAmount returns coef·10^exp.
func NewAmount(coef int64, exp int32) Amount { return Amount{c: coef, e: exp} }

// AmountOf returns d as an Amount.
func AmountOf(d decimal.Decimal) Amount {
	if d.NumDigits() <= 18 {
		return Amount{c: d.CoefficientInt64(), e: d.Exponent()}
	}
	return Amount{big: &d}
}

// Dec returns the amount as a decimal.
func (a Amount) Dec() decimal.Decimal {
	if a.big != nil {
		return *a.big
	}
	if a.c == 0 && a.e == 0 {
		return decimal.Zero
	}
	return decimal.New(a.c, a.e)
}

// Parts returns coef and exp with a = coef·10^exp, when the coefficient fits 64 bits.
func (a Amount) Parts() (coef int64, exp int32, ok bool) {
	return a.c, a.e, a.big == nil
}

// Sign is -1, 0 or 1.
func (a Amount) Sign() int {
	switch {
	case a.big != nil:
		return a.big.Sign()
	case a.c < 0:
		return -1
	case a.c > 0:
		return 1
	}
	return 0
}

// IsZero reports whether the amount is zero.
func (a Amount) IsZero() bool { return a.Sign() == 0 }

// String prints the amount as decimal.Decimal.String does.
func (a Amount) String() string { return a.Dec().String() }

// Sub is a - b, with the exponent decimal.Sub gives (the smaller of the two).
func (a Amount) Sub(b Amount) Amount {
	if a.big == nil && b.big == nil {
		x, y, e := a.c, b.c, a.e
		ok := true
		switch {
		case a.e < b.e:
			y, ok = mulPow10(y, b.e-a.e)
		case a.e > b.e:
			x, ok = mulPow10(x, a.e-b.e)
			e = b.e
		}
		// x - y overflows only when the signs differ and the result's differs from x's.
		if d := x - y; ok && ((x >= 0) == (y >= 0) || (d >= 0) == (x >= 0)) {
			return Amount{c: d, e: e}
		}
	}
	return AmountOf(a.Dec().Sub(b.Dec()))
}

// pow10s[n] = 10^n for n ≤ 19 (the largest power of ten in a uint64).
var pow10s = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// mulPow10 is c·10^n for 0 < n; ok is false on overflow.
func mulPow10(c int64, n int32) (int64, bool) {
	if n >= int32(len(pow10s)) {
		return 0, c == 0
	}
	neg := c < 0
	u := uint64(c)
	if neg {
		u = -u
	}
	hi, lo := bits.Mul64(u, pow10s[n])
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(lo), true
	}
	return int64(lo), true
}

// MulRound is round(a × price, places) rounded half away from zero, as
// a.Dec().Mul(price).Round(places) gives it (exponent -places).
func (a Amount) MulRound(price decimal.Decimal, places int32) Amount {
	if a.big == nil && a.c >= 0 && price.Sign() >= 0 && price.NumDigits() <= 18 && places >= 0 && places <= 18 {
		hi, p := bits.Mul64(uint64(a.c), uint64(price.CoefficientInt64()))
		e := a.e + price.Exponent()
		if hi == 0 && p <= math.MaxInt64 {
			switch k := -places - e; {
			case k <= 0:
				if c, ok := mulPow10(int64(p), -k); ok {
					return Amount{c: c, e: -places}
				}
			case k < int32(len(pow10s)):
				d := pow10s[k]
				q, r := p/d, p%d
				if r >= d-r { // r ≥ d/2, exactly
					q++
				}
				return Amount{c: int64(q), e: -places}
			default:
				return Amount{c: 0, e: -places}
			}
		}
	}
	return AmountOf(a.Dec().Mul(price).Round(places))
}
