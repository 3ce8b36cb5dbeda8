package exact

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// Cumulative splits total into one row per cumulative share cum[k]/denom by cumulative
// rounding (rules.md §3.2): row k = round(total×cum[k]/denom) − round(total×cum[k−1]/denom)
// at prec decimals, half away from zero, with cum[−1] = 0. cum must be non-decreasing
// and denom non-zero. The rows sum to round(total×cum[last]/denom) exactly (to total
// when cum[last] = denom) and each is within one unit of the last place of its exact share.
// It is the only rounding in amortization.
func Cumulative(total decimal.Decimal, cum []decimal.Decimal, denom decimal.Decimal, prec int32) []decimal.Decimal {
	s := Splitter{total: total, denom: denom, prec: prec}
	rows := make([]decimal.Decimal, len(cum))
	for k, c := range cum {
		rows[k] = s.Next(c)
	}
	return rows
}

// Split splits total into len(weights) rows in proportion to the weights by cumulative
// rounding (see Cumulative); the rows sum to total rounded at prec. When the weights sum
// to zero the whole goes to the last row.
func Split(total decimal.Decimal, weights []decimal.Decimal, prec int32) []decimal.Decimal {
	if len(weights) == 0 {
		return nil
	}
	cum := make([]decimal.Decimal, len(weights))
	sum := decimal.Zero
	for k, w := range weights {
		sum = sum.Add(w)
		cum[k] = sum
	}
	if sum.IsZero() {
		rows := make([]decimal.Decimal, len(weights))
		for k := range rows {
			rows[k] = decimal.Zero
		}
		rows[len(rows)-1] = total.Round(prec)
		return rows
	}
	return Cumulative(total, cum, sum, prec)
}

// NewSplitter is the Splitter of total over denom at prec decimals.
func NewSplitter(total, denom decimal.Decimal, prec int32) Splitter {
	return Splitter{total: total, denom: denom, prec: prec}
}

// Splitter is the stepping form of Cumulative: Next(c) returns the row whose cumulative
// share ends at c/denom. A zero denom yields zero rows (a zero capacity shares nothing).
type Splitter struct {
	total, denom decimal.Decimal
	prec         int32
	prev         decimal.Decimal
}

func (s *Splitter) Next(cum decimal.Decimal) decimal.Decimal {
	if s.denom.IsZero() {
		return decimal.Zero
	}
	cur := s.total.Mul(cum).DivRound(s.denom, s.prec)
	row := cur.Sub(s.prev)
	s.prev = cur
	return row
}

// FixedSplitter is Splitter on int64 coefficients at one exponent: Next(cum) is
// round(total×cum/denom) − round(total×prev/denom), half away from zero, for
// 0 ≤ cum and denom > 0; ok is false when a product or a row does not fit (the caller
// then splits on decimals, which gives the same rows).
type FixedSplitter struct {
	total, denom, prev int64
}

// NewFixedSplitter is the FixedSplitter of total over denom.
func NewFixedSplitter(total, denom int64) FixedSplitter {
	return FixedSplitter{total: total, denom: denom}
}

// Next is the row whose cumulative share ends at cum/denom.
func (s *FixedSplitter) Next(cum int64) (int64, bool) {
	cur, ok := MulDivRound(s.total, cum, s.denom)
	if !ok {
		return 0, false
	}
	row := cur - s.prev
	s.prev = cur
	return row, true
}

// Share is the k-th of n equal shares of total (0 ≤ k < n) at prec decimals, by
// cumulative rounding: round(total×(k+1)/n) − round(total×k/n). The n shares sum to
// total exactly.
func Share(total decimal.Decimal, k, n int64, prec int32) decimal.Decimal {
	if c, ok := FixedOf(total, -prec); ok && prec >= 0 {
		s := NewFixedSplitter(c, n)
		_, ok1 := s.Next(k)
		row, ok2 := s.Next(k + 1)
		if ok1 && ok2 {
			return decimal.New(row, -prec)
		}
	}
	s := NewSplitter(total, decimal.NewFromInt(n), prec)
	s.Next(decimal.NewFromInt(k))
	return s.Next(decimal.NewFromInt(k + 1))
}

// Span is a length of time in nanoseconds, non-negative, in 128 bits: a linear
// package's validity passes an int64 of nanoseconds after 292 years (to 9999-12-31 from
// year 1 it takes 69 bits).
type Span struct{ v u128 }

// SpanOf is sec seconds and nsec nanoseconds (|nsec| < 10^9); ok is false when that is
// negative.
func SpanOf(sec, nsec int64) (Span, bool) {
	if sec < 0 {
		return Span{}, false
	}
	v, _ := u128{lo: uint64(sec)}.mul64(1e9) // < 2^63·2^30
	if nsec >= 0 {
		v, _ = v.add(u128{lo: uint64(nsec)})
	} else if u := (u128{lo: uint64(-nsec)}); v.cmp(u) >= 0 {
		v = v.sub(u)
	} else {
		return Span{}, false
	}
	return Span{v}, true
}

// IsZero reports whether s is no time at all.
func (s Span) IsZero() bool { return s.v.isZero() }

// Int64 is s as an int64, when it fits.
func (s Span) Int64() (int64, bool) {
	return int64(s.v.lo), s.v.hi == 0 && s.v.lo <= math.MaxInt64
}

// big is s as a big.Int.
func (s Span) big() *big.Int {
	z := new(big.Int).SetUint64(s.v.hi)
	return z.Lsh(z, 64).Or(z, new(big.Int).SetUint64(s.v.lo))
}

// MulDivRoundSpan is round(a×b/d), half away from zero, for 0 ≤ b ≤ d and d > 0 (a's
// share b/d of a span d); ok is false when it does not fit. It is MulDivRound where b
// and d fit an int64, and exact on big integers past that (once per linear package).
func MulDivRoundSpan(a int64, b, d Span) (int64, bool) {
	if b.v.cmp(d.v) > 0 || d.IsZero() {
		return 0, false
	}
	b64, ok1 := b.Int64()
	d64, ok2 := d.Int64()
	if ok1 && ok2 {
		return MulDivRound(a, b64, d64)
	}
	n := new(big.Int).Mul(big.NewInt(a), b.big())
	n.Abs(n)
	q, r := new(big.Int).QuoRem(n, d.big(), new(big.Int))
	if r.Lsh(r, 1).Cmp(d.big()) >= 0 { // 2r ≥ d: half away from zero
		q.Add(q, big.NewInt(1))
	}
	if !q.IsInt64() || q.Int64() > MaxFixed {
		return 0, false
	}
	if a < 0 {
		return -q.Int64(), true
	}
	return q.Int64(), true
}

// mulDivSpan is a×b = q×d + r (r < d) for d > 0; ok is false when q does not fit 64
// bits. A d past 64 bits always gives a q that does.
func mulDivSpan(a, b uint64, d u128) (q uint64, r u128, ok bool) {
	hi, lo := bits.Mul64(a, b)
	if d.hi != 0 {
		q, r = u128{hi, lo}.divMod128(d)
		return q, r, true
	}
	if hi >= d.lo {
		return 0, u128{}, false
	}
	q, r64 := bits.Div64(hi, lo, d.lo)
	return q, u128{lo: r64}, true
}

// Stepper is FixedSplitter for a cumulative share that grows by steps, most of them one
// size (a linear split's days: 24 hours of nanoseconds), over a Span: it keeps
// |total|×cum = q×denom + rem exactly, so that a step of that size costs two additions
// and no division.
type Stepper struct {
	neg    bool
	w      uint64 // |total|
	denom  u128   // > 0
	q      uint64
	rem    u128 // < denom
	step   uint64
	sq     uint64
	sr     u128 // |total|×step = sq×denom + sr, valid when stepOK
	stepOK bool
	prev   int64
}

// NewStepper is the Stepper of total over denom (> 0) whose usual step is step.
func NewStepper(total int64, denom Span, step int64) Stepper {
	s := Stepper{neg: total < 0, w: uint64(total), denom: denom.v, step: uint64(step)}
	if s.neg {
		s.w = -s.w
	}
	s.sq, s.sr, s.stepOK = mulDivSpan(s.w, s.step, s.denom)
	return s
}

// Add grows the cumulative share by delta (≥ 0); false when it no longer fits.
func (s *Stepper) Add(delta uint64) bool {
	dq, dr := s.sq, s.sr
	if delta != s.step || !s.stepOK {
		var ok bool
		if dq, dr, ok = mulDivSpan(s.w, delta, s.denom); !ok {
			return false
		}
	}
	q, carry := bits.Add64(s.q, dq, 0)
	s.q = q
	s.rem, _ = s.rem.add(dr) // rem, dr < denom < 2^94: no carry
	if s.rem.cmp(s.denom) >= 0 {
		s.q, s.rem = s.q+1, s.rem.sub(s.denom)
	}
	return carry == 0 && s.q <= MaxFixed
}

// Next is the row that ends at the cumulative share reached: round(total×cum/denom),
// half away from zero, less the last one.
func (s *Stepper) Next() int64 {
	c := int64(s.q)
	if s.rem.cmp(s.denom.sub(s.rem)) >= 0 { // 2·rem ≥ denom: half away from zero
		c++
	}
	if s.neg {
		c = -c
	}
	row := c - s.prev
	s.prev = c
	return row
}
