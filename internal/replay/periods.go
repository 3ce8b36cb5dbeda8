package replay

import (
	"slices"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

// Reset periods (rules.md §2.2). Boundaries are anchor + k·cycle, each computed from the anchor
// (never step by step), in the configured zone; month and year steps keep the anchor's
// day of month, clamped to the last day of the target month.

// boundary returns anchor + k·cycle in loc. An hour is 3,600 seconds added to the
// anchor's seconds since 1970, never a time.Duration (which holds 292 years): an anchor
// centuries before the validity gives the same boundaries as one a whole number of
// hours later.
func boundary(anchor time.Time, c model.ResetCycle, k int, loc *time.Location) time.Time {
	if c == model.ResetHour {
		return time.Unix(anchor.Unix()+int64(k)*3600, int64(anchor.Nanosecond())).In(anchor.Location())
	}
	a := anchor.In(loc)
	y, m, d := a.Date()
	hh, mm, ss := a.Clock()
	switch c {
	case model.ResetDay:
		d += k
	case model.ResetWeek:
		d += 7 * k
	case model.ResetMonth:
		y, m, d = addMonths(y, m, d, k)
	case model.ResetYear:
		y, m, d = addMonths(y, m, d, 12*k)
	}
	return value.Wall(y, m, d, hh, mm, ss, a.Nanosecond(), loc)
}

// addMonths moves (y, m) by k months and clamps d to the last day of the result.
func addMonths(y int, m time.Month, d, k int) (int, time.Month, int) {
	t := int(m) - 1 + k
	y += floorDiv(t, 12)
	m = time.Month(t - 12*floorDiv(t, 12) + 1)
	if last := daysIn(y, m); d > last {
		d = last
	}
	return y, m, d
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// daysIn is the number of days of month m in year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// anchorOf is the instant boundaries are counted from (rules.md §2.2).
func anchorOf(p *model.Package, loc *time.Location) time.Time {
	e := p.Effective.In(loc)
	y, m, d := e.Date()
	switch p.ResetAnchor.Kind {
	case model.AnchorTimestamp:
		return p.ResetAnchor.At
	case model.AnchorClock:
		c := p.ResetAnchor.Clock
		return value.Wall(y, m, d, int(c/time.Hour), int(c%time.Hour/time.Minute),
			int(c%time.Minute/time.Second), 0, loc)
	case model.AnchorNatural:
		switch p.ResetCycle {
		case model.ResetHour:
			return value.Wall(y, m, d, e.Hour(), 0, 0, 0, loc)
		case model.ResetWeek:
			return value.Wall(y, m, d-(int(e.Weekday())+6)%7, 0, 0, 0, 0, loc)
		case model.ResetMonth:
			return value.Wall(y, m, 1, 0, 0, 0, 0, loc)
		case model.ResetYear:
			return value.Wall(y, time.January, 1, 0, 0, 0, 0, loc)
		}
		return value.Wall(y, m, d, 0, 0, 0, 0, loc)
	}
	return p.Effective
}

// firstK returns the largest k with boundary(k) <= t. It starts from a guess in whole
// seconds since 1970 (a time.Duration between instants more than 292 years apart
// saturates), which the loops correct by a step or two: a zone moves a day's boundary
// by hours, and the division truncates toward zero.
func firstK(anchor, t time.Time, c model.ResetCycle, loc *time.Location) int {
	var k int
	switch c {
	case model.ResetHour:
		k = int((t.Unix() - anchor.Unix()) / 3600)
	case model.ResetDay:
		k = int((t.Unix() - anchor.Unix()) / (24 * 3600))
	case model.ResetWeek:
		k = int((t.Unix() - anchor.Unix()) / (7 * 24 * 3600))
	case model.ResetMonth, model.ResetYear:
		a, b := anchor.In(loc), t.In(loc)
		k = (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
		if c == model.ResetYear {
			k = b.Year() - a.Year()
		}
	}
	for boundary(anchor, c, k, loc).After(t) {
		k--
	}
	for !boundary(anchor, c, k+1, loc).After(t) {
		k++
	}
	return k
}

// PeriodCount is the number of reset periods of p from effective_time to
// expiration_time before any cut, the FullPeriods buildPeriods sets, counted from the
// anchor without building them (rules.md §2.2): the boundaries strictly inside the span,
// plus one. A package that does not reset has one period. The loader refuses a package
// with more than limits.periods of them, before the replay builds any.
func PeriodCount(p *model.Package, loc *time.Location) int {
	switch {
	case !p.Resettable():
		return 1
	case !p.Expiration.After(p.Effective):
		return 0
	}
	anchor := anchorOf(p, loc)
	first := firstK(anchor, p.Effective, p.ResetCycle, loc)
	last := firstK(anchor, p.Expiration, p.ResetCycle, loc)
	if boundary(anchor, p.ResetCycle, last, loc).Equal(p.Expiration) {
		last-- // a boundary at the expiration ends the last period and starts none
	}
	return last - first + 1
}

// DayCount is the calendar days p's validity touches in loc, from the date of
// effective_time to that of the last instant before expiration_time (a date the zone
// skips whole counts); 0 for an empty validity. A linear amortization has a row for
// each (rules.md §3.3): the loader counts them against limits.linear_days.
func DayCount(p *model.Package, loc *time.Location) int64 {
	if p.Effective.IsZero() || !p.Expiration.After(p.Effective) {
		return 0
	}
	first := value.DateOf(p.Effective, loc).Unix()
	last := value.DateOf(p.Expiration.Add(-time.Nanosecond), loc).Unix()
	return (last-first)/86400 + 1
}

// UncutPeriods is the reset periods p has when it runs its whole validity, neither
// destroyed nor upgraded: those a replay of p alone, ending at its expiration, gives it.
// Amortization compares a period cut short with its uncut one (rules.md §3.4).
func UncutPeriods(p *model.Package, loc *time.Location) []Period {
	ps := PackageState{Pkg: p, End: p.Expiration, EndCause: EndExpired}
	if ps.End.Before(p.Effective) {
		ps.End = p.Effective
	}
	var buf []Period
	buildPeriods(&ps, loc, &buf)
	return ps.Periods
}

// buildPeriods sets ps.Periods (pieces of [Effective, End)) and ps.FullPeriods (pieces
// of [Effective, Expiration) before any cut). A non-resettable package has exactly one
// period, its validity; an empty validity (End = Effective) is one empty period
// [Effective, Effective), resettable or not.
// buf is scratch space, so that each package gets an exactly sized slice.
func buildPeriods(ps *PackageState, loc *time.Location, buf *[]Period) {
	p := ps.Pkg
	if !p.Resettable() {
		ps.Periods = []Period{{Start: p.Effective, End: ps.End}}
		ps.FullPeriods = 1
		return
	}
	anchor := anchorOf(p, loc)
	k := firstK(anchor, p.Effective, p.ResetCycle, loc)
	pers := (*buf)[:0]
	start, n := p.Effective, 0
	for start.Before(p.Expiration) {
		k++
		end := boundary(anchor, p.ResetCycle, k, loc)
		if !end.After(start) {
			continue // cannot happen with a sane zone; never loop on it
		}
		if end.After(p.Expiration) {
			end = p.Expiration
		}
		if start.Before(ps.End) {
			cut := end
			if cut.After(ps.End) {
				cut = ps.End
			}
			pers = append(pers, Period{Index: n, Start: start, End: cut})
		}
		start = end
		n++
	}
	ps.FullPeriods = n
	if len(pers) == 0 { // an empty validity (destroyed at its effective instant)
		pers = append(pers, Period{Start: p.Effective, End: ps.End})
	}
	ps.Periods = slices.Clone(pers)
	*buf = pers
}
