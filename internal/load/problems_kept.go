package load

import (
	"container/heap"
	"slices"
	"sort"
)

// firstProblems keeps, of the problems of a file filed in any order, the first
// maxListed by location (a row's problems in the order filed), as sortProblems orders
// them, and counts the others, keeping their hints: all that Errors reports, held in
// memory bounded whatever the number of bad rows.
type firstProblems struct {
	kept    keptHeap
	seq     int               // problems filed so far
	omitted int               // problems not kept
	hints   map[string]filing // each hint of a problem not kept, at its first place
	rows    bool              // a problem not kept is a row's
	fatal   bool              // a problem not kept is a whole file's
}

// filing is a problem with the place sortProblems gives it: its location, then the
// order it was filed in.
type filing struct {
	p   Problem
	seq int
}

func (a filing) before(b filing) bool {
	if a.p.Src.Sheet != b.p.Src.Sheet {
		return a.p.Src.Sheet < b.p.Src.Sheet
	}
	if a.p.Src.Line != b.p.Src.Line {
		return a.p.Src.Line < b.p.Src.Line
	}
	return a.seq < b.seq
}

// keptHeap is a max-heap of filings: its root is the last kept, the first to go.
type keptHeap []filing

func (h keptHeap) Len() int           { return len(h) }
func (h keptHeap) Less(i, j int) bool { return h[j].before(h[i]) }
func (h keptHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *keptHeap) Push(x any)        { *h = append(*h, x.(filing)) }
func (h *keptHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// add files problems, in the order given.
func (f *firstProblems) add(ps []Problem) {
	for _, p := range ps {
		x := filing{p: p, seq: f.seq}
		f.seq++
		switch {
		case len(f.kept) < maxListed:
			heap.Push(&f.kept, x)
		case x.before(f.kept[0]):
			f.drop(f.kept[0])
			f.kept[0] = x
			heap.Fix(&f.kept, 0)
		default:
			f.drop(x)
		}
	}
}

// drop counts a problem not kept.
func (f *firstProblems) drop(x filing) {
	f.omitted++
	f.rows = f.rows || !x.p.Fatal
	f.fatal = f.fatal || x.p.Fatal
	if x.p.Hint == "" {
		return
	}
	if f.hints == nil {
		f.hints = map[string]filing{}
	}
	if first, ok := f.hints[x.p.Hint]; !ok || x.before(first) {
		f.hints[x.p.Hint] = x
	}
}

// any reports whether a problem was filed.
func (f *firstProblems) any() bool { return f.seq > 0 }

// errors is the Errors of the problems filed.
func (f *firstProblems) errors() Errors {
	kept := slices.Clone(f.kept)
	sort.Slice(kept, func(i, j int) bool { return kept[i].before(kept[j]) })
	var e Errors
	for _, x := range kept {
		e.Problems = append(e.Problems, x.p)
	}
	e.More, e.moreRows, e.moreFatal = f.omitted, f.rows, f.fatal
	firsts := make([]filing, 0, len(f.hints))
	for _, x := range f.hints {
		firsts = append(firsts, x)
	}
	sort.Slice(firsts, func(i, j int) bool { return firsts[i].before(firsts[j]) })
	for _, x := range firsts {
		if !e.listsHint(x.p.Hint) {
			e.moreHints = append(e.moreHints, x.p.Hint)
		}
	}
	return e
}
