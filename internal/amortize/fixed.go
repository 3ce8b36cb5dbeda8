package amortize

import (
	"math"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/replay"
)

// maxFixed bounds the int64 coefficients the fixed-point paths accept, so that a row plus
// a remainder (each at most twice the total) never overflows.
const maxFixed = math.MaxInt64 / 4

// fixedOf returns d's coefficient when d has exponent exp and a coefficient within
// ±maxFixed.
func fixedOf(d decimal.Decimal, exp int32) (int64, bool) {
	if d.Exponent() != exp {
		return 0, false
	}
	if d.NumDigits() > 18 { // < 10^18: fits an int64
		return 0, false
	}
	c := d.CoefficientInt64()
	return c, c <= maxFixed && c >= -maxFixed
}

// amounts builds decimals of exponent exp from coefficients, sharing one value per small
// coefficient (decimals are immutable): most daily rows repeat a few amounts. The shared
// values live in pages of 1024, built on first use.
type amounts struct {
	exp   int32
	pages [(smallNeg + smallPos) / 1024]*amountPage
}

type amountPage struct {
	d     [1024]decimal.Decimal
	built [1024]bool
}

const (
	smallNeg = 1 << 10
	smallPos = 1 << 16
)

func newAmounts(exp int32) *amounts { return &amounts{exp: exp} }

func (a *amounts) of(c int64) decimal.Decimal {
	if c < -smallNeg || c >= smallPos {
		return decimal.New(c, a.exp)
	}
	i := int(c + smallNeg)
	p := a.pages[i/1024]
	if p == nil {
		p = new(amountPage)
		a.pages[i/1024] = p
	}
	if k := i % 1024; !p.built[k] {
		p.d[k], p.built[k] = decimal.New(c, a.exp), true
	}
	return p.d[i%1024]
}

// decSum is Decimal{}.Add(x1).Add(x2)… exactly (value and exponent), adding
// coefficients of exponent exp in an int64 and everything else as decimals.
type decSum struct {
	exp  int32
	fast int64
	nf   int
	slow decimal.Decimal
}

func (s *decSum) addFixed(c int64) {
	if c > maxFixed || c < -maxFixed {
		s.add(decimal.New(c, s.exp))
		return
	}
	sum := s.fast + c // both within ±maxFixed: no overflow
	if sum > maxFixed || sum < -maxFixed {
		s.flush()
		sum = c
	}
	s.fast, s.nf = sum, s.nf+1
}

func (s *decSum) add(d decimal.Decimal) { s.slow = s.slow.Add(d) }

func (s *decSum) flush() {
	if s.nf > 0 {
		s.slow = s.slow.Add(decimal.New(s.fast, s.exp))
	}
	s.fast, s.nf = 0, 0
}

// value is the sum.
func (s *decSum) value() decimal.Decimal {
	s.flush()
	return s.slow
}

// coefOf is d's coefficient when it fits an int64 (checked without allocating).
func coefOf(d decimal.Decimal) (int64, bool) {
	if d.NumDigits() > 18 {
		return 0, false
	}
	return d.CoefficientInt64(), true
}

// scale10 is c×10^k (k ≥ 0) when it stays within ±maxFixed.
func scale10(c int64, k int32) (int64, bool) {
	for ; k > 0; k-- {
		if c > maxFixed/10 || c < -maxFixed/10 {
			return 0, false
		}
		c *= 10
	}
	return c, c <= maxFixed && c >= -maxFixed
}

// mulDivRound is round(a×b/d) half away from zero, for b ≥ 0 and d > 0, in 128 bits.
func mulDivRound(a, b, d int64) (int64, bool) {
	if b < 0 || d <= 0 {
		return 0, false
	}
	ua := uint64(a)
	if a < 0 {
		ua = -ua
	}
	q, r, ok := mulDiv(ua, uint64(b), uint64(d))
	if !ok {
		return 0, false
	}
	if r >= uint64(d)-r { // 2r ≥ d without overflow
		q++
	}
	if q > maxFixed {
		return 0, false
	}
	if a < 0 {
		return -int64(q), true
	}
	return int64(q), true
}

// qtySum is Decimal{}.Add(x1).Add(x2)… exactly (value and exponent, the least of 0 and
// the x's): an int64 coefficient while it fits, a decimal after.
type qtySum struct {
	c    int64
	exp  int32
	n    int
	big  bool
	slow decimal.Decimal
}

func (s *qtySum) add(d decimal.Decimal) {
	if dc, ok := coefOf(d); !ok || !s.addParts(dc, d.Exponent()) {
		s.addSlow(d)
	}
}

// addAmount adds a ledger amount.
func (s *qtySum) addAmount(a replay.Amount) {
	if c, e, ok := a.Parts(); !ok || !s.addParts(c, e) {
		s.addSlow(a.Dec())
	}
}

// addParts adds dc·10^de in fixed point; false when the sum is (or would become) big.
func (s *qtySum) addParts(dc int64, de int32) bool {
	if s.big {
		return false
	}
	e := min(s.exp, de)
	c1, ok1 := scale10(s.c, s.exp-e)
	c2, ok2 := scale10(dc, de-e)
	if ok1 && ok2 && c1+c2 <= maxFixed && c1+c2 >= -maxFixed {
		s.c, s.exp, s.n = c1+c2, e, s.n+1
		return true
	}
	return false
}

// addSlow adds d in decimals.
func (s *qtySum) addSlow(d decimal.Decimal) {
	if !s.big {
		s.slow, s.big = s.value(), true
	}
	s.slow = s.slow.Add(d)
}

// value is the sum.
func (s *qtySum) value() decimal.Decimal {
	switch {
	case s.big:
		return s.slow
	case s.n == 0:
		return decimal.Decimal{}
	}
	return decimal.New(s.c, s.exp)
}
