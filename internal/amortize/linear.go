package amortize

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/value"
)

// linearType is the bill type of a linear row, by order type (rules.md §3.3).
func linearType(o model.OrderType) model.BillType {
	switch o {
	case model.OrderRenewal:
		return model.BillRenewal
	case model.OrderUpgrade:
		return model.BillChange
	}
	return model.BillPurchase
}

// linear spreads w over the days of the validity (rules.md §3.3): a day's cumulative share is
// the nanoseconds of validity through that day ÷ those of the whole, uncut
// effective → expiration span. When the validity was cut, the rest either stays (added to
// the last day's row once the package has ended; until then that row is the day's share
// alone) or is returned to move to the upgrade. Zero rows are omitted. A linear row is
// final once its day is at or before the as-of day.
//
// The split runs on int64 coefficients at the currency precision over the validity's
// nanoseconds (an exact.Span: past 292 years they pass an int64): the rows are not
// stored but counted, and place generates them again (linRun). When w has another
// exponent or a number would not fit, it falls back to decimals and stores the rows in
// e.buf (linearDec); both give the same rows.
func (e *engine) linear(ps *replay.PackageState, w decimal.Decimal, keep bool) (*linRun, decimal.Decimal) {
	if !e.decimalOnly {
		if run, rem, ok := e.linearFixed(ps, w, keep); ok {
			return run, rem
		}
	}
	mark := len(e.buf)
	rem := e.linearDec(ps, w, keep)
	n := mark
	for k := mark; k < len(e.buf); k++ {
		if !e.buf[k].r.amt.IsZero() {
			e.buf[n] = e.buf[k]
			n++
		}
	}
	e.buf = e.buf[:n]
	return nil, rem
}

// linearDec is linear on decimals into e.buf (zero rows included), the reference
// linearFixed agrees with.
func (e *engine) linearDec(ps *replay.PackageState, w decimal.Decimal, keep bool) decimal.Decimal {
	p := ps.Pkg
	span := nanosBetween(p.Effective, p.Expiration)
	s := exact.NewSplitter(w, span, e.cfg.Precision)
	typ := linearType(p.OrderType)
	cum := exact.Sum{} // nanoseconds: past an int64 after 292 years
	var last draft     // the last day's row, kept even when zero: it may take the rest
	made := false
	for days, stop := e.newDayWalk(ps), e.walkTo(e.lastDay(ps)); days.d <= stop; {
		d, nanos := days.step(e)
		cum.AddFixed(nanos)
		if made && !last.r.amt.IsZero() { // a zero row is dropped (linear): a validity of
			e.buf = append(e.buf, last) // millennia has millions of days, few with a cent
		}
		last, made = draft{r: newRow(typ, d, s.Next(cum.Value()))}, true
	}
	// The rows through the last day sum to what the whole validity rounds to; rows past
	// the as-of day are not final and were not made.
	whole := exact.NewSplitter(w, span, e.cfg.Precision)
	valid := decimal.Zero
	if ps.End.After(p.Effective) {
		valid = nanosBetween(p.Effective, ps.End) // exact, past 292 years too
	}
	rem := w.Sub(whole.Next(valid))
	if keep && !rem.IsZero() {
		if e.ended(ps.End) && made { // until then the last day's row is its share alone
			last.r.amt = exact.AmountOf(last.r.amt.Dec().Add(rem))
		}
		rem = decimal.Zero
	}
	if made {
		e.buf = append(e.buf, last)
	}
	return rem
}

// nanosBetween is the nanoseconds from a to b, exactly (time.Time.Sub stops at 292
// years: a validity to 9999-12-31 is longer).
func nanosBetween(a, b time.Time) decimal.Decimal { return value.SpanOf(a, b).Nanoseconds() }

// spanBetween is the time from a to b in nanoseconds, when b is not before a.
func spanBetween(a, b time.Time) (exact.Span, bool) {
	return exact.SpanOf(b.Unix()-a.Unix(), int64(b.Nanosecond()-a.Nanosecond()))
}

// walkTo is the last day a linear split must walk to make the rows of days up to last
// that are final: the as-of day at most.
func (e *engine) walkTo(last day) day {
	if e.asOf.IsZero() {
		return last
	}
	return min(last, e.asOfDay)
}
