package exact

import "github.com/shopspring/decimal"

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

// Stepper is FixedSplitter for a cumulative share that grows by steps, most of them one
// size (a linear split's days: 24 hours of nanoseconds): it keeps |total|×cum =
// q×denom + rem exactly, so that a step of that size costs two additions and no
// division.
type Stepper struct {
	neg      bool
	w, denom uint64 // |total|, denom > 0
	q, rem   uint64
	step     uint64
	sq, sr   uint64 // |total|×step = sq×denom + sr, valid when stepOK
	stepOK   bool
	prev     int64
}

// NewStepper is the Stepper of total over denom (> 0) whose usual step is step.
func NewStepper(total, denom, step int64) Stepper {
	s := Stepper{neg: total < 0, w: uint64(total), denom: uint64(denom), step: uint64(step)}
	if s.neg {
		s.w = -s.w
	}
	s.sq, s.sr, s.stepOK = MulDiv(s.w, s.step, s.denom)
	return s
}

// Add grows the cumulative share by delta (≥ 0); false when it no longer fits.
func (s *Stepper) Add(delta uint64) bool {
	dq, dr := s.sq, s.sr
	if delta != s.step || !s.stepOK {
		var ok bool
		if dq, dr, ok = MulDiv(s.w, delta, s.denom); !ok {
			return false
		}
	}
	s.q, s.rem = s.q+dq, s.rem+dr
	if s.rem >= s.denom {
		s.q, s.rem = s.q+1, s.rem-s.denom
	}
	return s.q <= MaxFixed
}

// Next is the row that ends at the cumulative share reached: round(total×cum/denom),
// half away from zero, less the last one.
func (s *Stepper) Next() int64 {
	c := int64(s.q)
	if s.rem >= s.denom-s.rem { // 2·rem ≥ denom: half away from zero
		c++
	}
	if s.neg {
		c = -c
	}
	row := c - s.prev
	s.prev = c
	return row
}
