package value

import (
	"testing"
	"time"
)

// The rules.md §1.7 examples, east and west of UTC, and a half-hour jump.
func TestWallDaylightSaving(t *testing.T) {
	for _, c := range []struct {
		zone, wall, want string
	}{
		{"Europe/Berlin", "2025-10-26 02:30:00", "2025-10-26T02:30:00+01:00"}, // repeated: the later
		{"Europe/Berlin", "2025-03-30 02:30:00", "2025-03-30T03:30:00+02:00"}, // skipped: an hour later
		{"America/New_York", "2024-11-03 01:30:00", "2024-11-03T01:30:00-05:00"},
		{"America/New_York", "2024-03-10 02:30:00", "2024-03-10T03:30:00-04:00"},
		{"America/New_York", "2024-03-10 02:00:00", "2024-03-10T03:00:00-04:00"},
		{"America/New_York", "2024-03-10 03:00:00", "2024-03-10T03:00:00-04:00"},
		{"America/New_York", "2024-03-10 01:59:59", "2024-03-10T01:59:59-05:00"},
		{"America/Santiago", "2024-09-08 00:00:00", "2024-09-08T01:00:00-03:00"}, // midnight skipped
		{"America/Santiago", "2024-09-07 23:59:59", "2024-09-07T23:59:59-04:00"},
		{"America/Santiago", "2024-04-06 23:30:00", "2024-04-06T23:30:00-04:00"}, // repeated before midnight
		{"America/Santiago", "2024-04-06 22:59:59", "2024-04-06T22:59:59-03:00"},
		{"Australia/Lord_Howe", "2024-10-06 02:15:00", "2024-10-06T02:45:00+11:00"}, // a half-hour jump
		{"Australia/Lord_Howe", "2024-04-07 01:45:00", "2024-04-07T01:45:00+10:30"},
		{"Asia/Shanghai", "2024-06-01 12:00:00", "2024-06-01T12:00:00+08:00"},
	} {
		loc := mustZone(c.zone)
		w, err := time.Parse(time.DateTime, c.wall)
		if err != nil {
			t.Fatal(err)
		}
		got := Wall(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, loc)
		if s := got.Format(time.RFC3339); s != c.want || got.Location() != loc {
			t.Errorf("%s %s: %s (%v), want %s", c.zone, c.wall, s, got.Location(), c.want)
		}
		if st, _, err := ParseTime(c.wall, loc); err != nil || !st.Equal(got) {
			t.Errorf("%s ParseTime(%s) = %v, %v; want %v", c.zone, c.wall, st, err, got)
		}
	}
}

// Around every transition of a few zones from 1900 to 2040, every few minutes: the result
// shows the wall clock asked for (or, skipped, that wall clock read with the offset from
// before the jump), no later instant shows it, and in zones east of UTC (where time.Date
// already follows the rule) it is time.Date's.
func TestWallAroundTransitions(t *testing.T) {
	for _, name := range []string{"America/New_York", "America/Santiago", "America/Sao_Paulo", "America/Havana",
		"America/Asuncion", "America/St_Johns", "Africa/Monrovia", "Europe/Berlin", "Europe/London",
		"Australia/Lord_Howe", "Australia/Sydney", "Asia/Shanghai", "Asia/Kathmandu", "Pacific/Apia"} {
		loc := mustZone(name)
		checked := 0
		at := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).In(loc)
		for at.Year() < 2040 {
			_, end := at.ZoneBounds()
			if end.IsZero() {
				break
			}
			for k := -40; k <= 40; k++ {
				u := end.Add(time.Duration(k) * 7 * time.Minute) // instants around the transition
				for _, wallOf := range []time.Time{u.In(loc), u.In(time.FixedZone("", offsetOf(end.Add(-time.Second).In(loc))))} {
					checkWall(t, name, loc, wallOf)
					checked++
				}
			}
			at = end.In(loc)
		}
		if checked == 0 {
			t.Errorf("%s: no transition", name)
		}
	}
}

func offsetOf(t time.Time) int { _, off := t.Zone(); return off }

// checkWall checks Wall on the wall clock that ref shows.
func checkWall(t *testing.T, name string, loc *time.Location, ref time.Time) {
	t.Helper()
	y, mo, d := ref.Date()
	h, mi, s := ref.Clock()
	w := time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	got := Wall(y, mo, d, h, mi, s, 0, loc)
	gy, gmo, gd := got.Date()
	gh, gmi, gs := got.Clock()
	shown := time.Date(gy, gmo, gd, gh, gmi, gs, 0, time.UTC)
	before := offsetOf(got.Add(-6 * time.Hour))
	switch {
	case shown.Equal(w):
		for _, off := range []int{offsetOf(got.Add(-6 * time.Hour)), offsetOf(got.Add(6 * time.Hour))} {
			if u := w.Add(-time.Duration(off) * time.Second); u.After(got) && offsetOf(u.In(loc)) == off {
				t.Fatalf("%s %s: %s, but %s shows it too, later", name, w.Format(time.DateTime), got.Format(time.RFC3339), u.In(loc).Format(time.RFC3339))
			}
		}
	case !got.Equal(w.Add(-time.Duration(before)*time.Second)) || offsetOf(got) <= before:
		t.Fatalf("%s %s: %s, neither that wall clock nor it read with the offset before a jump", name, w.Format(time.DateTime), got.Format(time.RFC3339))
	}
	if east := offsetOf(got.Add(-6*time.Hour)) > 0 && offsetOf(got.Add(6*time.Hour)) > 0; east {
		if want := time.Date(y, mo, d, h, mi, s, 0, loc); !got.Equal(want) {
			t.Fatalf("%s %s: %s, time.Date %s", name, w.Format(time.DateTime), got.Format(time.RFC3339), want.Format(time.RFC3339))
		}
	}
}

// Property: DayOf(t) is the day whose midnight (Wall) is at or before t and whose next
// midnight is after t, for instants around every transition of zones that skip or
// repeat midnight (America/Havana repeats 00:00–01:00, America/Santiago and
// America/Asuncion skip or repeat around it) and of others.
func TestDayOfAroundTransitions(t *testing.T) {
	for _, name := range []string{"America/Havana", "America/Santiago", "America/Asuncion", "America/Sao_Paulo",
		"America/New_York", "Australia/Lord_Howe", "Asia/Beirut", "Africa/Cairo", "Pacific/Apia", "Asia/Shanghai"} {
		loc := mustZone(name)
		at := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).In(loc)
		before := 0 // instants whose date in loc is not their day
		for at.Year() < 2040 {
			_, end := at.ZoneBounds()
			if end.IsZero() {
				break
			}
			for k := -30; k <= 30; k++ {
				u := end.Add(time.Duration(k) * 7 * time.Minute)
				y, m, d := DayOf(u, loc)
				lo, hi := Wall(y, m, d, 0, 0, 0, 0, loc), Wall(y, m, d+1, 0, 0, 0, 0, loc)
				if u.Before(lo) || !u.Before(hi) {
					t.Fatalf("%s %s: day %d-%02d-%02d runs %s to %s", name, u.In(loc).Format(time.RFC3339), y, m, d,
						lo.Format(time.RFC3339), hi.Format(time.RFC3339))
				}
				if ly, lm, ld := u.In(loc).Date(); ly != y || lm != m || ld != d {
					before++
				}
				if mid := Midnight(u, loc, 0); !mid.Equal(lo) {
					t.Fatalf("%s %s: Midnight %s, want %s", name, u.Format(time.RFC3339), mid.Format(time.RFC3339), lo.Format(time.RFC3339))
				}
			}
			at = end.In(loc)
		}
		if name == "America/Havana" && before == 0 {
			t.Errorf("%s: no instant before its date's midnight", name)
		}
	}
	havana := mustZone("America/Havana")
	for _, c := range []struct{ at, want string }{
		{"2024-11-03T04:30:00Z", "2024-11-02"}, // 00:30 CDT, before the later 00:00
		{"2024-11-03T05:30:00Z", "2024-11-03"}, // 00:30 CST
		{"2024-11-03T03:59:59Z", "2024-11-02"}, // 23:59:59 CDT
	} {
		u, _ := time.Parse(time.RFC3339, c.at)
		y, m, d := DayOf(u, havana)
		if got := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly); got != c.want {
			t.Errorf("DayOf(%s, Havana) = %s, want %s", c.at, got, c.want)
		}
	}
}
