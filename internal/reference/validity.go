package reference

import (
	"sort"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
)

// EndCause is the event that ended a package's validity.
type EndCause int

const (
	EndExpired   EndCause = iota // expiration_time
	EndDestroyed                 // destroyed_time (wins a tie with the expiration)
	EndUpgraded                  // an upgrade took effect strictly before the other ends
)

// Period is one reset period (the whole validity when not resettable), cut by the
// validity's end; Index is its place among the periods of the uncut validity.
type Period struct {
	Index      int
	Start, End time.Time
	// Complete says the period runs to its own natural end (the next boundary, or the
	// expiration), i.e. it was not cut short by an upgrade or a destruction.
	Complete bool
}

// Pkg is a package with its validity and periods decided.
type Pkg struct {
	*model.Package
	End        time.Time // the validity end after cuts, exclusive
	Cause      EndCause
	UpgradedBy *Pkg     // the upgrade that cut it (EndUpgraded)
	Periods    []Period // the pieces of [Effective, End); one when not resettable
	// FullPeriods counts the periods from effective to expiration before any cut.
	FullPeriods int
	// CutOriginal is the package this one upgrades, when this upgrade cut it.
	CutOriginal *Pkg
}

// decideValidity sets End, Cause and UpgradedBy of every package (rules: Replay ›
// Upgrade ties): the validity ends at the earliest of the expiration and the destruction (a
// destruction wins a tie), unless the earliest upgrade of the package (then the lowest
// id) takes effect strictly before that; then that upgrade ends it.
func decideValidity(pkgs []*Pkg) {
	for _, p := range pkgs {
		p.End, p.Cause = p.Expiration, EndExpired
		if !p.Destroyed.IsZero() && !p.Destroyed.After(p.End) {
			p.End, p.Cause = p.Destroyed, EndDestroyed
		}
		var ups []*Pkg
		for _, u := range pkgs {
			if u.OrderType == model.OrderUpgrade && u.OriginalID == p.ID {
				ups = append(ups, u)
			}
		}
		sort.Slice(ups, func(i, j int) bool {
			if !ups[i].Effective.Equal(ups[j].Effective) {
				return ups[i].Effective.Before(ups[j].Effective)
			}
			return ups[i].ID < ups[j].ID
		})
		if len(ups) > 0 && ups[0].Effective.Before(p.End) {
			p.End, p.Cause, p.UpgradedBy = ups[0].Effective, EndUpgraded, ups[0]
			ups[0].CutOriginal = p
		}
	}
}

// anchor is the instant the reset boundaries count from (rules: Replay › An hourly cycle
// with a clock anchor):
// subscription → the effective time; natural → the calendar boundary at or before the
// effective time (the hour; 00:00; Monday 00:00; the 1st; January 1st); a clock time →
// that time of day on the effective date; a timestamp → itself. All in the configured zone.
func (c *Config) anchor(p *model.Package) time.Time {
	e := p.Effective.In(c.Loc)
	switch p.ResetAnchor.Kind {
	case model.AnchorNatural:
		switch p.ResetCycle {
		case model.ResetHour:
			return wall(e.Year(), e.Month(), e.Day(), e.Hour(), 0, 0, 0, c.Loc)
		case model.ResetDay:
			return wall(e.Year(), e.Month(), e.Day(), 0, 0, 0, 0, c.Loc)
		case model.ResetWeek:
			back := (int(e.Weekday()) + 6) % 7 // days since Monday
			return wall(e.Year(), e.Month(), e.Day()-back, 0, 0, 0, 0, c.Loc)
		case model.ResetMonth:
			return wall(e.Year(), e.Month(), 1, 0, 0, 0, 0, c.Loc)
		case model.ResetYear:
			return wall(e.Year(), time.January, 1, 0, 0, 0, 0, c.Loc)
		}
	case model.AnchorClock:
		k := p.ResetAnchor.Clock // a wall-clock time of day, also on a daylight-saving day
		return wall(e.Year(), e.Month(), e.Day(), int(k/time.Hour), int(k%time.Hour/time.Minute),
			int(k%time.Minute/time.Second), int(k%time.Second), c.Loc)
	case model.AnchorTimestamp:
		return p.ResetAnchor.At.In(c.Loc)
	}
	return e
}

// boundary is anchor + k·cycle, computed from the anchor (never step by step): hours
// are added as durations; days and weeks on the calendar keeping the anchor's wall
// clock; months and years keep the anchor's day of month, clamped to the month's last
// day (anchor Jan 31 → Feb 29 2024 → Mar 31).
func (c *Config) boundary(a time.Time, cycle model.ResetCycle, k int) time.Time {
	a = a.In(c.Loc)
	onDay := func(y int, m time.Month, d int) time.Time { // the anchor's wall clock on that day
		return wall(y, m, d, a.Hour(), a.Minute(), a.Second(), a.Nanosecond(), c.Loc)
	}
	clamped := func(y int, m time.Month) time.Time {
		first := wall(y, m, 1, 0, 0, 0, 0, c.Loc) // normalizes the month
		last := wall(first.Year(), first.Month()+1, 0, 0, 0, 0, 0, c.Loc).Day()
		return onDay(first.Year(), first.Month(), min(a.Day(), last))
	}
	switch cycle {
	case model.ResetHour:
		return a.Add(time.Duration(k) * time.Hour)
	case model.ResetDay:
		return onDay(a.Year(), a.Month(), a.Day()+k)
	case model.ResetWeek:
		return onDay(a.Year(), a.Month(), a.Day()+7*k)
	case model.ResetMonth:
		return clamped(a.Year(), a.Month()+time.Month(k))
	case model.ResetYear:
		return clamped(a.Year()+k, a.Month())
	}
	panic("reference: boundary of a package that does not reset")
}

// boundariesInside lists the reset boundaries strictly inside (from, to), in order.
func (c *Config) boundariesInside(p *model.Package, from, to time.Time) []time.Time {
	a := c.anchor(p)
	// Find the last k whose boundary is at or before from: start near it, then walk.
	approx := map[model.ResetCycle]time.Duration{model.ResetHour: time.Hour, model.ResetDay: 24 * time.Hour,
		model.ResetWeek: 7 * 24 * time.Hour, model.ResetMonth: 30 * 24 * time.Hour, model.ResetYear: 365 * 24 * time.Hour}
	k := int(from.Sub(a) / approx[p.ResetCycle])
	for c.boundary(a, p.ResetCycle, k).After(from) {
		k--
	}
	for !c.boundary(a, p.ResetCycle, k+1).After(from) {
		k++
	}
	var out []time.Time
	for j := k + 1; ; j++ {
		b := c.boundary(a, p.ResetCycle, j)
		if !b.Before(to) {
			return out
		}
		out = append(out, b)
	}
}

// decidePeriods cuts the validity of every package into its periods (rules: Replay): a resettable package at every boundary strictly inside its validity, each
// piece a period with the full capacity; a non-resettable package has one period, its
// validity. FullPeriods counts the pieces of the uncut effective → expiration span.
// A validity destroyed at its effective instant is one empty period.
func (c *Config) decidePeriods(pkgs []*Pkg) {
	for _, p := range pkgs {
		var cuts, full []time.Time
		if p.Resettable() {
			cuts = c.boundariesInside(p.Package, p.Effective, p.End)
			full = c.boundariesInside(p.Package, p.Effective, p.Expiration)
		}
		p.FullPeriods = len(full) + 1
		start := p.Effective
		for i, b := range append(cuts, p.End) {
			natural := p.Expiration
			if i < len(full) {
				natural = full[i]
			}
			p.Periods = append(p.Periods, Period{Index: i, Start: start, End: b, Complete: b.Equal(natural)})
			start = b
		}
	}
}
