package amortize

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// Property: Between by binary search returns exactly the bills a scan keeps, nil when
// none; appending to its result never overwrites r.Bills; an r.Bills out of date order
// (edited by hand) is still filtered by the scan.
func TestBetweenMatchesScan(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 9))
	for iter := 0; iter < 100; iter++ {
		res := amortize(t, randPackages(r), randRecords(r), time.Time{})
		for range 20 {
			var from, to time.Time
			if r.IntN(4) > 0 {
				from = randTime(r, year, 500)
			}
			if r.IntN(4) > 0 {
				to = randTime(r, year, 500)
			}
			got, want := res.Between(from, to), res.betweenScan(from, to)
			if !slices.Equal(lines(got), lines(want)) || (got == nil) != (want == nil) {
				t.Fatalf("iter %d Between(%s, %s): %d rows, the scan keeps %d", iter, from, to, len(got), len(want))
			}
			if cap(got) != len(got) {
				t.Fatalf("Between's result has room to append over r.Bills: len %d, cap %d", len(got), cap(got))
			}
		}
	}
	res := amortize(t, randPackages(r), randRecords(r), time.Time{})
	if len(res.Bills) > 2 {
		slices.Reverse(res.Bills)
		from, to := res.Bills[len(res.Bills)-1].Date, res.Bills[len(res.Bills)/2].Date
		if got, want := res.Between(from, to), res.betweenScan(from, to); !slices.Equal(lines(got), lines(want)) {
			t.Fatalf("reversed bills: Between gives %d rows, the scan %d", len(got), len(want))
		}
	}
}
