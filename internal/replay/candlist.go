package replay

import (
	"math"
	"sort"

	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/par"
)

// candList is the slots of the packages matching one recAttrs, in key order. Besides
// the skip pointers over slots that ran out, a min-tree over the slots' period starts
// (in seconds from base, as int32s: rel; unlinked slots hold MaxInt32) lets a walk jump
// over the periods that
// have not started yet for a record: no such period fits it (rules.md §2.3 needs start_time or
// deduct_time ≥ the period start), and without the jump a record that ends in
// pay-per-use would test every later period of the list, a cost that grows with the
// number of records.
type candList struct {
	ids  []int32 // slot ids, ascending
	nxt  []int32 // skip pointers, len(ids)+1: nxt[j] == j while slot ids[j] is live
	pos  int32   // the position from found last
	leaf int     // the first leaf of tree (a power of two ≥ len(ids))
	base int64   // the earliest period start of the list, in seconds
	tree []int32 // tree[leaf+j]: rel of slot ids[j]'s period start; inner nodes: the min of both children
	full *filled // the level windows known full, per key (nil: none)
}

// rel is second x as a tree value: x - base, held to the int32s below MaxInt32
// (unlinked). It keeps the order of seconds (x ≤ y gives rel(x) ≤ rel(y)), so the tree
// never skips a period that has started; one that starts over 68 years after the list's
// first may be visited early, and is refused by the walk's own test (cand.fits).
func (l *candList) rel(x int64) int32 {
	d := x - l.base
	switch {
	case x < l.base && d > 0: // overflowed
		return math.MinInt32
	case x > l.base && d < 0:
		return math.MaxInt32 - 1
	}
	return int32(min(max(d, math.MinInt32), math.MaxInt32-1))
}

// init sets up the skip pointers and the tree once ids are in place, in m's memory.
func (l *candList) init(slots []cand, m *listMem) {
	l.nxt = m.int32s(len(l.ids) + 1)
	for j := range l.nxt {
		l.nxt[j] = int32(j)
	}
	l.leaf = leafOf(len(l.ids))
	l.tree = m.int32s(2 * l.leaf)
	l.base = math.MaxInt64
	for _, id := range l.ids {
		l.base = min(l.base, slots[id].a.sec)
	}
	for j := range l.leaf {
		l.tree[l.leaf+j] = math.MaxInt32
		if j < len(l.ids) {
			l.tree[l.leaf+j] = l.rel(slots[l.ids[j]].a.sec)
		}
	}
	for i := l.leaf - 1; i > 0; i-- {
		l.tree[i] = min(l.tree[2*i], l.tree[2*i+1])
	}
}

// from is the first live position whose slot ends at or after x and starts by second
// t. Records come in time order, so it gallops from the position found last before
// bisecting.
func (l *candList) from(slots []cand, x instant, t int64) int32 {
	ids, n, p := l.ids, len(l.ids), int(l.pos)
	below := func(j int) bool { return slots[ids[j]].b.before(x) }
	lo, hi := 0, n // the position is in [lo, hi]
	if p < n && below(p) {
		lo = p + 1
		for step := 1; p+step < n; step *= 2 {
			if !below(p + step) {
				hi = p + step
				break
			}
			lo = p + step + 1
		}
	} else {
		hi = p
		for step := 1; p-step >= 0; step *= 2 {
			if below(p - step) {
				lo = p - step + 1
				break
			}
			hi = p - step
		}
	}
	j := lo + sort.Search(hi-lo, func(k int) bool { return !below(lo + k) })
	l.pos = int32(j)
	return l.next(int32(j), t)
}

// next is the first live position at or after j whose period starts by second t
// (len(ids) at the end).
func (l *candList) next(j int32, t int64) int32 {
	if j = l.live(j); int(j) < len(l.ids) {
		if r := l.rel(t); l.tree[l.leaf+int(j)] > r {
			return l.started(j, r)
		}
	}
	return j
}

// started is the first position at or after j whose tree value is at most t (a rel).
func (l *candList) started(j int32, t int32) int32 {
	i := l.leaf + int(j)
	for l.tree[i] > t {
		for i&1 == 1 { // a right child (or the root): climb
			i >>= 1
		}
		if i == 0 {
			return int32(len(l.ids))
		}
		i++ // the subtree right of i
	}
	for i < l.leaf {
		if i *= 2; l.tree[i] > t {
			i++
		}
	}
	return int32(i - l.leaf)
}

// live is the first live position at or after j (len(ids) at the end).
func (l *candList) live(j int32) int32 {
	for l.nxt[j] != j {
		l.nxt[j] = l.nxt[l.nxt[j]] // path halving
		j = l.nxt[j]
	}
	return j
}

// unlink drops position j (its period ran out) from later walks.
func (l *candList) unlink(j int32) {
	l.nxt[j] = j + 1
	i := l.leaf + int(j)
	for l.tree[i] = math.MaxInt32; i > 1; {
		i >>= 1
		l.tree[i] = min(l.tree[2*i], l.tree[2*i+1])
	}
}

// leafOf is the first leaf of the tree of a list of n slots: a power of two ≥ n.
func leafOf(n int) int {
	leaf := 1
	for leaf < n {
		leaf *= 2
	}
	return leaf
}

// listMem is the memory of the candidate lists one goroutine builds: one slab, handed
// out in turn (past its end, memory of its own), so that a replay whose records are all
// replayed gives its pages back at once (replayer.dropLists) instead of holding them
// until its end.
type listMem struct{ i32 []int32 }

// listMemFor is the memory of lists of the given sizes: ids, skip pointers and trees.
func listMemFor(sizes []int) listMem {
	n := 0
	for _, k := range sizes {
		n += 2*k + 1 + 2*leafOf(k)
	}
	return listMem{mem.MakeHuge[int32](n)}
}

func (m *listMem) int32s(n int) []int32 {
	if len(m.i32) < n {
		return make([]int32, n)
	}
	s := m.i32[:n:n]
	m.i32 = m.i32[n:]
	return s
}

// buildLists fills each list in ls with the slots of its packages (pkgs), in key order,
// and returns the memory they are in. The lists come out sorted, without sorting: the
// slots are walked in order, each appended to the lists of its package. Goroutine w
// builds lists w, w+n, …, knowing per package only which of those it is in.
func buildLists(ls []*candList, pkgs [][]int32, t *candTable, workers int) []listMem {
	if len(ls) == 0 {
		return nil
	}
	n := max(1, min(workers, len(ls)))
	mems := make([]listMem, n)
	var wg par.Group
	for w := range n {
		wg.Go(func() {
			in := make([][]int32, len(t.first)-1) // per package: the indices of the lists it is in
			var sizes []int
			for k := w; k < len(ls); k += n {
				for _, p := range pkgs[k] {
					in[p] = append(in[p], int32(k))
				}
				sizes = append(sizes, slotsOf(pkgs[k], t))
			}
			mems[w] = listMemFor(sizes)
			lm := mems[w]
			for k, j := w, 0; k < len(ls); k, j = k+n, j+1 {
				ls[k].ids = lm.int32s(sizes[j])[:0]
			}
			for id := range t.slots {
				for _, k := range in[t.slots[id].pkg] {
					ls[k].ids = append(ls[k].ids, int32(id))
				}
			}
			for k := w; k < len(ls); k += n {
				ls[k].init(t.slots, &lm)
			}
		})
	}
	wg.Wait()
	return mems
}

// slotsOf is the number of slots of packages ps.
func slotsOf(ps []int32, t *candTable) int {
	n := 0
	for _, p := range ps {
		n += int(t.first[p+1] - t.first[p])
	}
	return n
}
