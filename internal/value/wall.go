package value

import "time"

// TransitionReach bounds how far apart two instants that show one wall clock can lie
// (and so how far from a change of offset an instant's day may differ from its date):
// each lies within a day of the wall clock read as UTC (offsets stay within ±24
// hours), so within two days of each other; an hour is added for safety.
const TransitionReach = 49 * time.Hour

// steady reports whether t's zone keeps t's offset for more than TransitionReach on
// either side: no other instant shows t's wall clock, nor any other near it.
func steady(t time.Time) bool {
	start, end := t.ZoneBounds()
	return (start.IsZero() || t.Sub(start) > TransitionReach) && (end.IsZero() || end.Sub(t) > TransitionReach)
}

// Wall is the instant whose wall clock in loc is y-mo-d h:mi:s.ns (normalized as
// time.Date normalizes it), by the rules.md §1.7 rule for daylight saving: a wall clock
// the zone shows twice (when the clocks go back) is the later of its two instants, and
// one the zone skips (when they go forward) is read with the offset from before the jump,
// so it lands as far past the jump as it lies past the jump's start (an hour later, for
// an hour's jump). time.Date leaves that choice open, and it does pick the other instant
// in zones west of UTC (America/New_York's 2024-03-10 02:30 as 01:30-05:00, where the
// rule gives 03:30-04:00). The result is in loc.
func Wall(y int, mo time.Month, d, h, mi, s, ns int, loc *time.Location) time.Time {
	t := time.Date(y, mo, d, h, mi, s, ns, loc)
	if steady(t) {
		return t // no other offset within reach: the one instant
	}
	w := time.Date(y, mo, d, h, mi, s, ns, time.UTC) // the wall clock, read as UTC
	var later time.Time                              // the latest instant showing w
	var skipped time.Time                            // w read with the offset before a jump over it
	p := w.Add(-TransitionReach).In(loc)
	for range 16 { // the zone's periods over w ± TransitionReach, in order
		_, off := p.Zone()
		from, to := p.ZoneBounds()
		u := w.Add(-time.Duration(off) * time.Second)
		if (from.IsZero() || !u.Before(from)) && (to.IsZero() || u.Before(to)) {
			later = u
		}
		if to.IsZero() || to.After(w.Add(TransitionReach)) {
			break
		}
		next := to.In(loc)
		_, nextOff := next.Zone()
		if jumpStart := to.Add(time.Duration(off) * time.Second); nextOff > off && !w.Before(jumpStart) &&
			w.Before(to.Add(time.Duration(nextOff)*time.Second)) {
			skipped = u
		}
		p = next
	}
	switch {
	case !later.IsZero():
		return later.In(loc)
	case !skipped.IsZero():
		return skipped.In(loc)
	}
	return t
}

// Midnight is the start of the day that is days days after t's day in loc (0: t's own
// day, DayOf): its midnight by Wall, which is the jump itself where the zone skips
// midnight.
func Midnight(t time.Time, loc *time.Location, days int) time.Time {
	y, m, d := DayOf(t, loc)
	return Wall(y, m, d+days, 0, 0, 0, 0, loc)
}

// DayOf is the calendar day of t in loc: the day whose midnight (by Wall) is at or
// before t and whose next midnight is after it. That is t's date in loc, but in the
// hour a zone repeats across midnight: America/Havana turns its clocks back from
// 2024-11-03 01:00 CDT to 00:00 CST, so 00:00–00:59 is shown twice and the day starts at
// the later 00:00 (rules.md §1.7); 00:30 CDT, the first, lies in 2024-11-02.
func DayOf(t time.Time, loc *time.Location) (int, time.Month, int) {
	lt := t.In(loc)
	y, m, d := lt.Date()
	if steady(lt) {
		return y, m, d // no other offset within reach: the date's one midnight is before t
	}
	if t.Before(Wall(y, m, d, 0, 0, 0, 0, loc)) {
		return time.Date(y, m, d-1, 0, 0, 0, 0, time.UTC).Date()
	}
	return y, m, d
}

// DateOf is DayOf as that date's midnight in UTC: a date to print or count days by, not
// an instant in loc (where a zone skips midnight, that midnight's own date is the next).
func DateOf(t time.Time, loc *time.Location) time.Time {
	y, m, d := DayOf(t, loc)
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
