package amortize

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// day is midnight of t's calendar day in the configured zone.
func (e *engine) day(t time.Time) time.Time {
	y, m, d := t.In(e.loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, e.loc)
}

// dayBefore is the day of the last instant before t (a deduction or end at 00:00:00
// belongs to the previous day).
func (e *engine) dayBefore(t time.Time) time.Time {
	return e.day(t.Add(-time.Nanosecond))
}

// nextDay is midnight of the day after day d.
func (e *engine) nextDay(d time.Time) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd+1, 0, 0, 0, 0, e.loc)
}

// lastDay is the last day of the package's validity (never before its first day).
func (e *engine) lastDay(ps *replay.PackageState) time.Time {
	first, last := e.day(ps.Pkg.Effective), e.dayBefore(ps.End)
	if last.Before(first) {
		return first
	}
	return last
}

// clampDay limits d to [lo, hi].
func clampDay(d, lo, hi time.Time) time.Time {
	if d.Before(lo) {
		return lo
	}
	if d.After(hi) {
		return hi
	}
	return d
}

// bill builds a row of the package with its own project and tags, period = validity.
func (e *engine) bill(ps *replay.PackageState, m model.Method, t model.BillType, date time.Time, amt decimal.Decimal) Bill {
	p := ps.Pkg
	return Bill{
		Date:              date,
		BillingCycle:      date.Format("2006-01"),
		PackageID:         p.ID,
		Product:           p.Product,
		Type:              t,
		Method:            m,
		Amount:            amt,
		Currency:          p.Currency,
		PeriodStart:       p.Effective,
		PeriodEnd:         ps.End,
		EnterpriseProject: p.EnterpriseProject,
		Tags:              p.Tags,
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
