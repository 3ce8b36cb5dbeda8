package reference

import "time"

// wall is the instant of the wall clock y-m-d h:mi:s.ns in loc by the daylight-saving rule
// of docs/rules.md, found by brute force rather than from the zone's transitions: every
// offset loc takes within two days of the wall clock is tried; of the instants that show
// it, the latest wins (a repeated hour); when none does (a skipped hour), the wall clock
// is read with the offset in force before the jump, which is the one instant tried whose
// own offset is larger than the one it was read with.
func wall(y int, m time.Month, d, h, mi, s, ns int, loc *time.Location) time.Time {
	w := time.Date(y, m, d, h, mi, s, ns, time.UTC)
	offs := map[int]bool{}
	for dt := -52 * time.Hour; dt <= 52*time.Hour; dt += 10 * time.Minute {
		_, off := w.Add(dt).In(loc).Zone()
		offs[off] = true
	}
	var shows, skipped time.Time
	for off := range offs {
		u := w.Add(-time.Duration(off) * time.Second)
		_, own := u.In(loc).Zone()
		switch {
		case own == off && (shows.IsZero() || u.After(shows)):
			shows = u
		case own > off && (skipped.IsZero() || u.After(skipped)):
			skipped = u
		}
	}
	if shows.IsZero() {
		return skipped.In(loc)
	}
	return shows.In(loc)
}
