package replay

import (
	"math/rand"
	"testing"
)

// TestCandListNext checks the walk's jump against a plain scan: next(j, t) is the
// first position at or after j that is not unlinked and whose period starts by
// second t, for random starts, thresholds and unlinks (list sizes around powers of two).
func TestCandListNext(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for _, n := range []int{0, 1, 2, 3, 7, 8, 9, 64, 100} {
		slots := make([]cand, n)
		l := &candList{ids: make([]int32, n)}
		for j := range n {
			slots[j].a = instant{sec: int64(rng.Intn(50))}
			l.ids[j] = int32(j)
		}
		l.init(slots)
		gone := make([]bool, n)
		for range 200 {
			if n > 0 && rng.Intn(4) == 0 {
				if k := rng.Intn(n); !gone[k] {
					gone[k] = true
					l.unlink(int32(k))
				}
			}
			j, th := rng.Intn(n+1), int64(rng.Intn(60))
			want := j
			for want < n && (gone[want] || slots[want].a.sec > th) {
				want++
			}
			if got := l.next(int32(j), th); int(got) != want {
				t.Fatalf("n=%d next(%d, %d) = %d, want %d", n, j, th, got, want)
			}
		}
	}
}
