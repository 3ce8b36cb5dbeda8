package replay

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
)

// within runs fn, which only computes (the test checks its results afterwards), and
// fails the test when it has not returned after 10 s: a stepping loop that never ends
// must fail the test, not hang it.
func within(t *testing.T, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("still running after 10 s")
	}
}

// fullPeriods builds the periods of p (a fresh ledger of p alone) in loc.
func fullPeriods(p model.Package, loc *time.Location) *PackageState {
	l, err := newLedger([]model.Package{p}, Options{Location: loc, Precision: 2})
	if err != nil {
		panic(err)
	}
	return &l.Packages[0]
}

// A reset anchored centuries before the validity gives the periods of the same anchor
// a whole number of cycles later (rules.md §2.2): an hour is 3,600 s, whatever the
// distance (a time.Duration holds 292 years only); a day or week keeps the anchor's
// wall clock in the zone. Asia/Shanghai is LMT (+08:05:43) before 1901, so an hourly
// anchor there at 00:00 falls at :54:17 of a later hour (as one in 1890 does): the far
// hourly anchors are written with their offset.
func TestPeriodsFarAnchor(t *testing.T) {
	cst := time.FixedZone("GMT+08:00", 8*3600)
	tests := []struct {
		name     string
		cycle    model.ResetCycle
		far, now time.Time
	}{
		{"hour from year 1000", model.ResetHour, time.Date(1000, 1, 1, 0, 20, 0, 0, cst), time.Date(2023, 1, 1, 0, 20, 0, 0, cst)},
		{"hour from year 1", model.ResetHour, time.Date(1, 1, 1, 7, 20, 0, 0, cst), time.Date(2023, 6, 1, 3, 20, 0, 0, cst)},
		{"hour from LMT", model.ResetHour, time.Date(1000, 1, 1, 0, 0, 0, 0, shanghai), time.Date(1890, 1, 1, 0, 0, 0, 0, shanghai)},
		{"day from year 1000", model.ResetDay, time.Date(1000, 3, 5, 16, 0, 0, 0, shanghai), time.Date(2023, 1, 1, 16, 0, 0, 0, shanghai)},
		{"week from year 1000", model.ResetWeek, time.Date(1000, 1, 1, 9, 0, 0, 0, shanghai), time.Date(2023, 12, 27, 9, 0, 0, 0, shanghai)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got, want string
			within(t, func() {
				for _, a := range []struct {
					anchor time.Time
					out    *string
				}{{tt.far, &got}, {tt.now, &want}} {
					p := pkg("p", "2024-01-01 00:00", "2024-01-03 00:00", "1")
					if tt.cycle == model.ResetWeek {
						p.Expiration = at("2024-02-01 00:00")
					}
					p.ResetCycle, p.ResetAnchor = tt.cycle, model.ResetAnchor{Kind: model.AnchorTimestamp, At: a.anchor}
					*a.out = starts(fullPeriods(p, shanghai))
				}
			})
			if got != want {
				t.Errorf("anchor %s:\n got %s\nwant %s (anchor %s)", tt.far, got, want, tt.now)
			}
		})
	}
}

// boundary and firstK stay exact for an hourly cycle across the whole span pkgctl
// reads (years 1 to 9999): whole days of hours land on the anchor's clock (UTC has no
// daylight saving), and firstK brackets the instant.
func TestHourBoundaryFar(t *testing.T) {
	anchor := time.Date(1, 1, 1, 0, 20, 30, 5, time.UTC)
	days := []int{1, 106_751, 106_752, 1_000_000, 3_652_000}
	instants := []time.Time{time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 6, 1, 12, 20, 30, 5, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)}
	got := make([]time.Time, len(days))
	ks := make([]int, len(instants))
	within(t, func() {
		for i, d := range days {
			got[i] = boundary(anchor, model.ResetHour, 24*d, time.UTC)
		}
		for i, tm := range instants {
			ks[i] = firstK(anchor, tm, model.ResetHour, time.UTC)
		}
	})
	for i, d := range days {
		if want := anchor.AddDate(0, 0, d); !got[i].Equal(want) {
			t.Errorf("boundary(+%d days of hours) = %s, want %s", d, got[i], want)
		}
	}
	for i, tm := range instants {
		b, next := boundary(anchor, model.ResetHour, ks[i], time.UTC), boundary(anchor, model.ResetHour, ks[i]+1, time.UTC)
		if b.After(tm) || !next.After(tm) || b.Minute() != 20 || next.Sub(b) != time.Hour {
			t.Errorf("firstK(%s) = %d: boundaries %s, %s", tm, ks[i], b, next)
		}
	}
}

// PeriodCount is the FullPeriods that building the periods gives, for every cycle and
// kind of anchor, in a zone without and one with daylight saving, on validities that
// start and end on boundaries and between them.
func TestPeriodCount(t *testing.T) {
	berlin := mustZone("Europe/Berlin")
	spans := map[model.ResetCycle]int{ // the longest validity tried, in hours
		model.ResetNone: 24 * 400, model.ResetHour: 24 * 20, model.ResetDay: 24 * 200,
		model.ResetWeek: 24 * 800, model.ResetMonth: 24 * 3000, model.ResetYear: 24 * 15000,
	}
	anchors := []model.ResetAnchor{
		{}, {Kind: model.AnchorNatural},
		{Kind: model.AnchorClock, Clock: 2*time.Hour + 30*time.Minute},
		{Kind: model.AnchorTimestamp, At: time.Date(1999, 1, 31, 6, 45, 0, 0, time.UTC)},
		{Kind: model.AnchorTimestamp, At: time.Date(2040, 3, 30, 2, 30, 0, 0, time.UTC)},
		{Kind: model.AnchorTimestamp, At: time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	r := rand.New(rand.NewPCG(7, 8))
	var bad []string // the packages whose count differs
	within(t, func() {
		for _, loc := range []*time.Location{shanghai, berlin} {
			for cycle := model.ResetNone; cycle <= model.ResetYear; cycle++ {
				span := spans[cycle]
				for iter := 0; iter < 150; iter++ {
					p := pkg("p", "2024-01-01 00:00", "2024-01-02 00:00", "1")
					p.ResetCycle, p.ResetAnchor = cycle, anchors[r.IntN(len(anchors))]
					p.Effective = time.Date(2020+r.IntN(8), time.Month(1+r.IntN(12)), 1+r.IntN(31), r.IntN(24), 30*r.IntN(2), 0, 0, loc)
					p.Expiration = p.Effective.Add(time.Duration(1+r.IntN(span)) * time.Hour)
					if iter%3 == 0 { // end on a boundary
						a := anchorOf(&p, loc)
						if cycle != model.ResetNone {
							k := firstK(a, p.Expiration, cycle, loc)
							if b := boundary(a, cycle, k, loc); b.After(p.Effective) {
								p.Expiration = b
							}
						}
					}
					if got, want := PeriodCount(&p, loc), fullPeriods(p, loc).FullPeriods; got != want {
						bad = append(bad, fmt.Sprintf("%s %s anchor %s, %s → %s: PeriodCount %d, built %d", loc, cycle,
							p.ResetAnchor, p.Effective, p.Expiration, got, want))
					}
				}
			}
		}
	})
	for _, b := range bad[:min(len(bad), 10)] {
		t.Error(b)
	}
}

// UncutPeriods is what a replay of the package alone, neither destroyed nor upgraded,
// gives it (as amortization first computed a period's uncut end), for every cycle and
// kind of anchor, the package itself destroyed or upgrading another.
func TestUncutPeriodsAsReplayedAlone(t *testing.T) {
	berlin := mustZone("Europe/Berlin")
	anchors := []model.ResetAnchor{{}, {Kind: model.AnchorNatural},
		{Kind: model.AnchorClock, Clock: 2*time.Hour + 30*time.Minute},
		{Kind: model.AnchorTimestamp, At: time.Date(2019, 1, 31, 6, 45, 0, 0, time.UTC)}}
	r := rand.New(rand.NewPCG(9, 10))
	periods := 0
	for _, loc := range []*time.Location{shanghai, berlin} {
		for cycle := model.ResetNone; cycle <= model.ResetYear; cycle++ {
			for iter := 0; iter < 40; iter++ {
				p := pkg("p", "2024-01-01 00:00", "2024-01-02 00:00", "1")
				p.ResetCycle, p.ResetAnchor = cycle, anchors[r.IntN(len(anchors))]
				p.Effective = time.Date(2020+r.IntN(8), time.Month(1+r.IntN(12)), 1+r.IntN(31), r.IntN(24), 30*r.IntN(2), 0, 0, loc)
				p.Expiration = p.Effective.Add(time.Duration(1+r.IntN(24*400)) * time.Hour)
				if r.IntN(2) == 0 {
					p.Destroyed = p.Effective.Add(time.Duration(r.Int64N(int64(p.Expiration.Sub(p.Effective)))))
				}
				if r.IntN(3) == 0 {
					p.OrderType, p.OriginalID = model.OrderUpgrade, "q"
				}
				alone := p
				alone.Destroyed, alone.OrderType, alone.OriginalID = time.Time{}, model.OrderNew, ""
				l, err := Run([]model.Package{alone}, nil, Options{Location: loc})
				if err != nil {
					t.Fatal(err)
				}
				got, want := UncutPeriods(&p, loc), l.Packages[0].Periods
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("%s %s anchor %s, %s → %s: UncutPeriods\n%v\nwant\n%v", loc, cycle, p.ResetAnchor,
						p.Effective, p.Expiration, got, want)
				}
				periods += len(got)
			}
		}
	}
	if periods < 1000 {
		t.Fatalf("%d periods in all", periods)
	}
}
