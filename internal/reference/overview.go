package reference

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
)

// OverviewRow is one package of the overview as of Config.AsOf.
type OverviewRow struct {
	Pkg                  *Pkg
	Status               string
	PeriodStart          time.Time
	PeriodEnd            time.Time
	Used, Remaining      decimal.Decimal
	ShownPeriod          int
	LatestWindow         *Window // level packages: the window whose coverage is Used
	SomethingEverCovered bool
}

// Overview returns one row per package in id order (rules: Replay › Statuses; Overview
// of a level package).
func (l *Ledger) Overview() []OverviewRow {
	var rows []OverviewRow
	for _, p := range l.Pkgs {
		k := l.shownPeriod(p)
		row := OverviewRow{Pkg: p, ShownPeriod: k, PeriodStart: p.Periods[k].Start, PeriodEnd: p.Periods[k].End}
		row.Used = l.used(p, k)
		if p.Type.IsLevel() {
			row.Used = decimal.Zero
			for _, w := range l.Windows[p] {
				lw := row.LatestWindow
				if lw == nil || w.Start.After(lw.Start) || (w.Start.Equal(lw.Start) && w.End.After(lw.End)) {
					row.LatestWindow = w
				}
			}
			if row.LatestWindow != nil {
				row.Used = row.LatestWindow.Covered
			}
		}
		row.Remaining = p.Capacity.Sub(row.Used)
		row.Status = l.status(p)
		rows = append(rows, row)
	}
	return rows
}

// shownPeriod is the period containing the last instant before as-of: the first before
// the package starts, the last once it has ended (a non-resettable package's only one).
func (l *Ledger) shownPeriod(p *Pkg) int {
	t := l.Cfg.AsOf.Add(-time.Nanosecond)
	for k, per := range p.Periods {
		if !t.Before(per.Start) && t.Before(per.End) {
			return k
		}
	}
	if t.Before(p.Effective) {
		return 0
	}
	return len(p.Periods) - 1
}

// everUsed is everything the package ever gave (all periods, all windows).
func (l *Ledger) everUsed(p *Pkg) decimal.Decimal {
	sum := decimal.Zero
	for k := range p.Periods {
		sum = sum.Add(l.used(p, k))
	}
	return sum
}

// status is the first that applies (rules: Replay › Statuses): Destroyed (destroyed by
// as-of), Arrears (the export says so), Expired (the validity ended by as-of, an
// upgraded original included), Exhausted (a non-resettable usage package with nothing
// left), Active (effective by as-of and something ever deducted or covered), Created.
func (l *Ledger) status(p *Pkg) string {
	switch n := norm(p.Status); {
	case !p.Destroyed.IsZero() && l.Cfg.reached(p.Destroyed):
		return "Destroyed"
	case n == "arrears" || n == "欠费":
		return "Arrears"
	case l.Cfg.reached(p.End):
		return "Expired"
	case !p.Resettable() && p.Type == model.TypeUsage && p.Capacity.Sub(l.everUsed(p)).Sign() <= 0:
		return "Exhausted"
	case l.Cfg.reached(p.Effective) && l.everUsed(p).Sign() > 0:
		return "Active"
	}
	return "Created"
}
