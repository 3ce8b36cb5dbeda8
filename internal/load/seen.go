package load

import (
	"hash/maphash"
	"math/bits"

	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
)

// firstSeen maps record_ids to where they were first seen, for the duplicate check of a
// usage file: an open-addressing table (at most three quarters full) of each id's hash
// and where the id is, about 16 bytes an id: the loader's kept record k (at(k)), which
// holds the id and its line, or a rejected row, whose id and line are kept here.
type firstSeen struct {
	seed  maphash.Seed
	slots []uint64 // hash>>32<<32 | ref+1; 0 is an empty slot
	n     int      // filled slots
	at    func(k int) *model.Record
	bad   []rowID // the rejected rows' ids, by ref &^ refBad
}

// rowID is a rejected row's id and line.
type rowID struct {
	id   string
	line int
}

// refBad marks a ref to a rejected row; other refs number the kept records.
const refBad = 1 << 31

// newFirstSeen makes a table for about hint ids; at(k) is the loader's k-th kept record.
func newFirstSeen(hint int, at func(k int) *model.Record) *firstSeen {
	n := 1 << bits.Len(uint(max(hint+hint/3, 64)-1))
	f := &firstSeen{seed: maphash.MakeSeed(), slots: mem.MakeHuge[uint64](n), at: at} // probed at random
	return f
}

// hash is the hash find uses for id (it may be computed elsewhere, in parallel).
func (f *firstSeen) hash(id string) uint64 { return maphash.String(f.seed, id) }

// prefetch starts loading the slot where a lookup of hash h starts, to have it in the
// cache when the lookup comes: called a few ids ahead, it overlaps the cache misses of a
// table probed at random.
func (f *firstSeen) prefetch(h uint64) {
	mem.PrefetchOf(&f.slots[h&uint64(len(f.slots)-1)])
}

// find looks up id, of hash h = f.hash(id): the line where it was first seen and true,
// or the slot where it goes (for keep or reject; -1 for a blank id, never a duplicate).
func (f *firstSeen) find(id string, h uint64) (slot, line int, dup bool) {
	if id == "" {
		return -1, 0, false
	}
	if 4*(f.n+1) > 3*len(f.slots) {
		f.grow()
	}
	mask := uint64(len(f.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := f.slots[i]
		if s == 0 {
			return int(i), 0, false
		}
		if s>>32 == h>>32 {
			if first, line := f.ref(uint32(s) - 1); first == id {
				return -1, line, true
			}
		}
	}
}

// keep notes the id of slot (find) as first seen in the loader's kept record k.
func (f *firstSeen) keep(slot int, h uint64, k int) { f.put(slot, h, uint32(k)) }

// reject notes id, of slot (find), as first seen in a rejected row at line.
func (f *firstSeen) reject(slot int, h uint64, id string, line int) {
	if slot < 0 {
		return
	}
	f.bad = append(f.bad, rowID{id, line})
	f.put(slot, h, refBad|uint32(len(f.bad)-1))
}

func (f *firstSeen) put(slot int, h uint64, ref uint32) {
	if slot >= 0 {
		f.slots[slot] = h>>32<<32 | uint64(ref+1)
		f.n++
	}
}

// ref returns the id and line that ref stands for.
func (f *firstSeen) ref(ref uint32) (string, int) {
	if ref&refBad != 0 {
		b := f.bad[ref&^refBad]
		return b.id, b.line
	}
	r := f.at(int(ref))
	return r.ID, r.Line
}

// grow doubles the table.
func (f *firstSeen) grow() {
	old := f.slots
	f.slots = mem.MakeHuge[uint64](2 * len(old))
	mask := uint64(len(f.slots) - 1)
	for _, s := range old {
		if s == 0 {
			continue
		}
		id, _ := f.ref(uint32(s) - 1)
		i := f.hash(id) & mask
		for f.slots[i] != 0 {
			i = (i + 1) & mask
		}
		f.slots[i] = s
	}
}
