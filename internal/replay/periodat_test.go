package replay

import (
	"math/rand/v2"
	"testing"
	"time"
)

// PeriodAt is the last period starting at or before the instant, -1 before the first:
// checked against a plain scan on irregular periods (months, a cut last period) and
// instants before, on, inside and after them.
func TestPeriodAt(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for iter := 0; iter < 2000; iter++ {
		start := time.Date(2024, 1, 1+r.IntN(28), r.IntN(24), 0, 0, 0, time.UTC)
		var ps PackageState
		at := start
		for k := range r.IntN(14) {
			end := at.AddDate(0, 1, 0)
			if r.IntN(3) == 0 {
				end = at.Add(time.Duration(1+r.IntN(72)) * time.Hour)
			}
			ps.Periods = append(ps.Periods, Period{Index: k, Start: at, End: end})
			at = end
		}
		ps.End = at
		for range 20 {
			t0 := start.Add(time.Duration(r.Int64N(int64(at.Sub(start))+int64(96*time.Hour))) - 48*time.Hour)
			if len(ps.Periods) > 0 && r.IntN(4) == 0 {
				t0 = ps.Periods[r.IntN(len(ps.Periods))].Start
			}
			want := -1
			for k := range ps.Periods {
				if !t0.Before(ps.Periods[k].Start) {
					want = k
				}
			}
			if got := ps.PeriodAt(t0); got != want {
				t.Fatalf("PeriodAt(%s) = %d, want %d (periods %v)", t0, got, want, ps.Periods)
			}
		}
	}
}
