package replay

import (
	"slices"
	"sort"
	"sync"
	"sync/atomic"
)

// finish merges the workers' windows and entries, materializes the running totals
// (Period.Used, package Used), and gives every
// record, period and window its entry indices: ranges of two shared arrays (records:
// entries are contiguous per record; periods and windows: grouped by counting).
func finish(l *Ledger, rp *replayer, ws []*worker) {
	merge(l, rp, ws)
	var wg sync.WaitGroup
	wg.Go(func() { groupEntries(l, rp) }) // Entries fields only; the rest sets others
	defer wg.Wait()
	for id := range rp.fills {
		if f := &rp.fills[id]; f.touched {
			s := &rp.t.slots[id]
			per := &l.Packages[s.pkg].Periods[s.period]
			per.Used, per.ExhaustedAt = f.used.dec(), f.at
		}
	}
	for pi := range l.Packages {
		ps := &l.Packages[pi]
		var used qty
		for k := range ps.Periods {
			used = used.add(rp.fills[rp.t.slotOf(pi, k)].used)
		}
		ps.Used = used.dec()
	}
	recordEntries(l)
}

// merge places each worker's windows in their packages and its entries in l.Entries,
// in replay order (a record's entries all come from one worker, contiguous), with
// Window remapped to the position within the package.
func merge(l *Ledger, rp *replayer, ws []*worker) {
	tos := placeAll(l, ws)
	var wg sync.WaitGroup
	for k, w := range ws {
		wg.Go(func() { remapWindows(w.entries, w.winned, tos[k]) })
	}
	at := rp.at // per record its number of entries, then (summed) the first of them
	wg.Wait()
	if len(ws) == 1 {
		l.Entries = slices.Clip(ws[0].entries) // the rest of its room was never written
		return
	}
	for i := 1; i < len(at); i++ {
		at[i] += at[i-1]
	}
	if inArena(rp.arena, ws) && int(at[len(at)-1]) <= cap(ws[0].entries) {
		inPlaceMerges.Add(1)
		l.Entries = mergeInPlace(rp.arena, ws, at)
		return
	}
	l.Entries = make([]Entry, at[len(at)-1])
	for _, w := range ws {
		wg.Go(func() { copyRuns(l.Entries, w.entries, at) }) // records, so positions, are disjoint between workers
	}
	wg.Wait()
}

// groupPartMin is the fewest entries worth a part of their own in groupEntries.
var groupPartMin = 1 << 16

// inPlaceMerges counts the merges done in place (tests check that the path is taken).
var inPlaceMerges atomic.Int64

// inArena reports whether every worker's entries are still in its region of arena, in
// order (none outgrew it).
func inArena(arena []Entry, ws []*worker) bool {
	off := 0
	for _, w := range ws {
		if len(w.entries) > 0 && (off >= len(arena) || &w.entries[0] != &arena[off]) {
			return false
		}
		off += cap(w.entries)
	}
	return true
}

// mergeInPlace puts the workers' entries in replay order (at: the first position of
// each record's entries) in arena, whose first region, the first worker's, has room for
// the whole ledger, the others' regions lying after it. A record's entries come from one
// worker, in order, so every entry of the first worker goes to the same or a later
// position: its runs are moved last first, then the other workers' runs are copied into
// the gaps. Two sequential passes, no second array; the other workers' runs bound past
// the first worker's entries (which no move reads) are copied meanwhile, on another
// goroutine.
func mergeInPlace(arena []Entry, ws []*worker, at []int32) []Entry {
	n := int(at[len(at)-1])
	es := arena[:n:n]
	a := ws[0].entries
	n0 := int32(len(a))
	var wg sync.WaitGroup
	splits := make([]int, len(ws)) // per other worker: its first entry bound at or past n0
	for k, w := range ws[1:] {
		b := w.entries
		splits[k+1] = sort.Search(len(b), func(i int) bool { return at[b[i].Record] >= n0 })
		wg.Go(func() { copyRuns(es, b[splits[k+1]:], at) })
	}
	for i := len(a) - 1; i >= 0; {
		r, j := a[i].Record, i
		for j > 0 && a[j-1].Record == r {
			j--
		}
		if j == i { // most records have one entry: no call
			es[at[r]] = a[i]
		} else {
			copy(es[at[r]:], a[j:i+1])
		}
		i = j - 1
	}
	wg.Wait()
	for k, w := range ws[1:] {
		copyRuns(es, w.entries[:splits[k+1]], at)
		w.entries = nil
	}
	ws[0].entries = nil
	return es
}

// copyRuns copies each record's run of entries in b to its place in es (at).
func copyRuns(es, b []Entry, at []int32) {
	for i := 0; i < len(b); {
		r, j := b[i].Record, i+1
		for j < len(b) && b[j].Record == r {
			j++
		}
		if j == i+1 {
			es[at[r]] = b[i]
		} else {
			copy(es[at[r]:], b[i:j])
		}
		i = j
	}
}

// remapWindows sets the Window of the entries at positions winned in es to where place
// put the window (to).
func remapWindows(es []Entry, winned []int32, to []int) {
	for _, i := range winned {
		e := &es[i]
		e.Window = int32(to[e.Window])
	}
}

// recordEntries gives each record its entries, contiguous in l.Entries.
func recordEntries(l *Ledger) {
	for i := 0; i < len(l.Entries); {
		j := i + 1
		for j < len(l.Entries) && l.Entries[j].Record == l.Entries[i].Record {
			j++
		}
		rr := &l.Records[l.Entries[i].Record]
		rr.first, rr.n = int32(i), int32(j-i)
		i = j
	}
}

// groupEntries gives each period and window its entries, in replay order: one counting
// pass and one filling pass over l.Entries into a shared array, each in parts of the
// entries, one goroutine per core (a group's entries from the first part, then the
// second's…, so in order).
func groupEntries(l *Ledger, rp *replayer) {
	nslots := len(rp.t.slots)
	woff := make([]int, len(l.Packages)+1) // windows numbered after the slots
	for pi := range l.Packages {
		woff[pi+1] = woff[pi] + len(l.Packages[pi].Windows)
	}
	ngroups := nslots + woff[len(l.Packages)]
	group := func(e *Entry) (int, int) {
		g, w := int(rp.t.slotOf(int(e.Package), int(e.Period))), -1
		if e.Window >= 0 {
			w = nslots + woff[e.Package] + int(e.Window)
		}
		return g, w
	}
	parts := partsOf(len(l.Entries), groupPartMin)
	counts := make([][]int, parts) // per part and group: its entries, then where they go
	inParts(parts, len(l.Entries), func(p, from, to int) {
		c := make([]int, ngroups)
		for i := from; i < to; i++ {
			if e := &l.Entries[i]; e.Package >= 0 {
				g, w := group(e)
				c[g]++
				if w >= 0 {
					c[w]++
				}
			}
		}
		counts[p] = c
	})
	start := make([]int, ngroups+1)
	for g := range ngroups {
		n := start[g]
		for _, c := range counts {
			n, c[g] = n+c[g], n
		}
		start[g+1] = n
	}
	idx := make([]int, start[ngroups])
	inParts(parts, len(l.Entries), func(p, from, to int) {
		next := counts[p]
		for i := from; i < to; i++ {
			if e := &l.Entries[i]; e.Package >= 0 {
				g, w := group(e)
				idx[next[g]], next[g] = i, next[g]+1
				if w >= 0 {
					idx[next[w]], next[w] = i, next[w]+1
				}
			}
		}
	})
	part := func(g int) []int {
		if start[g] == start[g+1] {
			return nil
		}
		return idx[start[g]:start[g+1]:start[g+1]]
	}
	for pi := range l.Packages {
		ps := &l.Packages[pi]
		for k := range ps.Periods {
			ps.Periods[k].Entries = part(int(rp.t.slotOf(pi, k)))
		}
		for w := range ps.Windows {
			ps.Windows[w].Entries = part(nslots + woff[pi] + w)
		}
	}
}
