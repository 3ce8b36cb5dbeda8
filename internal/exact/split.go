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

// Wide is an integer of up to 126 bits, and its sign: a linear package's amount at the
// currency precision, which passes an int64 when the fee has 19 digits or more there
// (up to 26: 18 integer digits at 8 decimals).
type Wide struct {
	neg bool
	v   u128
}

// WideOf is d's coefficient when d's exponent is exp and the coefficient has fewer than
// 2^126 in magnitude.
func WideOf(d decimal.Decimal, exp int32) (Wide, bool) {
	if d.Exponent() != exp {
		return Wide{}, false
	}
	if c, ok := CoefOf(d); ok {
		return WideFrom(c), true
	}
	return wideOfBig(d.Coefficient())
}

// WideFrom is c as a Wide.
func WideFrom(c int64) Wide {
	if c < 0 {
		return Wide{neg: true, v: u128{lo: -uint64(c)}}
	}
	return Wide{v: u128{lo: uint64(c)}}
}

// wideOfBig is z as a Wide, when |z| < 2^126.
func wideOfBig(z *big.Int) (Wide, bool) {
	if z.BitLen() > 126 {
		return Wide{}, false
	}
	m := new(big.Int).Abs(z)
	lo := new(big.Int).And(m, new(big.Int).SetUint64(math.MaxUint64)).Uint64()
	return Wide{neg: z.Sign() < 0, v: u128{m.Rsh(m, 64).Uint64(), lo}}, true
}

func (w Wide) big() *big.Int {
	z := Span{w.v}.big()
	if w.neg {
		z.Neg(z)
	}
	return z
}

// Int64 is w as an int64 within ±MaxFixed, when it is.
func (w Wide) Int64() (int64, bool) {
	if w.v.hi != 0 || w.v.lo > MaxFixed {
		return 0, false
	}
	if w.neg {
		return -int64(w.v.lo), true
	}
	return int64(w.v.lo), true
}

// IsZero reports whether w is 0.
func (w Wide) IsZero() bool { return w.v.isZero() }

// Add is w + x, when it is a Wide: on 128 bits when the signs agree (the rows of one
// linear split and its remainder all have the total's sign), else as Sub does.
func (w Wide) Add(x Wide) (Wide, bool) {
	if w.neg == x.neg || w.IsZero() || x.IsZero() {
		v, ok := w.v.add(x.v)
		return Wide{neg: (w.neg && !w.IsZero()) || (x.neg && !x.IsZero()), v: v}, ok && v.hi < 1<<62
	}
	return wideOfBig(new(big.Int).Add(w.big(), x.big()))
}

// Sub is w − x, when it is a Wide.
func (w Wide) Sub(x Wide) (Wide, bool) {
	a, ok1 := w.Int64()
	b, ok2 := x.Int64()
	if ok1 && ok2 {
		return WideFrom(a - b), true
	}
	return wideOfBig(new(big.Int).Sub(w.big(), x.big()))
}

// Dec is w·10^exp.
func (w Wide) Dec(exp int32) decimal.Decimal {
	if c, ok := w.Int64(); ok {
		return decimal.New(c, exp)
	}
	return decimal.NewFromBigInt(w.big(), exp)
}

// MulDivRoundSpan is round(a×b/d), half away from zero, for 0 ≤ b ≤ d and d > 0 (a's
// share b/d of a span d); ok is false when it is not a Wide. It is MulDivRound where
// everything fits an int64, and exact on big integers past that (once per linear
// package).
func MulDivRoundSpan(a Wide, b, d Span) (Wide, bool) {
	if b.v.cmp(d.v) > 0 || d.IsZero() {
		return Wide{}, false
	}
	a64, ok0 := a.Int64()
	b64, ok1 := b.Int64()
	d64, ok2 := d.Int64()
	if ok0 && ok1 && ok2 {
		if c, ok := MulDivRound(a64, b64, d64); ok {
			return WideFrom(c), true
		}
	}
	n := new(big.Int).Mul(Span{a.v}.big(), b.big())
	q, r := new(big.Int).QuoRem(n, d.big(), new(big.Int))
	if r.Lsh(r, 1).Cmp(d.big()) >= 0 { // 2r ≥ d: half away from zero
		q.Add(q, big.NewInt(1))
	}
	if a.neg {
		q.Neg(q)
	}
	return wideOfBig(q)
}

// mulDivWide is a×b = q×d + r (r < d) for d > 0; ok is false when q passes 2^126. It
// runs on words when a fits one (every amount of fewer than 19 digits), on big
// integers otherwise.
func mulDivWide(a u128, b uint64, d u128) (q, r u128, ok bool) {
	if a.hi == 0 {
		hi, lo := bits.Mul64(a.lo, b)
		if d.hi != 0 {
			q64, r := u128{hi, lo}.divMod128(d)
			return u128{lo: q64}, r, true
		}
		q, r64 := u128{hi, lo}.divMod(d.lo)
		return q, u128{lo: r64}, q.hi < 1<<62
	}
	bq, br := new(big.Int).QuoRem(new(big.Int).Mul(Span{a}.big(), new(big.Int).SetUint64(b)), Span{d}.big(), new(big.Int))
	wq, ok1 := wideOfBig(bq)
	wr, _ := wideOfBig(br) // < d
	return wq.v, wr.v, ok1
}

// Stepper is FixedSplitter for a cumulative share that grows by steps, most of them one
// size (a linear split's days: 24 hours of nanoseconds), of a Wide total over a Span: it
// keeps |total|×cum = q×denom + rem exactly, so that a step of that size costs two
// additions and no division, and each row (the difference of two rounded shares) is an
// int64 even where the total is not.
type Stepper struct {
	neg    bool
	w      u128 // |total|
	denom  u128 // > 0
	q      u128
	rem    u128 // < denom
	step   uint64
	sq     u128
	sr     u128 // |total|×step = sq×denom + sr, valid when stepOK
	stepOK bool
	prev   u128 // the last rounded share, |total|×cum/denom
}

// NewStepper is the Stepper of total over denom (> 0) whose usual step is step.
func NewStepper(total Wide, denom Span, step int64) Stepper {
	s := Stepper{neg: total.neg, w: total.v, denom: denom.v, step: uint64(step)}
	s.sq, s.sr, s.stepOK = mulDivWide(s.w, s.step, s.denom)
	return s
}

// Add grows the cumulative share by delta (≥ 0); false when it no longer fits.
func (s *Stepper) Add(delta uint64) bool {
	dq, dr := s.sq, s.sr
	if delta != s.step || !s.stepOK {
		var ok bool
		if dq, dr, ok = mulDivWide(s.w, delta, s.denom); !ok {
			return false
		}
	}
	q, ok := s.q.add(dq)
	s.rem, _ = s.rem.add(dr) // rem, dr < denom < 2^94: no carry
	if s.rem.cmp(s.denom) >= 0 {
		q, _ = q.add(u128{lo: 1})
		s.rem = s.rem.sub(s.denom)
	}
	s.q = q
	return ok && q.hi < 1<<62
}

// Next is the row that ends at the cumulative share reached: round(total×cum/denom),
// half away from zero, less the last one; ok is false when it passes ±MaxFixed.
func (s *Stepper) Next() (int64, bool) {
	row := s.next()
	if row.hi != 0 || row.lo > MaxFixed {
		return 0, false
	}
	if s.neg {
		return -int64(row.lo), true
	}
	return int64(row.lo), true
}

// NextWide is Next as a Wide, whatever its size (a row is at most the total).
func (s *Stepper) NextWide() Wide { return Wide{neg: s.neg, v: s.next()} }

// next is the magnitude of the row that ends at the cumulative share reached.
func (s *Stepper) next() u128 {
	c := s.q
	if s.rem.cmp(s.denom.sub(s.rem)) >= 0 { // 2·rem ≥ denom: half away from zero
		c, _ = c.add(u128{lo: 1})
	}
	row := c.sub(s.prev) // the shares grow
	s.prev = c
	return row
}
