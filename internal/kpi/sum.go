package kpi

import (
	"math"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/shopspring/decimal"
)

// Sum adds decimals exactly: an int64 coefficient at the smallest exponent met while
// it fits (the common case: no allocation), a decimal.Decimal from then on. The zero
// Sum is zero.
type Sum struct {
	c   int64
	e   int32
	big bool
	d   decimal.Decimal
}

// Add adds d.
func (s *Sum) Add(d decimal.Decimal) {
	if !s.big && d.NumDigits() <= 18 && s.addParts(d.CoefficientInt64(), d.Exponent()) {
		return
	}
	s.slow(d)
}

// AddAmount adds a ledger amount.
func (s *Sum) AddAmount(a exact.Amount) {
	if c, e, ok := a.Parts(); ok && !s.big && s.addParts(c, e) {
		return
	}
	s.slow(a.Dec())
}

// AddSum adds another sum.
func (s *Sum) AddSum(o *Sum) {
	if !o.big && !s.big && s.addParts(o.c, o.e) {
		return
	}
	s.slow(o.Value())
}

// Value is the sum.
func (s *Sum) Value() decimal.Decimal {
	if s.big {
		return s.d
	}
	return decimal.New(s.c, s.e)
}

func (s *Sum) slow(d decimal.Decimal) {
	if !s.big {
		s.d, s.big = s.Value(), true
	}
	s.d = s.d.Add(d)
}

// maxCoef bounds the fixed coefficient so that a sum of two never overflows.
const maxCoef = math.MaxInt64 / 2

// addParts adds c·10^e in fixed point; false (nothing added) when it does not fit.
func (s *Sum) addParts(c int64, e int32) bool {
	if c == 0 {
		return true
	}
	if s.c == 0 {
		s.e = e
	}
	to := min(s.e, e)
	a, ok1 := scale(s.c, s.e-to)
	b, ok2 := scale(c, e-to)
	if !ok1 || !ok2 || a+b > maxCoef || a+b < -maxCoef {
		return false
	}
	s.c, s.e = a+b, to
	return true
}

// scale is c·10^n for n ≥ 0, false past ±maxCoef.
func scale(c int64, n int32) (int64, bool) {
	for ; n > 0; n-- {
		if c > maxCoef/10 || c < -maxCoef/10 {
			return 0, false
		}
		c *= 10
	}
	return c, true
}
