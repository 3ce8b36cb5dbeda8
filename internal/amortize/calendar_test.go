package amortize

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
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

// Property: walked in date order over more days than the cache holds (as the walk of
// the bills walks a linear package to 9999), a calendar gives value.Wall's midnights and
// day lengths, and keeps the days it passed last: the window slides with the walk
// rather than building every day past it again.
func TestCalendarWindowSlides(t *testing.T) {
	for _, name := range []string{"Europe/Berlin", "America/Havana"} {
		loc := mustZone(name)
		c := newCalendar(loc)
		wall := func(d day) time.Time {
			y, m, dd := time.Unix(int64(d)*86400, 0).UTC().Date()
			return value.Wall(y, m, dd, 0, 0, 0, 0, loc)
		}
		first := day(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix() / 86400)
		last := first + 3*cacheDays + 100
		for d := first; d <= last; d++ {
			mid, cycle := c.dayOf(d)
			if d%97 == 0 || d > last-3 {
				if want := wall(d); !mid.Equal(want) || cycle != want.Format("2006-01") {
					t.Fatalf("%s day %d: %s %s, want %s", name, d, mid, cycle, want)
				}
				if n, want := c.dayLength(d), wall(d+1).Sub(wall(d)).Nanoseconds(); n != want {
					t.Fatalf("%s %s: %d ns, want %d", name, wall(d).Format(time.DateOnly), n, want)
				}
			}
		}
		if len(c.mid) > cacheDays {
			t.Fatalf("%s: %d days cached, want at most %d", name, len(c.mid), cacheDays)
		}
		for d := last - 1000; d <= last; d++ { // held, not built again when asked
			if i := int(d - c.base); i < 0 || i >= len(c.cycle) || c.cycle[i] == "" {
				t.Fatalf("%s: day %d, %d days before the last walked, is not in the cache (base %d, %d days)",
					name, d, last-d, c.base, len(c.mid))
			}
		}
	}
}

// Property: the calendar's day of an instant is value.DayOf's (the day whose midnight is
// at or before it), and linear packages that begin or end around a change of offset
// (America/Havana repeats 00:00–01:00; others skip or repeat other hours) have their
// rows dated within their validity's days and, once ended, summing exactly to their fee,
// on int64s and on decimals alike.
func TestLinearAroundTransitions(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 31))
	for _, name := range []string{"America/Havana", "America/Santiago", "America/Asuncion", "Africa/Cairo",
		"Asia/Beirut", "America/New_York", "Australia/Lord_Howe"} {
		loc := mustZone(name)
		var ends []time.Time // the zone's changes of offset, 2010–2030
		for at := time.Date(2010, 1, 1, 0, 0, 0, 0, loc); at.Year() < 2030; {
			_, end := at.ZoneBounds()
			if end.IsZero() {
				break
			}
			ends, at = append(ends, end), end.In(loc)
		}
		c := newCalendar(loc)
		for iter := 0; iter < 60; iter++ {
			tr := ends[r.IntN(len(ends))]
			eff := tr.Add(time.Duration(r.IntN(360)-180)*time.Minute + time.Duration(r.IntN(60))*time.Second).In(loc)
			exp := eff.Add(time.Duration(1+r.IntN(96)) * time.Hour).Add(time.Duration(r.IntN(60)) * time.Minute)
			if r.IntN(2) == 0 { // ending around a change instead
				exp = tr.Add(time.Duration(r.IntN(360)-180) * time.Minute).In(loc)
				eff = exp.Add(-time.Duration(1+r.IntN(96)) * time.Hour)
			}
			for _, u := range []time.Time{eff, exp, exp.Add(-time.Nanosecond)} {
				y, m, d := value.DayOf(u, loc)
				if got, want := c.at(u), day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()/86400); got != want {
					t.Fatalf("%s %s: calendar day %d, DayOf %d", name, u.Format(time.RFC3339), got, want)
				}
			}
			p := pkg("L", "ECS", "2024-01-01 00:00", "2024-01-01 00:00", "1", "instance", "0", model.ResetNone)
			p.Effective, p.Expiration, p.Amortization = eff, exp, model.MethodLinear
			p.Fee = fee(decimal.New(1+r.Int64N(1e7), -2).String())
			asOf := exp.Add(72 * time.Hour)
			l, err := replay.Run([]model.Package{p}, nil, replay.Options{Location: loc, AsOf: asOf, Precision: 2})
			if err != nil {
				t.Fatal(err)
			}
			cfg := Config{Location: loc, Precision: 2, UsageBasedFrom: DefaultUsageBasedFrom(loc),
				UsageBasedProducts: DefaultUsageBasedProducts, AsOf: asOf}
			var got [2][]string
			for k, decimalOnly := range []bool{false, true} {
				res, err := run(l, cfg, decimalOnly)
				if err != nil {
					t.Fatal(err)
				}
				checkTotals(t, res)
				if !res.Totals[0].Ended || !res.Totals[0].Amortized.Equal(p.Fee.Decimal) {
					t.Fatalf("%s %s → %s: amortized %s of %s", name, eff.Format(time.RFC3339), exp.Format(time.RFC3339),
						res.Totals[0].Amortized, p.Fee.Decimal)
				}
				first, last := value.Midnight(eff, loc, 0), value.Midnight(exp.Add(-time.Nanosecond), loc, 0)
				for _, b := range res.Bills {
					if b.Date.Before(first) || b.Date.After(last) {
						t.Fatalf("%s %s → %s: a row on %s", name, eff.Format(time.RFC3339), exp.Format(time.RFC3339), b.Date.Format(time.RFC3339))
					}
				}
				got[k] = lines(res.Bills)
			}
			if strings.Join(got[0], "\n") != strings.Join(got[1], "\n") {
				t.Fatalf("%s %s → %s:\nint64s   %v\ndecimals %v", name, eff.Format(time.RFC3339), exp.Format(time.RFC3339), got[0], got[1])
			}
		}
	}
}
