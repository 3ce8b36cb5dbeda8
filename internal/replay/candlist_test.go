package replay

import (
	"math"
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
		m := listMemFor([]int{n, 3})
		l.init(slots, &m)
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

// rel keeps the order of seconds, over the whole int64 range and any base, and never
// gives the unlinked mark: the tree skips no period that has started.
func TestCandListRelKeepsOrder(t *testing.T) {
	rng := rand.New(rand.NewSource(8))
	edges := []int64{math.MinInt64, math.MinInt64 + 1, -1 << 40, -1, 0, 1, 1 << 31, 1<<31 - 1, 1 << 40, math.MaxInt64 - 1, math.MaxInt64}
	pick := func(base int64) int64 {
		switch rng.Intn(3) {
		case 0:
			return edges[rng.Intn(len(edges))]
		case 1:
			return base + rng.Int63n(1<<33) - 1<<32
		}
		return rng.Int63() - rng.Int63()
	}
	for range 100_000 {
		l := &candList{base: edges[rng.Intn(len(edges))]}
		if rng.Intn(2) == 0 {
			l.base = rng.Int63() - rng.Int63()
		}
		x, y := pick(l.base), pick(l.base)
		if x > y {
			x, y = y, x
		}
		rx, ry := l.rel(x), l.rel(y)
		if rx > ry || ry == math.MaxInt32 {
			t.Fatalf("base %d: rel(%d) = %d, rel(%d) = %d", l.base, x, rx, y, ry)
		}
		if d := y - l.base; y >= l.base && d >= 0 && d < math.MaxInt32-1 && int64(ry) != d {
			t.Fatalf("base %d: rel(%d) = %d, want %d", l.base, y, ry, d)
		}
	}
}
