package replay

import (
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
	wg.Go(func() { recordEntries(l) })
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
// window by window, package after package; a group's entries are idx[start[g]:start[g+1]].
type entryGroups struct {
	once       sync.Once
	poff, woff []int // per package: the group of its first period; of its first window
	start      []int // per group, its first position in idx; len(groups)+1
	idx        []int
}

// groups returns l's entry groups, grouping them on the first call.
func (l *Ledger) groups() *entryGroups {
	g := l.grouped
	g.once.Do(func() { g.build(l) })
	return g
}

// of returns group k's entries (nil when none).
func (g *entryGroups) of(k int) []int {
	if g.start[k] == g.start[k+1] {
		return nil
	}
	return g.idx[g.start[k]:g.start[k+1]:g.start[k+1]]
}

// build groups l's entries: one counting pass and one filling pass over l.Entries into
// a shared array, each in parts of the entries, one goroutine per core (a group's
// entries from the first part, then the second's…, so in order).
func (g *entryGroups) build(l *Ledger) {
	np := len(l.Packages)
	g.poff, g.woff = make([]int, np+1), make([]int, np+1)
	for pi := range l.Packages {
		g.poff[pi+1] = g.poff[pi] + len(l.Packages[pi].Periods)
	}
	g.woff[0] = g.poff[np]
	for pi := range l.Packages {
		g.woff[pi+1] = g.woff[pi] + l.windowCount(pi)
	}
	ngroups := g.woff[np]
	group := func(e *Entry) (int, int) {
		p, w := g.poff[e.Package]+int(e.Period), -1
		if e.Window >= 0 {
			w = g.woff[e.Package] + int(e.Window)
		}
		return p, w
	}
	parts := partsOf(len(l.Entries), groupPartMin)
	counts := make([][]int, parts) // per part and group: its entries, then where they go
	inParts(parts, len(l.Entries), func(p, from, to int) {
		c := make([]int, ngroups)
		for i := from; i < to; i++ {
			if e := &l.Entries[i]; e.Package >= 0 {
				pg, w := group(e)
				c[pg]++
				if w >= 0 {
					c[w]++
				}
			}
		}
		counts[p] = c
	})
	g.start = make([]int, ngroups+1)
	for k := range ngroups {
		n := g.start[k]
		for _, c := range counts {
			n, c[k] = n+c[k], n
		}
		g.start[k+1] = n
	}
	g.idx = make([]int, g.start[ngroups])
	inParts(parts, len(l.Entries), func(p, from, to int) {
		next := counts[p]
		for i := from; i < to; i++ {
			if e := &l.Entries[i]; e.Package >= 0 {
				pg, w := group(e)
				g.idx[next[pg]], next[pg] = i, next[pg]+1
				if w >= 0 {
					g.idx[next[w]], next[w] = i, next[w]+1
				}
			}
		}
	})
}
