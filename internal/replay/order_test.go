package replay

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
)

// sortKeys gives the rules.md §2.4 replay order (deduct_time, start_time, end_time, record id)
// however the keys are sorted: by radix with whole seconds (the low digits skipped),
// with nanoseconds, and by comparison when the deduct times span more than the key holds.
func TestSortKeysReplayOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		deduct func() time.Time
	}{
		{"whole seconds", func() time.Time { return base.Add(time.Duration(r.IntN(50)) * time.Minute) }},
		{"nanoseconds", func() time.Time {
			return base.Add(time.Duration(r.IntN(50))*time.Minute + time.Duration(r.IntN(3))*time.Nanosecond)
		}},
		{"centuries apart", func() time.Time { return base.AddDate(137*r.IntN(2), 0, r.IntN(400)) }}, // past 2^32 s
	} {
		for _, parts := range []int{1, 3} {
			recs := make([]model.Record, 2000)
			for i := range recs {
				d := tc.deduct()
				recs[i] = model.Record{ID: fmt.Sprintf("r%04d", r.IntN(len(recs)))}.WithTimes(
					d.Add(-time.Duration(1+r.IntN(2))*time.Hour), d.Add(-time.Duration(r.IntN(2))*time.Minute), d)
			}
			keys := make([]recKey, len(recs))
			lo, hi := recs[0].Deduct().Unix(), recs[0].Deduct().Unix()
			for i := range keys {
				keys[i] = recKey{i: int32(i)}
				lo, hi = min(lo, recs[i].Deduct().Unix()), max(hi, recs[i].Deduct().Unix())
			}
			sortKeys(recs, keys, nil, lo, hi, parts)
			want := slices.Clone(keys)
			slices.SortStableFunc(want, func(a, b recKey) int {
				ra, rb := &recs[a.i], &recs[b.i]
				return cmp.Or(ra.Deduct().Compare(rb.Deduct()), ra.Start().Compare(rb.Start()), ra.End().Compare(rb.End()), cmp.Compare(ra.ID, rb.ID))
			})
			for j := range keys {
				a, b := &recs[keys[j].i], &recs[want[j].i]
				if !a.Deduct().Equal(b.Deduct()) || !a.Start().Equal(b.Start()) || !a.End().Equal(b.End()) || a.ID != b.ID {
					t.Fatalf("%s, %d parts: position %d is %s %v, want %s %v", tc.name, parts, j, a.ID, a.Deduct(), b.ID, b.Deduct())
				}
			}
		}
	}
}

// TestRadixSortParts: on any number of parts the radix sort orders keys as a stable sort
// by k does (equal keys keep their input order), digits shared by all keys skipped or not.
func TestRadixSortParts(t *testing.T) {
	defer func(m int) { radixPartMin = m }(radixPartMin)
	radixPartMin = 8
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 2, 7, 100, 5000} {
		for _, mask := range []uint64{0xff, 0xffff_0000_0000_ffff, ^uint64(0)} {
			keys := make([]recKey, n)
			for i := range keys {
				keys[i] = recKey{k: r.Uint64() & mask, i: int32(i)}
			}
			want := slices.Clone(keys)
			slices.SortStableFunc(want, func(a, b recKey) int { return cmp.Compare(a.k, b.k) })
			for _, parts := range []int{1, 2, 3, 8} {
				got := slices.Clone(keys)
				radixSortParts(got, nil, parts)
				if !slices.Equal(got, want) {
					t.Fatalf("n=%d mask=%#x parts=%d: differs from a stable sort", n, mask, parts)
				}
			}
		}
	}
}
