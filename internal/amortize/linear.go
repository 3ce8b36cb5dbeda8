package amortize

import (
	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
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
// The split runs on int64 coefficients at the currency precision: the rows are not
// stored but counted, and place generates them again (linRun). When w has another
// exponent or a product would not fit, it falls back to decimals and stores the rows in
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
	span := decimal.NewFromInt(p.Expiration.Sub(p.Effective).Nanoseconds())
	s := exact.NewSplitter(w, span, e.cfg.Precision)
	typ := linearType(p.OrderType)
	sum, cum := decimal.Zero, int64(0)
	for days, last := e.newDayWalk(ps), e.lastDay(ps); days.d <= last; {
		d, nanos := days.step(e)
		cum += nanos
		amt := s.Next(decimal.NewFromInt(cum))
		sum = sum.Add(amt)
		e.buf = append(e.buf, draft{r: newRow(typ, d, amt)})
	}
	rem := w.Sub(sum)
	if keep && !rem.IsZero() {
		if e.ended(ps.End) { // until then the last day's row is its share alone
			last := &e.buf[len(e.buf)-1]
			last.r.amt = last.r.amt.Add(rem)
		}
		rem = decimal.Zero
	}
	return rem
}
