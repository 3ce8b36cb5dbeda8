package mem

import "testing"

// Huge is only advice, so this is a smoke test: on small, empty, odd-sized and large
// slices it neither panics nor changes contents. Its effect is measured by benchmarks
// (docs/performance.md), not here.
func TestHugeKeepsContents(t *testing.T) {
	for _, n := range []int{0, 1, 1000, 3<<20 + 5} {
		s := make([]uint64, n, n+7)
		for i := range s {
			s[i] = uint64(i) * 2654435761
		}
		Huge(s)
		for i := range s {
			if s[i] != uint64(i)*2654435761 {
				t.Fatalf("n=%d: element %d changed", n, i)
			}
		}
	}
	Huge([]struct{}{}) // zero-sized elements
}
