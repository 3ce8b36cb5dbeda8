package amortize

import (
	"hash/maphash"
	"slices"
	"strings"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/value"
)

// groupTable holds the groups of amortize --by compactly, for as long as they are
// incomplete: a group is the strings of its key values and currency (the bills', never
// copied) and one groupSum, stored in chunks that never move (a growing slice would
// copy them all, and leave the copies to the collector), found through an
// open-addressed index of slots that keep their group's hash (most strings compared
// are then of the group sought). A group of three keys takes about 150 bytes.
type groupTable struct {
	w, ns  int // strings compared per group (the keys, then the currency), strings shown
	n      int // groups held
	chunks []groupChunk
	slots  []uint64       // hash<<32 | group+1, 0 when empty; a power of two of them, at most half used
	order  []uint32       // sorted's result, reused
	big    []exact.QtySum // the sums past an int64 (groupAmount)
	// dates marks the strings compared that are days or months (2006-01-02, 2006-01):
	// shorter first, so that the year 10000 follows 9999
	dates []bool
	seed  maphash.Seed
	// per string compared, the last hashed and its hash: a day's, a currency's, a
	// package's bills follow one another
	last   []string
	hashes []uint64
}

// groupChunk holds groupChunkSize groups: per group w strings compared, ns shown (the
// text attributes as written), and the sums.
type groupChunk struct {
	vals, shown []string
	sums        []groupSum
}

const groupChunkBits = 12
const groupChunkSize = 1 << groupChunkBits

func (t *groupTable) init(w, ns int) {
	t.w, t.ns, t.seed = w, ns, maphash.MakeSeed()
	t.last, t.hashes, t.dates = make([]string, w), make([]uint64, w), make([]bool, w)
	for k := range t.hashes { // "" may be any address, nil too: its hash is t.last's
		t.hashes[k] = maphash.String(t.seed, "")
	}
}

// group is group i's strings compared, strings shown, and sums.
func (t *groupTable) group(i uint32) (vals, shown []string, s *groupSum) {
	c, k := &t.chunks[i>>groupChunkBits], int(i&(groupChunkSize-1))
	return c.vals[k*t.w : k*t.w+t.w], c.shown[k*t.ns : k*t.ns+t.ns], &c.sums[k]
}

func (t *groupTable) hash(vals []string) uint64 {
	var h uint64
	for k, v := range vals {
		if !mem.SameString(v, t.last[k]) {
			t.last[k], t.hashes[k] = v, maphash.String(t.seed, v)
		}
		h = (h ^ t.hashes[k]) * 0x9E3779B97F4A7C15
	}
	return h ^ h>>32 // the low bits pick the slot: mix the high ones in
}

// find is the sums of the group of vals (keys compared, then currency), made with the
// values shown when new (created).
func (t *groupTable) find(vals, shown []string) (s *groupSum, created bool) {
	if 2*(t.n+1) > len(t.slots) {
		t.grow()
	}
	mask := uint64(len(t.slots) - 1)
	h := t.hash(vals)
	for i := h; ; i++ {
		e := &t.slots[i&mask]
		if *e == 0 {
			*e = h<<32 | uint64(t.n+1)
			return t.add(vals, shown), true
		}
		if *e>>32 != h&(1<<32-1) {
			continue
		}
		if gv, _, s := t.group(uint32(*e) - 1); slices.Equal(gv, vals) {
			return s, false
		}
	}
}

// add appends a group.
func (t *groupTable) add(vals, shown []string) *groupSum {
	i := t.n
	if i>>groupChunkBits == len(t.chunks) {
		t.chunks = append(t.chunks, groupChunk{vals: make([]string, groupChunkSize*t.w),
			shown: make([]string, groupChunkSize*t.ns), sums: make([]groupSum, groupChunkSize)})
	}
	t.n++
	gv, gs, s := t.group(uint32(i))
	copy(gv, vals)
	copy(gs, shown)
	*s = groupSum{}
	return s
}

// grow doubles the index.
func (t *groupTable) grow() {
	old := t.slots
	t.slots = make([]uint64, max(64, 2*len(old)))
	mask := uint64(len(t.slots) - 1)
	for _, e := range old {
		if e == 0 {
			continue
		}
		i := e >> 32
		for t.slots[i&mask] != 0 {
			i++
		}
		t.slots[i&mask] = e
	}
}

// sorted is the groups held in order of their strings compared (the keys, days and
// months in date order, then the currency): no two groups have the same, so the order
// is total.
func (t *groupTable) sorted() []uint32 {
	t.order = t.order[:0]
	for i := range t.n {
		t.order = append(t.order, uint32(i))
	}
	slices.SortFunc(t.order, func(a, b uint32) int {
		x, _, _ := t.group(a)
		y, _, _ := t.group(b)
		for k := range x {
			c := strings.Compare(x[k], y[k])
			if t.dates[k] {
				c = value.CompareDated(x[k], y[k])
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
	return t.order
}

// reset drops the groups held; their chunks are reused, cleared of the strings they
// kept.
func (t *groupTable) reset() {
	for i := 0; i < t.n; i += groupChunkSize {
		c := &t.chunks[i>>groupChunkBits]
		k := min(t.n-i, groupChunkSize)
		clear(c.vals[:k*t.w])
		clear(c.shown[:k*t.ns])
	}
	t.n, t.big = 0, t.big[:0]
	clear(t.slots)
}
