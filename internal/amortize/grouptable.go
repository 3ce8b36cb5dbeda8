package amortize

import (
	"slices"
	"strings"
)

// groupTable holds the groups of amortize --by compactly, for as long as they are
// incomplete: each group is the indexes of its key values and currency in one table of
// the distinct strings met (never a string of its own), and one groupSum, stored in
// chunks that never move (a growing slice would copy them all, twice over at its
// doublings), found through an open-addressed index of 4-byte slots. A group costs
// about 140 bytes with three keys.
type groupTable struct {
	nk     int // keys per group
	strs   []string
	index  map[string]uint32 // strs by value
	n      int               // groups held
	chunks []groupChunk
	slots  []uint32 // group+1, 0 when empty; a power of two of them, at most half used
	order  []uint32 // sorted's result, reused
}

// groupChunk holds groupChunkSize groups: per group nk+1 ids (the keys compared, then
// the currency), nk ids of the keys as written, and the sums.
type groupChunk struct {
	ids, shown []uint32
	sums       []groupSum
}

const groupChunkBits = 12
const groupChunkSize = 1 << groupChunkBits

func (t *groupTable) init(nk int) {
	t.nk, t.index = nk, map[string]uint32{}
}

// intern is the index of s in t.strs, added when new.
func (t *groupTable) intern(s string) uint32 {
	if i, ok := t.index[s]; ok {
		return i
	}
	i := uint32(len(t.strs))
	t.strs = append(t.strs, s)
	t.index[s] = i
	return i
}

// group is group i's ids (keys compared, then currency), keys as written, and sums.
func (t *groupTable) group(i uint32) (ids, shown []uint32, s *groupSum) {
	c, k := &t.chunks[i>>groupChunkBits], int(i&(groupChunkSize-1))
	w := t.nk + 1
	return c.ids[k*w : k*w+w], c.shown[k*t.nk : k*t.nk+t.nk], &c.sums[k]
}

func hashIDs(ids []uint32) uint64 {
	var h uint64
	for _, id := range ids {
		h = (h ^ uint64(id)) * 0x9E3779B97F4A7C15
	}
	h ^= h >> 33 // the low bits pick the slot: mix the high ones in
	h *= 0xFF51AFD7ED558CCD
	return h ^ h>>33
}

// find is the sums of the group of ids (keys compared, then currency), made with the
// keys as written shown when new (created).
func (t *groupTable) find(ids, shown []uint32) (s *groupSum, created bool) {
	if 2*(t.n+1) > len(t.slots) {
		t.grow()
	}
	mask := uint64(len(t.slots) - 1)
	for h := hashIDs(ids); ; h++ {
		e := &t.slots[h&mask]
		if *e == 0 {
			*e = uint32(t.n) + 1
			return t.add(ids, shown), true
		}
		if gi, _, s := t.group(*e - 1); slices.Equal(gi, ids) {
			return s, false
		}
	}
}

// add appends a group.
func (t *groupTable) add(ids, shown []uint32) *groupSum {
	i := t.n
	if i>>groupChunkBits == len(t.chunks) {
		t.chunks = append(t.chunks, groupChunk{ids: make([]uint32, groupChunkSize*(t.nk+1)),
			shown: make([]uint32, groupChunkSize*t.nk), sums: make([]groupSum, groupChunkSize)})
	}
	t.n++
	gi, gs, s := t.group(uint32(i))
	copy(gi, ids)
	copy(gs, shown)
	*s = groupSum{}
	return s
}

// grow doubles the index.
func (t *groupTable) grow() {
	t.slots = make([]uint32, max(64, 2*len(t.slots)))
	mask := uint64(len(t.slots) - 1)
	for i := range t.n {
		ids, _, _ := t.group(uint32(i))
		h := hashIDs(ids)
		for t.slots[h&mask] != 0 {
			h++
		}
		t.slots[h&mask] = uint32(i) + 1
	}
}

// sorted is the groups held in order of their ids' strings (the keys compared, then
// the currency): no two groups have the same ids, so the order is total.
func (t *groupTable) sorted() []uint32 {
	t.order = t.order[:0]
	for i := range t.n {
		t.order = append(t.order, uint32(i))
	}
	slices.SortFunc(t.order, func(a, b uint32) int {
		x, _, _ := t.group(a)
		y, _, _ := t.group(b)
		for k := range x {
			if x[k] != y[k] {
				return strings.Compare(t.strs[x[k]], t.strs[y[k]])
			}
		}
		return 0
	})
	return t.order
}

// reset drops the groups held (their chunks are reused; the strings stay).
func (t *groupTable) reset() {
	t.n = 0
	clear(t.slots)
}
