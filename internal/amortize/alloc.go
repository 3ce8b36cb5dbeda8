package amortize

import (
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// useKey identifies a used row: one per day, enterprise project and tag set.
type useKey struct {
	date    time.Time
	project string
	tags    string
}

type useRow struct {
	key  useKey
	tags model.Tags
	qty  decimal.Decimal
}

// usedRows builds a period's used rows (SPEC §3.4): deductions grouped by day (the day of
// the last instant before deduct_time, clamped into the period's days), the record's
// enterprise project and tags; amounts by cumulative rounding of deducted ÷ capacity of
// the period amount a, in order of (date, project, tags). Zero-amount rows are omitted.
func (e *engine) usedRows(ps *replay.PackageState, per *replay.Period, a decimal.Decimal) ([]draft, decimal.Decimal) {
	first, last := e.day(per.Start), e.dayBefore(per.End)
	groups := map[useKey]*useRow{}
	for _, ei := range per.Entries {
		en := &e.l.Entries[ei]
		rec := e.l.Records[en.Record].Rec
		at := rec.Deduct
		if at.IsZero() {
			at = rec.End
		}
		k := useKey{clampDay(e.dayBefore(at), first, last), rec.EnterpriseProject, rec.Tags.String()}
		g := groups[k]
		if g == nil {
			g = &useRow{key: k, tags: rec.Tags}
			groups[k] = g
		}
		g.qty = g.qty.Add(en.Quantity)
	}
	rows := make([]*useRow, 0, len(groups))
	for _, g := range groups {
		rows = append(rows, g)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].key.less(rows[j].key) })
	s := splitter{total: a, denom: ps.Pkg.Capacity, prec: e.cfg.Precision}
	var out []draft
	cum, sum := decimal.Zero, decimal.Zero
	for _, g := range rows {
		cum = cum.Add(g.qty)
		amt := s.next(cum)
		if amt.IsZero() {
			continue
		}
		sum = sum.Add(amt)
		b := e.bill(ps, model.MethodUsage, model.BillUsed, g.key.date, amt)
		b.Quantity, b.Unit = decimal.NewNullDecimal(g.qty), ps.Pkg.Unit
		b.PeriodStart, b.PeriodEnd = per.Start, per.End
		b.EnterpriseProject, b.Tags = g.key.project, g.tags
		out = append(out, draft{b: b})
	}
	return out, sum
}

func (k useKey) less(o useKey) bool {
	if !k.date.Equal(o.date) {
		return k.date.Before(o.date)
	}
	if k.project != o.project {
		return k.project < o.project
	}
	return k.tags < o.tags
}

// cutShort reports whether the period ends before its natural reset boundary. A
// non-resettable package's single period is cut whenever the validity ends before the
// expiration. For a resettable one the uncut periods come from replaying the package alone
// without its destruction or upgrade, so boundaries are computed in one place (the replay).
func (e *engine) cutShort(ps *replay.PackageState, per *replay.Period) (bool, error) {
	p := ps.Pkg
	if !per.End.Before(p.Expiration) {
		return false, nil
	}
	if !p.Resettable() {
		return true, nil
	}
	alone := *p
	alone.Destroyed, alone.Refund = time.Time{}, decimal.NullDecimal{}
	alone.OrderType, alone.OriginalID = model.OrderNew, ""
	l, err := replay.Run([]model.Package{alone}, nil, replay.Options{Location: e.loc})
	if err != nil {
		return false, err
	}
	for _, u := range l.Packages[0].Periods {
		if u.Index == per.Index {
			return !u.End.Equal(per.End), nil
		}
	}
	return true, nil
}
