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
