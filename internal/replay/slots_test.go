package replay

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSlotOrder: the slots' key order (period end, then package rank) is the same by
// the radix path (whole seconds) and the comparing path (nanoseconds, or ends too far
// apart for one 64-bit key), and is the order a plain sort gives.
func TestSlotOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		name   string
		span   int64 // seconds over which period ends spread
		nanos  bool  // some ends have nanoseconds (the comparing path)
		days   bool  // ends on day boundaries: ties broken by rank
		npkg   int
		perPkg int
	}{
		{"whole seconds", 3 * 365 * 86400, false, false, 500, 6},
		{"whole days", 3 * 365 * 86400, false, true, 500, 6},
		{"nanoseconds", 3 * 365 * 86400, true, true, 300, 4},
		{"wide span", 1 << 50, false, true, 300, 4},
		{"one package", 86400, false, false, 1, 30},
	} {
		rank := make([]int32, tc.npkg)
		for i, p := range r.Perm(tc.npkg) {
			rank[i] = int32(p)
		}
		var slots []cand
		for p := range tc.npkg {
			end, step := -tc.span/2+r.Int64N(tc.span/2), int64(1)
			if tc.days { // many packages' periods end together, as resets do
				end, step = end-end%86400, 86400
			}
			for k := range tc.perPkg {
				end += step * (1 + r.Int64N(max(1, tc.span/int64(2*tc.perPkg)/step)))
				b := instant{sec: end}
				if tc.nanos && r.IntN(3) == 0 {
					b.nsec = int32(r.IntN(1e9))
				}
				slots = append(slots, cand{b: b, pkg: int32(p), period: int32(k)})
			}
		}
		want := make([]int32, len(slots))
		for i := range want {
			want[i] = int32(i)
		}
		slices.SortFunc(want, func(x, y int32) int {
			if c := slots[x].b.compare(slots[y].b); c != 0 {
				return c
			}
			return cmp.Compare(rank[slots[x].pkg], rank[slots[y].pkg])
		})
		if got := slotOrder(slots, rank); !slices.Equal(got, want) {
			t.Errorf("%s: slot order differs from a plain sort", tc.name)
		}
	}
}
