package amortize

import (
	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// linearType is the bill type of a linear row, by order type (SPEC §3.3).
func linearType(o model.OrderType) model.BillType {
	switch o {
	case model.OrderRenewal:
		return model.BillRenewal
	case model.OrderUpgrade:
		return model.BillChange
	}
	return model.BillPurchase
}

// linear spreads w over the days of the validity (SPEC §3.3): a day's cumulative share is
// the seconds of validity through that day ÷ the seconds of the whole, uncut
// effective → expiration span. When the validity was cut, the rest either stays (added to
// the last day's row, dated then and final once the package has ended) or is returned in
// rem to move to the upgrade. Zero rows are omitted.
func (e *engine) linear(ps *replay.PackageState, w decimal.Decimal, keep bool) pkgOut {
	p := ps.Pkg
	span := decimal.NewFromInt(p.Expiration.Sub(p.Effective).Nanoseconds())
	s := splitter{total: w, denom: span, prec: e.cfg.Precision}
	typ := linearType(p.OrderType)
	var rows []draft
	sum, cum := decimal.Zero, int64(0)
	last := e.lastDay(ps)
	for d := e.day(p.Effective); !d.After(last); d = e.nextDay(d) {
		lo, hi := maxTime(d, p.Effective), minTime(e.nextDay(d), ps.End)
		if hi.After(lo) {
			cum += hi.Sub(lo).Nanoseconds()
		}
		amt := s.next(decimal.NewFromInt(cum))
		sum = sum.Add(amt)
		rows = append(rows, draft{b: e.bill(ps, model.MethodLinear, typ, d, amt)})
	}
	out := pkgOut{rem: w.Sub(sum)}
	if keep && !out.rem.IsZero() {
		lastRow := &rows[len(rows)-1]
		lastRow.b.Amount = lastRow.b.Amount.Add(out.rem)
		lastRow.dep = ps.End
		out.rem = decimal.Zero
	}
	for _, r := range rows {
		if !r.b.Amount.IsZero() {
			out.rows = append(out.rows, r)
		}
	}
	return out
}
