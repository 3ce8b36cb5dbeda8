package replay

import (
	"cmp"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/par"
)

// windows holds the level windows of a worker, numbered in creation order in fixed-size
// chunks (no copying as they grow); each also has its position among its package's
// windows (local), which Entry.Window holds. A package finds its windows by binary
// search while it creates them in key order (records come in time order), and through a
// map once it does not.
type windows struct {
	chunks [][]winState
	n      int32
	per    []pkgWins // per package
}

const winChunk = 1 << 12

type winState struct {
	key    winKey
	period int32
	local  int32          // the position among its package's windows (creation order)
	loc    *time.Location // the zone of the record that opened it: Start and End are key's instants in it
	fill   winFill
}

// winFill is a window's running state: what it covered, and the deduct_time of the
// record that left it nothing (zero: none). What it has left is what its package's
// capacity leaves of that.
type winFill struct {
	used exact.Qty
	at   time.Time
}

// winKey is a window's start and end (a record's, as Stamps: one word each).
type winKey struct{ start, end model.Stamp }

func (k winKey) compare(o winKey) int {
	if c := cmp.Compare(k.start, o.start); c != 0 {
		return c
	}
	return cmp.Compare(k.end, o.end)
}

type pkgWins struct {
	last int32            // the window used last, -1
	ids  []int32          // in creation order
	m    map[winKey]int32 // nil while ids are in key order
}

func newWindows(npkgs int) windows {
	ws := windows{per: make([]pkgWins, npkgs)}
	for i := range ws.per {
		ws.per[i].last = -1
	}
	return ws
}

func (ws *windows) at(w int32) *winState { return &ws.chunks[w/winChunk][w%winChunk] }

// get returns the window of package pkg (period k) for record r (its start and end),
// creating it.
func (ws *windows) get(pkg, k int32, r *model.Record) *winState {
	start, end, _ := r.Stamps()
	pw, key := &ws.per[pkg], winKey{start, end}
	if pw.last >= 0 {
		if st := ws.at(pw.last); st.key == key {
			return st
		}
	}
	w, ok := ws.find(pw, key)
	if !ok {
		w = ws.n
		if w%winChunk == 0 {
			ws.chunks = append(ws.chunks, make([]winState, winChunk))
		}
		ws.n++
		*ws.at(w) = winState{key: key, period: k, local: int32(len(pw.ids)), loc: r.Location()}
		pw.ids = append(pw.ids, w)
		if pw.m != nil {
			pw.m[key] = w
		}
	}
	pw.last = w
	return ws.at(w)
}

// find looks key up among pw's windows. A key after the last one is new; one before it
// is binary-searched, and if new, the package switches to a map.
func (ws *windows) find(pw *pkgWins, key winKey) (int32, bool) {
	if pw.m != nil {
		w, ok := pw.m[key]
		return w, ok
	}
	n := len(pw.ids)
	if n == 0 || ws.at(pw.ids[n-1]).key.compare(key) < 0 {
		return 0, false
	}
	j, ok := slices.BinarySearchFunc(pw.ids, key, func(w int32, key winKey) int {
		return ws.at(w).key.compare(key)
	})
	if ok {
		return pw.ids[j], true
	}
	pw.m = make(map[winKey]int32, n+1)
	for _, w := range pw.ids {
		pw.m[ws.at(w).key] = w
	}
	return 0, false
}

// windowTable is every package's level windows, made on first use (Ledger.Windows)
// from the workers' window states: a package's records, so its windows, are one
// worker's, in the order they opened.
type windowTable struct {
	dropped bool // a replay in parts that did not keep them (Session.Finish)
	once    sync.Once
	src     []windows  // the workers'
	of      [][]Window // per package
}

// Windows returns package pi's level windows, in the order they opened (the replay
// order of the first record each covered); Entry.Window indexes them. The first call
// makes every package's; it is safe to call from several goroutines.
func (l *Ledger) Windows(pi int) []Window {
	t := l.wins
	if t.dropped {
		panic("replay: the windows of this replay in parts were not kept")
	}
	t.once.Do(func() { t.build(l) })
	return t.of[pi]
}

// windowCount is len(l.Windows(pi)), without making the windows.
func (l *Ledger) windowCount(pi int) int {
	n := 0
	for i := range l.wins.src {
		n += len(l.wins.src[i].per[pi].ids)
	}
	return n
}

// build makes every package's windows as ranges of shared arrays. Goroutines, one per
// core, take ranges of packages holding about as many windows each (few products may
// hold all the level packages).
func (t *windowTable) build(l *Ledger) {
	t.of = make([][]Window, len(l.Packages))
	cum := make([]int, len(l.Packages)+1) // windows before each package
	for pi := range l.Packages {
		cum[pi+1] = cum[pi] + l.windowCount(pi)
	}
	total := cum[len(l.Packages)]
	parts := partsOf(total, placePartMin)
	var wg par.Group
	for p := range parts {
		lo, hi := sort.SearchInts(cum, total*p/parts), sort.SearchInts(cum, total*(p+1)/parts)
		if p == parts-1 {
			hi = len(l.Packages)
		}
		wg.Go(func() {
			all := make([]Window, 0, cum[hi]-cum[lo])
			for pi := lo; pi < hi; pi++ {
				for i := range t.src {
					if s := &t.src[i]; len(s.per[pi].ids) > 0 {
						all = s.place(pi, all, t.of)
					}
				}
			}
		})
	}
	wg.Wait()
}

// placePartMin is the fewest windows worth a goroutine of their own in windowTable.build.
var placePartMin = 1 << 12

// place appends package pi's windows to all, in the order they opened, and gives them to
// the package (of[pi]).
func (ws *windows) place(pi int, all []Window, of [][]Window) []Window {
	ids := ws.per[pi].ids
	first := len(all)
	for _, w := range ids {
		st := ws.at(w)
		all = append(all, Window{Start: st.key.start.Time(st.loc), End: st.key.end.Time(st.loc), Period: int(st.period),
			Covered: st.fill.used.Dec(), ExhaustedAt: st.fill.at})
	}
	of[pi] = all[first:len(all):len(all)]
	return all
}
