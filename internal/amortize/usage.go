package amortize

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// usage amortizes by usage (rules.md §3.4): w is split over the N uncut periods in equal
// shares (N = 1 when not resettable); each period's used rows take deducted ÷ capacity of
// its amount, and an unused row on its last day closes it. The last period of the
// validity closes the whole package (w − every row before, so the package sums to w),
// except when the remainder moves to an upgrade (keep = false): then a period cut short
// gets only its used rows and the rest is returned. Rows go to e.buf, provisional ones
// to e.prov.
func (e *engine) usage(pi int, w decimal.Decimal, keep bool) (decimal.Decimal, error) {
	ps := &e.l.Packages[pi]
	p := ps.Pkg
	n := int64(ps.FullPeriods)
	if !p.Resettable() || n < 1 {
		n = 1
	}
	total := decimal.Zero
	for k := range ps.Periods {
		per := &ps.Periods[k]
		if int64(per.Index) >= n {
			return decimal.Decimal{}, fmt.Errorf("package %q: period %d beyond its %d periods", p.ID, per.Index, n)
		}
		a := exact.Share(w, int64(per.Index), n, e.cfg.Precision)
		usedSum := e.usedRows(pi, k, a)
		total = total.Add(usedSum)
		unusedQty := p.Capacity.Sub(per.Used)
		if e.inside(per) {
			r := unused(k, e.asOfDay, a.Sub(usedSum), unusedQty)
			r.prov = true
			e.prov = append(e.prov, r)
		}
		closing, qty := a.Sub(usedSum), unusedQty
		if k == len(ps.Periods)-1 {
			if keep {
				closing = w.Sub(total)
				qty = qty.Add(p.Capacity.Mul(decimal.NewFromInt(n - 1 - int64(per.Index))))
			} else if e.cutShort(ps, per) {
				continue
			}
		}
		total = total.Add(closing)
		_, last := e.cal.span(per.Start, per.End)
		e.buf = append(e.buf, draft{r: unused(k, last, closing, qty), dep: per.End})
	}
	if !keep {
		return w.Sub(total), nil
	}
	return decimal.Decimal{}, nil
}

// inside reports whether as-of falls strictly inside the period.
func (e *engine) inside(per *replay.Period) bool {
	return !e.asOf.IsZero() && per.Start.Before(e.asOf) && e.asOf.Before(per.End)
}

// unused builds an unused row of period k.
func unused(k int, d day, amt, qty decimal.Decimal) row {
	r := newRow(model.BillUnused, d, amt)
	r.per, r.qty, r.hasQty = int32(k), exact.AmountOf(qty), true
	return r
}
