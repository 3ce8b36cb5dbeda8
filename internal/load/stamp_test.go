package load

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // zones with daylight saving, on any machine

	"github.com/pkgctl/pkgctl/internal/model"
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
			if st, ok := c.fastStamp(s, loc); ok {
				if ws, wok := model.StampOf(want); !wok || st != ws || wantErr != nil {
					t.Fatalf("%s in %s: fastStamp %d, want %d (%v, %v)", s, loc, st, ws, wok, wantErr)
				}
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
			"2024-01-01 10:60:00", "2024-13-01 00:00:00", "0000-00-00 00:00:00", "2024-01-01 1a:00:00",
			// the ends of what a Stamp holds, in this zone's wall clock
			"1677-09-20 23:59:59", "1677-09-21 00:12:44", "1677-09-21 08:30:00", "1677-09-22 00:00:00",
			"2262-04-11 07:47:16", "2262-04-11 23:00:00", "2262-04-11 23:59:59", "2262-04-12 08:00:00"} {
			check(s)
		}
	}
	if _, ok := newValueCache().stamp("2024-03-10 02:30:00", shanghai); !ok || fast == 0 {
		t.Fatal("the fast path is not taken")
	}
	if _, ok := newValueCache().fastStamp("2024-03-10 02:30:00", shanghai); !ok {
		t.Fatal("fastStamp is not taken")
	}
}

// TestFastTimesMatchGeneralWay: usage whose times take fastTimes loads exactly as with
// every cell parsed anew (no cache, no fast path): the same records, problems and
// messages, for times in zones with daylight saving, near the ends of the Stamp range,
// with a blank deduct_time, and with end or deduct before start.
func TestFastTimesMatchGeneralWay(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	zones := []*time.Location{shanghai, mustZone("America/New_York"), mustZone("Australia/Lord_Howe")}
	near := []time.Time{time.Date(2024, 3, 10, 2, 0, 0, 0, time.UTC), time.Date(2024, 11, 3, 1, 0, 0, 0, time.UTC),
		time.Date(2024, 4, 7, 2, 0, 0, 0, time.UTC), time.Date(1677, 9, 21, 0, 12, 44, 0, time.UTC),
		time.Date(2262, 4, 11, 23, 47, 16, 0, time.UTC), time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)}
	for i := range 300 {
		loc := zones[rng.IntN(len(zones))]
		var b strings.Builder
		b.WriteString("record_id,product,billing_item,start_time,end_time,deduct_time,quantity,unit\n")
		for k := range 40 {
			at := func() string {
				base := near[rng.IntN(len(near))]
				u := time.Date(base.Year(), base.Month(), base.Day(), base.Hour(), 0, 0, 0, loc)
				return u.Add(time.Duration(rng.IntN(8*3600)-4*3600) * time.Second).Format(time.DateTime)
			}
			deduct := at()
			if rng.IntN(4) == 0 {
				deduct = ""
			}
			fmt.Fprintf(&b, "r%d,OBS,Traffic,%s,%s,%s,1,GB\n", k, at(), at(), deduct)
		}
		opt := testOptions()
		opt.Location, opt.SkipInvalid = loc, rng.IntN(2) == 0
		par, ref := loadBoth([]byte(b.String()), opt, 1+rng.IntN(4000), false)
		if d := par.diff(ref); d != "" {
			t.Fatalf("case %d (%s): %s\ninput:\n%s", i, loc, d, b.String())
		}
	}
}
