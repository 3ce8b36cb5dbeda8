package replay

import "sort"

// candList is the slots of the packages matching one recAttrs, in key order.
type candList struct {
	ids []int32 // slot ids, ascending
	nxt []int32 // skip pointers, len(ids)+1: nxt[j] == j while slot ids[j] is live
	pos int32   // the position from found last
}

// from is the first live position whose slot ends at or after x. Records come in
// time order, so it gallops from the position found last before bisecting.
func (l *candList) from(slots []cand, x instant) int32 {
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
	return l.live(int32(j))
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
func (l *candList) unlink(j int32) { l.nxt[j] = j + 1 }
