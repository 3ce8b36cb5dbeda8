package amortize

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// usage amortizes by usage (SPEC §3.4): w is split over the N uncut periods in equal
// shares (N = 1 when not resettable); each period's used rows take deducted ÷ capacity of
// its amount, and an unused row on its last day closes it. The last period of the
// validity closes the whole package (w − every row before, so the package sums to w),
// except when the remainder moves to an upgrade (keep = false): then a period cut short
// gets only its used rows and the rest is returned in rem.
func (e *engine) usage(ps *replay.PackageState, w decimal.Decimal, keep bool) (pkgOut, error) {
	p := ps.Pkg
	n := int64(ps.FullPeriods)
	if !p.Resettable() || n < 1 {
		n = 1
	}
	var out pkgOut
	total := decimal.Zero
	for k := range ps.Periods {
		per := &ps.Periods[k]
		if int64(per.Index) >= n {
			return out, fmt.Errorf("package %q: period %d beyond its %d periods", p.ID, per.Index, n)
		}
		a := periodAmount(w, int64(per.Index), n, e.cfg.Precision)
		used, usedSum := e.usedRows(ps, per, a)
		out.rows = append(out.rows, used...)
		total = total.Add(usedSum)
		unusedQty := p.Capacity.Sub(per.Used)
		if e.inside(per) {
			b := e.unused(ps, per, e.asOfDay, a.Sub(usedSum), unusedQty)
			b.Provisional = true
			out.prov = append(out.prov, b)
		}
		closing, qty := a.Sub(usedSum), unusedQty
		if k == len(ps.Periods)-1 {
			if keep {
				closing = w.Sub(total)
				qty = qty.Add(p.Capacity.Mul(decimal.NewFromInt(n - 1 - int64(per.Index))))
			} else if cut, err := e.cutShort(ps, per); err != nil {
				return out, err
			} else if cut {
				continue
			}
		}
		total = total.Add(closing)
		date := e.dayBefore(per.End)
		out.rows = append(out.rows, draft{b: e.unused(ps, per, date, closing, qty), dep: per.End})
	}
	if len(ps.Periods) == 0 { // empty validity: nothing used
		if !keep {
			out.rem = w
			return out, nil
		}
		b := e.bill(ps, model.MethodUsage, model.BillUnused, e.lastDay(ps), w)
		b.Quantity, b.Unit = decimal.NewNullDecimal(p.Capacity.Mul(decimal.NewFromInt(n))), p.Unit
		out.rows = append(out.rows, draft{b: b, dep: ps.End})
		return out, nil
	}
	if !keep {
		out.rem = w.Sub(total)
	}
	return out, nil
}

// periodAmount is period k's share of w among n equal shares, by cumulative rounding.
func periodAmount(w decimal.Decimal, k, n int64, prec int32) decimal.Decimal {
	s := splitter{total: w, denom: decimal.NewFromInt(n), prec: prec}
	s.next(decimal.NewFromInt(k))
	return s.next(decimal.NewFromInt(k + 1))
}

// inside reports whether as-of falls strictly inside the period.
func (e *engine) inside(per *replay.Period) bool {
	return !e.asOf.IsZero() && per.Start.Before(e.asOf) && e.asOf.Before(per.End)
}

// unused builds an unused row of a period.
func (e *engine) unused(ps *replay.PackageState, per *replay.Period, date time.Time, amt, qty decimal.Decimal) Bill {
	b := e.bill(ps, model.MethodUsage, model.BillUnused, date, amt)
	b.Quantity, b.Unit = decimal.NewNullDecimal(qty), ps.Pkg.Unit
	b.PeriodStart, b.PeriodEnd = per.Start, per.End
	return b
}
