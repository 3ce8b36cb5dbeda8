package replay

import (
	"fmt"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/par"
)

// finish merges the workers' windows and entries, materializes the running totals
// (Period.Used, package Used), and gives every record its entries (contiguous in
// l.Entries). Periods and windows are given theirs on first use (Ledger.PeriodEntries).
func finish(l *Ledger, rp *replayer, ws []*worker) {
	merge(l, rp, ws)
	l.grouped = &entryGroups{}
	var wg par.Group
	if l.kept == nil {
		wg.Go(func() { recordEntries(l) })
	}
	totals(l, rp)
	wg.Wait()
}

// totals gives every package period what it gave (Used, ExhaustedAt) and every package
// its Used, from the replayer's running state.
func totals(l *Ledger, rp *replayer) {
	inParts(partsOf(len(l.Packages), packagesPartMin), len(l.Packages), func(_, from, to int) {
		for pi := from; pi < to; pi++ {
			ps := &l.Packages[pi]
			var used exact.Qty
			for k := range ps.Periods {
				id := rp.t.slotOf(pi, k)
				if !rp.touched[id] { // nothing used
					continue
				}
				f := &rp.fills[id]
				ps.Periods[k].Used, ps.Periods[k].ExhaustedAt = f.used.Dec(), f.at
				used = used.Add(f.used)
			}
			ps.Used = used.Dec()
		}
	})
}

// merge puts the workers' entries in l.Entries, in replay order (a record's entries all
// come from one worker, contiguous), and their windows in l's window table.
func merge(l *Ledger, rp *replayer, ws []*worker) {
	l.wins = &windowTable{}
	for _, w := range ws {
		l.wins.src = append(l.wins.src, w.w.kept()) // their state, not the workers (nor the replayer through them)
	}
	at := rp.at // per record its number of entries, then (summed) the first of them
	first := rp.first
	rp.first, rp.arena = nil, nil
	if rp.states {
		return // no entries
	}
	if rp.keep != nil {
		l.kept = rp.keep
		for _, w := range ws {
			l.unmerged = append(l.unmerged, slices.Clip(w.entries))
			w.entries = nil
		}
		return
	}
	var wg par.Group
	if len(ws) == 1 {
		l.Entries = slices.Clip(ws[0].entries) // the rest of its room was never written
		return
	}
	for i := 1; i < len(at); i++ {
		at[i] += at[i-1]
	}
	if inArena(first, ws) && int(at[len(at)-1]) <= cap(ws[0].entries) {
		inPlaceMerges.Add(1)
		l.Entries = mergeInPlace(first, ws, at, rp.release)
		return
	}
	l.Entries = make([]Entry, at[len(at)-1])
	for _, w := range ws {
		wg.Go(func() { copyRuns(l.Entries, w.entries, at, rp.release) }) // records, so positions, are disjoint between workers
	}
	wg.Wait()
	for _, w := range ws {
		w.entries = nil
	}
}

// groupPartMin is the fewest entries worth a part of their own in entryGroups.build.
var groupPartMin = 1 << 16

// inPlaceMerges counts the merges done in place (tests check that the path is taken).
var inPlaceMerges atomic.Int64

// inArena reports whether the first worker's entries are still at the start of first,
// its region (it did not outgrow it).
func inArena(first []Entry, ws []*worker) bool {
	e := ws[0].entries
	return len(e) == 0 || len(first) > 0 && &e[0] == &first[0]
}

// mergeInPlace puts the workers' entries in replay order (at: the first position of
// each record's entries) in first, the first worker's region, which has room for the
// whole ledger. A record's entries come from one worker, in order, so every entry of
// the first worker goes to the same or a later position: its runs are moved last first,
// then the other workers' runs are copied into the gaps. Two sequential passes, no
// second array; the other workers' runs bound past the first worker's entries (which no
// move reads) are copied meanwhile, on another goroutine, or first when release is set:
// then their pages are given back as they are copied (copyRuns), and the ledger's pages
// past the first worker's entries are fresh only as the others' are given back.
func mergeInPlace(first []Entry, ws []*worker, at []int32, release bool) []Entry {
	n := int(at[len(at)-1])
	es := first[:n:n]
	a := ws[0].entries
	n0 := int32(len(a))
	var wg par.Group
	splits := make([]int, len(ws)) // per other worker: its first entry bound at or past n0
	for k, w := range ws[1:] {
		b := w.entries
		splits[k+1] = sort.Search(len(b), func(i int) bool { return at[b[i].Record] >= n0 })
		if release {
			copyRuns(es, b[splits[k+1]:], at, true)
		} else {
			wg.Go(func() { copyRuns(es, b[splits[k+1]:], at, false) })
		}
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
		copyRuns(es, w.entries[:splits[k+1]], at, release)
		w.entries = nil
	}
	ws[0].entries = nil
	return es
}

// copyRuns copies each record's run of entries in b to its place in es (at). b is read
// once: with drop, its pages are given back as it goes (mem.Dying, told every dropEvery
// entries), so that the ledger's pages written meanwhile do not add to the peak.
func copyRuns(es, b []Entry, at []int32, drop bool) {
	var dying *mem.Dying[Entry]
	if drop {
		dying = mem.Dies(b)
	}
	done := 0
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
		if dying != nil && i-done >= dropEvery {
			dying.Upto(i)
			done = i
		}
	}
	if dying != nil {
		dying.All()
	}
}

// dropEvery is how many entries copyRuns copies between two calls of Dying.Upto (1 MB;
// tests lower it).
var dropEvery = 1 << 20 / 40

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

// entryGroups are the entries of every period and window (ledger entry indices, in
// replay order), made on first use: deduct and overview never ask, and grouping a
// million entries is a tenth of their replay. Groups are numbered period by period, then
// window by window, package after package.
type entryGroups struct {
	once       sync.Once
	poff, woff []int // per package: the group of its first period; of its first window
	grouped[int]
}

// grouped are items in groups: group k's are items[start[k]:start[k+1]].
type grouped[T any] struct {
	start []int // per group, its first position in items; len(groups)+1
	items []T
}

// of returns group k's items (nil when none).
func (g *grouped[T]) of(k int) []T {
	if g.start[k] == g.start[k+1] {
		return nil
	}
	return g.items[g.start[k]:g.start[k+1]:g.start[k+1]]
}

// groups returns l's entry groups, grouping them on the first call.
func (l *Ledger) groups() *entryGroups {
	g := l.grouped
	g.once.Do(func() { g.build(l) })
	return g
}

// build groups l's entries (countingGroups), as their indices.
func (g *entryGroups) build(l *Ledger) {
	if l.kept != nil {
		panic("replay: the entries of a ledger replayed with EntriesOf are read with CopyPeriodEntries")
	}
	np := len(l.Packages)
	g.poff, g.woff = make([]int, np+1), make([]int, np+1)
	for pi := range l.Packages {
		g.poff[pi+1] = g.poff[pi] + len(l.Packages[pi].Periods)
	}
	g.woff[0] = g.poff[np]
	for pi := range l.Packages {
		g.woff[pi+1] = g.woff[pi] + l.windowCount(pi)
	}
	g.grouped = countingGroups([][]Entry{l.Entries}, g.woff[np], func(e *Entry) (int, int) {
		if e.Package < 0 {
			return -1, -1
		}
		p, w := g.poff[e.Package]+int(e.Period), -1
		if e.Window >= 0 {
			w = g.woff[e.Package] + int(e.Window)
		}
		return p, w
	}, func(_, i int) int { return i })
}

// countingGroups puts the entries of segs (read one after the other) in ngroups groups,
// each group's entries in that order, as item makes them of an entry (its segment and
// index). groups gives an entry's groups (two at most; -1: none). One counting pass and
// one placing pass, both over parts of the entries, one goroutine each (a group's
// entries from the first part, then the second's…, so in order).
func countingGroups[T any](segs [][]Entry, ngroups int, groups func(*Entry) (int, int), item func(seg, i int) T) grouped[T] {
	type part struct{ seg, from, to int }
	var parts []part
	for s, es := range segs {
		n := partsOf(len(es), groupPartMin)
		for p := range n {
			parts = append(parts, part{s, p * len(es) / n, (p + 1) * len(es) / n})
		}
	}
	each := func(fn func(k int, p part)) {
		var wg par.Group
		for k, p := range parts {
			wg.Go(func() { fn(k, p) })
		}
		wg.Wait()
	}
	counts := make([][]int, len(parts)) // per part and group: its entries, then where they go
	each(func(k int, p part) {
		c := make([]int, ngroups)
		es := segs[p.seg]
		for i := p.from; i < p.to; i++ {
			a, b := groups(&es[i])
			if a >= 0 {
				c[a]++
			}
			if b >= 0 {
				c[b]++
			}
		}
		counts[k] = c
	})
	g := grouped[T]{start: make([]int, ngroups+1)}
	for k := range ngroups {
		n := g.start[k]
		for _, c := range counts {
			n, c[k] = n+c[k], n
		}
		g.start[k+1] = n
	}
	g.items = make([]T, g.start[ngroups])
	each(func(k int, p part) {
		next := counts[k]
		es := segs[p.seg]
		for i := p.from; i < p.to; i++ {
			a, b := groups(&es[i])
			if a >= 0 {
				g.items[next[a]] = item(p.seg, i)
				next[a]++
			}
			if b >= 0 {
				g.items[next[b]] = item(p.seg, i)
				next[b]++
			}
		}
	})
	return g
}

// PeriodCopies are the entries of the periods of some packages, copied out of the
// ledger period by period (Ledger.CopyPeriodEntries).
type PeriodCopies struct {
	off []int // per package: the group of its first period; -1 when not copied
	grouped[Entry]
}

// CopyPeriodEntries copies the entries of every period of the packages keep chooses (by
// ledger index), each period's in replay order: what reads the entries of some packages
// period by period (the amortization by usage) then reads them in order from one array,
// not scattered over the ledger. It works on an unmerged ledger (Options.EntriesOf) too,
// and panics when keep chooses a package whose entries that replay did not write.
func (l *Ledger) CopyPeriodEntries(keep func(pi int) bool) *PeriodCopies {
	c := &PeriodCopies{off: make([]int, len(l.Packages))}
	n := 0
	for pi := range l.Packages {
		c.off[pi] = -1
		if keep(pi) {
			if l.kept != nil && !l.kept[pi] {
				panic(fmt.Sprintf("replay: the entries of package %d were not written (Options.EntriesOf)", pi))
			}
			c.off[pi], n = n, n+len(l.Packages[pi].Periods)
		}
	}
	segs := l.unmerged
	if segs == nil {
		segs = [][]Entry{l.Entries}
	}
	c.grouped = countingGroups(segs, n, func(e *Entry) (int, int) {
		if e.Package < 0 || c.off[e.Package] < 0 {
			return -1, -1
		}
		return c.off[e.Package] + int(e.Period), -1
	}, func(s, i int) Entry { return segs[s][i] })
	return c
}

// Of returns the entries of package pi's period k (nil when none). It panics when pi's
// were not copied.
func (c *PeriodCopies) Of(pi, k int) []Entry {
	o := c.off[pi]
	if o < 0 {
		panic(fmt.Sprintf("replay: the entries of package %d were not copied", pi))
	}
	return c.of(o + k)
}
