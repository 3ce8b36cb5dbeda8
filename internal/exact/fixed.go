package exact

import (
	"math"
	"math/bits"

	"github.com/shopspring/decimal"
)

// MaxFixed bounds the int64 coefficients the fixed-point paths accept, so that a row plus
// a remainder (each at most twice the total) never overflows.
const MaxFixed = math.MaxInt64 / 4

// FixedOf returns d's coefficient when d has exponent exp and a coefficient within
// ±MaxFixed.
func FixedOf(d decimal.Decimal, exp int32) (int64, bool) {
	if d.Exponent() != exp {
		return 0, false
	}
	if d.NumDigits() > 18 { // < 10^18: fits an int64
		return 0, false
	}
	c := d.CoefficientInt64()
	return c, c <= MaxFixed && c >= -MaxFixed
}

// Amounts builds decimals of exponent exp from coefficients, sharing one value per small
// coefficient (decimals are immutable): most daily rows repeat a few amounts. The shared
// values live in pages of 1024, built on first use.
type Amounts struct {
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

// NewAmounts is an empty Amounts of exponent exp.
func NewAmounts(exp int32) *Amounts { return &Amounts{exp: exp} }

// Of is c·10^exp.
func (a *Amounts) Of(c int64) decimal.Decimal {
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

// NewSum is an empty Sum of coefficients of exponent exp.
func NewSum(exp int32) Sum { return Sum{exp: exp} }

// Sum is Decimal{}.Add(x1).Add(x2)… exactly (value and exponent), adding
// coefficients of exponent exp in an int64 and everything else as decimals.
type Sum struct {
	exp  int32
	fast int64
	nf   int
	slow decimal.Decimal
}

// AddFixed adds c·10^exp.
func (s *Sum) AddFixed(c int64) {
	if c > MaxFixed || c < -MaxFixed {
		s.Add(decimal.New(c, s.exp))
		return
	}
	sum := s.fast + c // both within ±MaxFixed: no overflow
	if sum > MaxFixed || sum < -MaxFixed {
		s.flush()
		sum = c
	}
	s.fast, s.nf = sum, s.nf+1
}

// Add adds d: in the int64 when its exponent is exp and its coefficient fits.
func (s *Sum) Add(d decimal.Decimal) {
	if d.Exponent() == s.exp {
		if c, ok := CoefOf(d); ok && c <= MaxFixed && c >= -MaxFixed {
			s.AddFixed(c)
			return
		}
	}
	s.slow = s.slow.Add(d)
}

// AddAmount adds a: Add(a.Dec()), without making the decimal when a's exponent is exp.
func (s *Sum) AddAmount(a Amount) {
	if c, e, ok := a.Parts(); ok && e == s.exp && c <= MaxFixed && c >= -MaxFixed {
		s.AddFixed(c)
		return
	}
	s.Add(a.Dec())
}

func (s *Sum) flush() {
	if s.nf > 0 {
		s.slow = s.slow.Add(decimal.New(s.fast, s.exp))
	}
	s.fast, s.nf = 0, 0
}

// Value is the sum.
func (s *Sum) Value() decimal.Decimal {
	s.flush()
	return s.slow
}

// CoefOf is d's coefficient when it fits an int64 (checked without allocating).
func CoefOf(d decimal.Decimal) (int64, bool) {
	if d.NumDigits() > 18 {
		return 0, false
	}
	return d.CoefficientInt64(), true
}

// Scale10 is c×10^k (k ≥ 0) when it stays within ±MaxFixed.
func Scale10(c int64, k int32) (int64, bool) {
	for ; k > 0; k-- {
		if c > MaxFixed/10 || c < -MaxFixed/10 {
			return 0, false
		}
		c *= 10
	}
	return c, c <= MaxFixed && c >= -MaxFixed
}

// MulDivRound is round(a×b/d) half away from zero, for b ≥ 0 and d > 0, in 128 bits.
func MulDivRound(a, b, d int64) (int64, bool) {
	if b < 0 || d <= 0 {
		return 0, false
	}
	ua := uint64(a)
	if a < 0 {
		ua = -ua
	}
	q, r, ok := MulDiv(ua, uint64(b), uint64(d))
	if !ok {
		return 0, false
	}
	if r >= uint64(d)-r { // 2r ≥ d without overflow
		q++
	}
	if q > MaxFixed {
		return 0, false
	}
	if a < 0 {
		return -int64(q), true
	}
	return int64(q), true
}

// QtySum is Decimal{}.Add(x1).Add(x2)… exactly (value and exponent, the least of 0 and
// the x's): an int64 coefficient while it fits, a decimal after. The int64 holds the
// value at the least exponent the values need (wexp), apart from the exponent of the
// sum's form (exp): a ledger's quantity converted at 18 decimals, 2.5 GB held as
// 25·10^17·10^-18, adds 25·10^-1, and only the sum made at the end (Value, Amount) has
// the 18 decimals.
type QtySum struct {
	c    int64 // the sum is c·10^wexp
	wexp int32 // the exponent the value is held at (≥ exp; above 0 once trailing zeros are moved out)
	exp  int32 // the least of 0 and the x's exponents: the sum's
	n    int
	big  bool
	slow decimal.Decimal
}

// Add adds d.
func (s *QtySum) Add(d decimal.Decimal) {
	if dc, ok := CoefOf(d); !ok || !s.addParts(dc, d.Exponent(), d.Exponent()) {
		s.addSlow(d)
	}
}

// AddAmount adds a ledger amount.
func (s *QtySum) AddAmount(a Amount) {
	if m, z, e, ok := a.Scaled(); !ok || !s.addParts(m, z+e, e) {
		s.addSlow(a.Dec())
	}
}

// AddCoef adds c·10^exp.
func (s *QtySum) AddCoef(c int64, exp int32) {
	if !s.addParts(c, exp, exp) {
		s.addSlow(decimal.New(c, exp))
	}
}

// AddSum adds the sum o (nothing when o has had nothing added): the sum of parts summed
// apart is the sum of the whole, to its exponent.
func (s *QtySum) AddSum(o *QtySum) {
	switch {
	case o.big:
		s.Add(o.slow)
	case o.n > 0 && !s.addParts(o.c, o.wexp, o.exp):
		s.addSlow(o.Value())
	}
}

// addParts adds m·10^ve, of exponent de (≤ ve), in fixed point; false when the sum is
// (or would become) big. When the values do not fit at the least of their exponents,
// they are tried again without their trailing zeros (an Amount keeps as many zeros in
// its coefficient as fit).
func (s *QtySum) addParts(m int64, ve, de int32) bool {
	if s.big {
		return false
	}
	if !s.addValue(m, ve) {
		s.c, s.wexp = stripZeros(s.c, s.wexp)
		if m, ve = stripZeros(m, ve); !s.addValue(m, ve) {
			return false
		}
	}
	s.exp, s.n = min(s.exp, de), s.n+1
	return true
}

// addValue adds m·10^ve to the int64 when the sum fits there, at the least exponent.
func (s *QtySum) addValue(m int64, ve int32) bool {
	w := min(s.wexp, ve)
	c1, ok1 := Scale10(s.c, s.wexp-w)
	c2, ok2 := Scale10(m, ve-w)
	if ok1 && ok2 && c1+c2 <= MaxFixed && c1+c2 >= -MaxFixed {
		s.c, s.wexp = c1+c2, w
		return true
	}
	return false
}

// stripZeros is c·10^e with c's trailing zeros moved into e (0 as it is).
func stripZeros(c int64, e int32) (int64, int32) {
	for c != 0 && c%10 == 0 {
		c, e = c/10, e+1
	}
	return c, e
}

// addSlow adds d in decimals.
func (s *QtySum) addSlow(d decimal.Decimal) {
	if !s.big {
		s.slow, s.big = s.Value(), true
	}
	s.slow = s.slow.Add(d)
}

// Value is the sum.
func (s *QtySum) Value() decimal.Decimal {
	switch {
	case s.big:
		return s.slow
	case s.n == 0:
		return decimal.Decimal{}
	case s.wexp == s.exp:
		return decimal.New(s.c, s.exp)
	}
	return scaledDec(s.c, s.wexp-s.exp, s.exp)
}

// Amount is Value as an Amount, without making a decimal while the sum is held in an
// int64.
func (s *QtySum) Amount() Amount {
	switch {
	case s.big:
		return AmountOf(s.slow)
	case s.n == 0:
		return Amount{}
	}
	return NewAmountScaled(s.c, s.wexp-s.exp, s.exp)
}

// MulDiv is a×b = q×d + r in 128 bits; ok is false when q does not fit 64 bits.
func MulDiv(a, b, d uint64) (q, r uint64, ok bool) {
	hi, lo := bits.Mul64(a, b)
	if hi >= d {
		return 0, 0, false
	}
	q, r = bits.Div64(hi, lo, d)
	return q, r, true
}

// Fixed is the sum's value as c·10^exp while it is held in an int64 (exp may be more
// than the sum's own exponent: the value, not the decimal's form, as Amount.Value); ok
// is false once it is a decimal.
func (s *QtySum) Fixed() (c int64, exp int32, ok bool) { return s.c, s.wexp, !s.big }
