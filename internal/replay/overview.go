package replay

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
)

// Package statuses (rules.md §2.5), in the order they are decided.
const (
	StatusDestroyed = "Destroyed"
	StatusArrears   = "Arrears"
	StatusExpired   = "Expired"
	StatusExhausted = "Exhausted"
	StatusActive    = "Active"
	StatusCreated   = "Created"
)

// Statuses lists every status in decision order (the order of Counts).
var Statuses = []string{StatusDestroyed, StatusArrears, StatusExpired, StatusExhausted,
	StatusActive, StatusCreated}

// OverviewRow is one package of the overview (rules.md §4.1), as of Options.AsOf.
type OverviewRow struct {
	Package         int // index into Ledger.Packages
	PackageID       string
	OrderID         string
	OrderTime       time.Time // zero when absent
	Product         string
	PackageType     model.PackageType
	Status          string
	DeductibleItems []string
	Configuration   string
	EffectiveTime   time.Time
	ExpirationTime  time.Time // as given (exclusive end), before any cut
	End             time.Time // validity end after cuts (rules.md §2.1)
	ResetCycle      model.ResetCycle
	PeriodStart     time.Time // the period shown; zero when the package has none
	PeriodEnd       time.Time
	Capacity        decimal.Decimal
	Used, Remaining decimal.Decimal // package unit
	Unit            string
}

// StatusCount is the number of overview rows with one status.
type StatusCount struct {
	Status string
	N      int
}

// Overview returns one row per package, in package id order, as of l.Options.AsOf
// (zero: after everything). A resettable package shows the period containing the last
// instant before as-of (the first before it starts, the last once it ended); a level
// package shows as used the coverage of the latest window started by as-of.
func (l *Ledger) Overview() []OverviewRow {
	rows := make([]OverviewRow, len(l.Packages))
	for i := range l.Packages {
		ps := &l.Packages[i]
		p := ps.Pkg
		row := OverviewRow{Package: i, PackageID: p.ID, OrderID: p.OrderID, OrderTime: p.OrderTime,
			Product: p.Product, PackageType: p.Type, DeductibleItems: p.DeductibleItems,
			Configuration: p.Configuration, EffectiveTime: p.Effective, ExpirationTime: p.Expiration,
			End: ps.End, ResetCycle: p.ResetCycle, Capacity: p.Capacity, Unit: p.Unit}
		row.Status = l.status(ps)
		if k := l.shownPeriod(ps); k >= 0 {
			row.PeriodStart, row.PeriodEnd = ps.Periods[k].Start, ps.Periods[k].End
			row.Used = ps.Periods[k].Used
		}
		if p.Type.IsLevel() {
			row.Used = l.levelUsed(i)
		}
		row.Remaining = p.Capacity.Sub(row.Used)
		rows[i] = row
	}
	return rows
}

// Counts returns the number of rows of every status, in Statuses order, zeros included
// (the overview's Counts table lists every status).
func Counts(rows []OverviewRow) []StatusCount {
	out := make([]StatusCount, len(Statuses))
	for k, s := range Statuses {
		out[k].Status = s
	}
	for i := range rows {
		if k := slices.Index(Statuses, rows[i].Status); k >= 0 {
			out[k].N++
		}
	}
	return out
}

// reached reports whether instant t is at or before as-of (zero as-of: always).
func (l *Ledger) reached(t time.Time) bool {
	return l.Options.AsOf.IsZero() || !t.After(l.Options.AsOf)
}

func (l *Ledger) status(ps *PackageState) string {
	p := ps.Pkg
	switch n := model.Norm(p.Status); {
	case !p.Destroyed.IsZero() && l.reached(p.Destroyed):
		return StatusDestroyed
	case n == "arrears" || n == "欠费":
		return StatusArrears
	case l.reached(ps.End):
		return StatusExpired
	case !p.Resettable() && !p.Type.IsLevel() && p.Capacity.Sub(ps.Used).Sign() <= 0:
		return StatusExhausted
	case l.reached(p.Effective) && ps.Used.Sign() > 0:
		return StatusActive
	}
	return StatusCreated
}

// shownPeriod is the index of the period containing the last instant before as-of,
// clamped to the first and last period; -1 when there is none.
func (l *Ledger) shownPeriod(ps *PackageState) int {
	n := len(ps.Periods)
	if n == 0 {
		return -1
	}
	if l.Options.AsOf.IsZero() {
		return n - 1
	}
	return max(ps.PeriodAt(l.Options.AsOf.Add(-time.Nanosecond)), 0)
}

// levelUsed is the coverage of package pi's latest window (by Start, then End) started
// by as-of, among those kept and those let go of.
func (l *Ledger) levelUsed(pi int) decimal.Decimal {
	last := l.PastWindows(pi).Latest
	ws := l.Windows(pi) // in the order they opened
	for i := range ws {
		w := &ws[i]
		if l.reached(w.Start) && (last == nil || w.Start.After(last.Start) ||
			(w.Start.Equal(last.Start) && w.End.After(last.End))) {
			last = w
		}
	}
	if last == nil {
		return decimal.Zero
	}
	return last.Covered
}
