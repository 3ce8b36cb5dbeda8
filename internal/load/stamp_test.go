package load

import (
	"math/rand/v2"
	"testing"
	"time"
	_ "time/tzdata" // zones with daylight saving, on any machine

	"github.com/pkgctl/pkgctl/internal/value"
)

// TestStampMatchesParseTime: the fast path of valueCache.time gives exactly (==, same
// representation and zone) what value.ParseTime gives, in zones with and without
// daylight saving (Lord Howe shifts by 30 minutes), over random instants and every
// minute around each zone transition of 1970-2040; and it does take the fast path for
// an ordinary Shanghai time.
func TestStampMatchesParseTime(t *testing.T) {
	zones := []*time.Location{shanghai, time.UTC, time.FixedZone("X", -(3*3600 + 1800)),
		mustZone("America/New_York"), mustZone("Europe/London"), mustZone("Australia/Lord_Howe")}
	rng := rand.New(rand.NewPCG(1, 2))
	fast := 0
	for _, loc := range zones {
		c := newValueCache()
		check := func(s string) {
			want, _, wantErr := value.ParseTime(s, loc)
			got, err := c.time(s, loc)
			if got != want || (err == nil) != (wantErr == nil) {
				t.Fatalf("%s in %s: got %v (%v), want %v (%v)", s, loc, got, err, want, wantErr)
			}
			if _, ok := c.stamp(s, loc); ok {
				fast++
			}
		}
		for range 20000 {
			u := time.Unix(rng.Int64N(4_000_000_000)-1_000_000_000, 0).In(loc)
			check(u.Format(time.DateTime))
		}
		for u := time.Date(1970, 1, 1, 0, 0, 0, 0, loc); u.Year() < 2040; {
			_, end := u.ZoneBounds()
			if end.IsZero() {
				break
			}
			for d := -26 * time.Hour; d <= 26*time.Hour; d += 7 * time.Minute {
				check(end.Add(d).In(loc).Format(time.DateTime))
			}
			u = end
		}
		for _, s := range []string{"2024-02-29 23:59:59", "2023-02-29 10:00:00", "2024-01-01 24:00:00",
			"2024-01-01 10:60:00", "2024-13-01 00:00:00", "0000-00-00 00:00:00", "2024-01-01 1a:00:00"} {
			check(s)
		}
	}
	if _, ok := newValueCache().stamp("2024-03-10 02:30:00", shanghai); !ok || fast == 0 {
		t.Fatal("the fast path is not taken")
	}
}
