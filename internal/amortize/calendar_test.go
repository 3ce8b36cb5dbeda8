package amortize

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/value"
)

// Property: a calendar's midnights, billing cycles and day lengths are those value.Wall
// builds, for days asked in any order over eight thousand years (the days a day's
// length is known without building it, and days past the bound of the cache, alike), in
// zones with daylight saving, half-hour jumps and a skipped day; its cache never holds
// more than cacheDays days.
func TestCalendarMatchesWall(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 29))
	zones := []string{"Asia/Shanghai", "UTC", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia",
		"Europe/London", "Asia/Kathmandu"}
	lo, hi := day(time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC).Unix()/86400), day(time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC).Unix()/86400)
	for _, name := range zones {
		loc := mustZone(name)
		c := newCalendar(loc)
		wall := func(d day) time.Time {
			y, m, dd := time.Unix(int64(d)*86400, 0).UTC().Date()
			return value.Wall(y, m, dd, 0, 0, 0, 0, loc)
		}
		for range 3000 {
			d := lo + day(r.Int64N(int64(hi-lo)))
			if r.IntN(2) == 0 { // a day near a recent transition
				d = day(time.Date(2000+r.IntN(30), 1, 1, 0, 0, 0, 0, time.UTC).Unix()/86400) + day(r.IntN(366))
			}
			for k := range day(1 + r.IntN(3)) { // and the days after it
				d := d + k
				mid, cycle := c.dayOf(d)
				if want := wall(d); !mid.Equal(want) || cycle != want.Format("2006-01") {
					t.Fatalf("%s day %d: %s %s, want %s", name, d, mid, cycle, want)
				}
				if n, want := c.dayLength(d), wall(d+1).Sub(wall(d)).Nanoseconds(); n != want {
					t.Fatalf("%s %s: %d ns, want %d", name, wall(d).Format(time.DateOnly), n, want)
				}
			}
		}
		if len(c.mid) > 1<<16 {
			t.Errorf("%s: %d days cached, want at most %d", name, len(c.mid), 1<<16)
		}
	}
}
