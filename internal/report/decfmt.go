package report

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// Fast paths for printing decimals: shopspring formats through math/big, which costs
// more than the rest of a CSV row. A decimal whose coefficient has at most 18 digits is
// printed here with integer arithmetic only; anything else falls back to shopspring.

// pow10 holds 10^0 … 10^18, the powers that fit an int64.
var pow10 = func() (p [19]int64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// appendScaled appends the fixed-point number c × 10^-scale (scale ≥ 0) with exactly
// scale decimals: appendScaled(b, 260, 2) = "2.60", appendScaled(b, -5, 2) = "-0.05".
func appendScaled(b []byte, c int64, scale int) []byte {
	if c < 0 {
		b = append(b, '-')
		c = -c // |c| < 10^18 here
	}
	var tmp [20]byte
	digits := strconv.AppendInt(tmp[:0], c, 10)
	if scale == 0 {
		return append(b, digits...)
	}
	if len(digits) <= scale {
		b = append(b, '0', '.')
		for i := len(digits); i < scale; i++ {
			b = append(b, '0')
		}
		return append(b, digits...)
	}
	n := len(digits) - scale
	b = append(append(b, digits[:n]...), '.')
	return append(b, digits[n:]...)
}

// smallParts returns d as c × 10^exp with |c| < 10^18.
func smallParts(d decimal.Decimal) (c int64, exp int32, ok bool) {
	if d.NumDigits() > 18 { // cheap when the coefficient fits an int64
		return 0, 0, false
	}
	return d.CoefficientInt64(), d.Exponent(), true
}

// fitsShift reports whether c × 10^shift stays below 10^18 in magnitude.
func fitsShift(c int64, shift int32) bool {
	if shift < 0 || shift > 18 {
		return false
	}
	if c < 0 {
		c = -c
	}
	return c < pow10[18-shift]
}

// below18Digits reports whether |c| < 10^18, the coefficients the fast paths print.
func below18Digits(c int64) bool { return c > -pow10[18] && c < pow10[18] }

// appendFixed appends d.StringFixed(prec) to b.
func appendFixed(b []byte, d decimal.Decimal, prec int32) []byte {
	if c, exp, ok := smallParts(d); ok {
		if out, ok := appendFixedParts(b, c, exp, prec); ok {
			return out
		}
	}
	return append(b, d.StringFixed(prec)...) // rounding or large: shopspring
}

// appendFixedParts appends (c × 10^exp).StringFixed(prec) to b when that needs neither
// rounding nor more than 18 digits; ok is false (b unchanged) otherwise.
func appendFixedParts(b []byte, c int64, exp, prec int32) ([]byte, bool) {
	if !below18Digits(c) || prec < 0 || prec > 18 || exp < -prec || !fitsShift(c, exp+prec) {
		return b, false
	}
	return appendScaled(b, c*pow10[exp+prec], int(prec)), true
}

// appendNormalized appends d.String() (no exponent, no trailing zeros) to b.
func appendNormalized(b []byte, d decimal.Decimal) []byte {
	if c, exp, ok := smallParts(d); ok {
		if out, ok := appendNormalizedParts(b, c, exp); ok {
			return out
		}
	}
	return append(b, d.String()...)
}

// appendNormalizedParts appends (c × 10^exp).String() to b when |c| < 10^18 and the
// result needs at most 18 digits; ok is false (b unchanged) otherwise.
func appendNormalizedParts(b []byte, c int64, exp int32) ([]byte, bool) {
	if !below18Digits(c) {
		return b, false
	}
	if c == 0 {
		return append(b, '0'), true
	}
	for exp < 0 && c%10 == 0 {
		c /= 10
		exp++
	}
	if exp >= 0 {
		if !fitsShift(c, exp) {
			return b, false
		}
		return strconv.AppendInt(b, c*pow10[exp], 10), true
	}
	if exp < -18 {
		return b, false
	}
	return appendScaled(b, c, int(-exp)), true
}
