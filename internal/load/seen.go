package load

import (
	"hash/maphash"
	"math/bits"
	"unsafe"

	"github.com/pkgctl/pkgctl/internal/mem"
)

// firstSeen maps record_ids to the line of their first occurrence, for the duplicate
// check of a usage file: a million ids cost about 36 bytes each, a lookup one probe of
// an open-addressing table (at most three quarters full) of the hash and the index of the id in
// ids and lines, which keep the ids in the order first seen.
type firstSeen struct {
	seed  maphash.Seed
	slots []uint64 // hash>>32<<32 | index+1; 0 is an empty slot
	ids   []string
	lines []int32
}

func newFirstSeen(hint int) *firstSeen {
	n := 1 << bits.Len(uint(max(hint+hint/3, 64)-1))
	f := &firstSeen{seed: maphash.MakeSeed(), slots: make([]uint64, n),
		ids: make([]string, 0, hintCap(hint)), lines: make([]int32, 0, hintCap(hint))}
	mem.Huge(f.slots) // probed at random
	return f
}

// seen records the first line of id; for a later occurrence it returns the first line
// and true. A blank id is never a duplicate.
func (f *firstSeen) seen(id string, line int) (int, bool) {
	return f.seenHash(id, f.hash(id), line)
}

// hash is the hash seen uses for id (it may be computed elsewhere, in parallel).
func (f *firstSeen) hash(id string) uint64 { return maphash.String(f.seed, id) }

// prefetch starts loading the slot where a lookup of hash h starts, to have it in the
// cache when the lookup comes: called a few ids ahead, it overlaps the cache misses of a
// table probed at random.
func (f *firstSeen) prefetch(h uint64) {
	mem.Prefetch(unsafe.Pointer(&f.slots[h&uint64(len(f.slots)-1)]))
}

// seenHash is seen, with h = f.hash(id).
func (f *firstSeen) seenHash(id string, h uint64, line int) (int, bool) {
	if id == "" {
		return 0, false
	}
	if 4*len(f.ids) >= 3*len(f.slots) {
		f.grow()
	}
	mask := uint64(len(f.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := f.slots[i]
		if s == 0 {
			f.slots[i] = h>>32<<32 | uint64(len(f.ids)+1)
			f.ids = append(f.ids, id)
			f.lines = append(f.lines, int32(line))
			return 0, false
		}
		if s>>32 == h>>32 {
			if k := uint32(s) - 1; f.ids[k] == id {
				return int(f.lines[k]), true
			}
		}
	}
}

// grow doubles the table.
func (f *firstSeen) grow() {
	f.slots = make([]uint64, 2*len(f.slots))
	mem.Huge(f.slots)
	mask := uint64(len(f.slots) - 1)
	for k, id := range f.ids {
		h := f.hash(id)
		i := h & mask
		for f.slots[i] != 0 {
			i = (i + 1) & mask
		}
		f.slots[i] = h>>32<<32 | uint64(k+1)
	}
}
