package replay

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/par"
	"github.com/pkgctl/pkgctl/internal/value"
	"github.com/shopspring/decimal"
)

// windows holds the level windows of a worker, numbered in creation order in fixed-size
// chunks (no copying as they grow); each also has its position among its package's
// windows (local), which Entry.Window holds. A package finds its windows by binary
// search while it creates them in key order (records come in time order), and through a
// map once it does not.
//
// A replay in parts lets go of the windows no later record can reach (retire): a
// record's window is keyed by its start_time, which comes at most lag before its
// deduct_time in the records seen so far; records come in deduct order. A chunk whose
// windows are all retired is freed; what the overview and utilization need of them is
// kept per package (pastWins). A record that would open a window of a package at or
// before the start of one it retired may have needed that one: the replay in parts
// stops (late), and the usage is replayed in memory.
type windows struct {
	chunks [][]winState
	spare  []winState // the chunks made ahead (newChunk)
	live   []int32    // per chunk: its windows not retired
	n      int32
	per    []pkgWins // per package
	lag    int64     // the most, in nanoseconds, that a record's deduct_time came after its start_time (records with a window)
	late   *LateError
}

const winChunk = 1 << 12

// maxAhead is the most chunks newChunk makes at once.
const maxAhead = 16

// newChunk is memory for the next chunk. While huge pages are asked for (not in a
// replay in parts: mem.HugeAsked), chunks are made a few at a time, as many as there are
// already up to maxAhead (a chunk is 360 KB: sixteen span whole huge pages, asked for
// with mem.MakeHuge, where one at a time would be faulted in 4 KiB at a time); a group's
// memory is freed once all its chunks are (retire). Otherwise one at a time.
func (ws *windows) newChunk() []winState {
	if len(ws.spare) == 0 {
		k := 1
		if mem.HugeAsked() {
			k = min(max(len(ws.chunks), 1), maxAhead)
		}
		ws.spare = mem.MakeHuge[winState](winChunk * k)
	}
	c := ws.spare[:winChunk:winChunk]
	ws.spare = ws.spare[winChunk:]
	return c
}

// kept is ws as a ledger keeps it once the replay is over: without the chunks made ahead.
func (ws windows) kept() windows {
	ws.spare = nil
	return ws
}

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
	last    int32            // the window used last, -1
	ids     []int32          // in creation order, those not retired
	gone    int32            // how many were retired: ids[0]'s local position
	retired model.Stamp      // the latest start of a retired window (NoStamp: none)
	m       map[winKey]int32 // nil while ids are in key order
	past    *pastWins        // what the retired windows leave, when kept (nil: none)
}

// pastWins is what a package's retired windows leave for its overview and utilization
// (Ledger.PastWindows): the latest, by start then end, of those started by as-of, and
// per period and length the coverage summed.
type pastWins struct {
	latest    winState
	hasLatest bool
	spans     []pastSpan
}

type pastSpan struct {
	period  int32
	length  value.Span
	covered exact.Qty
}

// fold adds window st, started by limit or not (as-of), to p.
func (p *pastWins) fold(st *winState, limit model.Stamp) {
	if st.key.start <= limit && (!p.hasLatest || st.key.start > p.latest.key.start ||
		st.key.start == p.latest.key.start && st.key.end > p.latest.key.end) {
		p.latest, p.hasLatest = *st, true
	}
	length := value.SpanOf(st.key.start.Time(st.loc), st.key.end.Time(st.loc))
	for i := range p.spans {
		if sp := &p.spans[i]; sp.period == st.period && sp.length == length {
			sp.covered = sp.covered.Add(st.fill.used)
			return
		}
	}
	p.spans = append(p.spans, pastSpan{period: st.period, length: length, covered: st.fill.used})
}

func newWindows(npkgs int) windows {
	ws := windows{per: make([]pkgWins, npkgs)}
	for i := range ws.per {
		ws.per[i].last, ws.per[i].retired = -1, model.NoStamp
	}
	return ws
}

func (ws *windows) at(w int32) *winState { return &ws.chunks[w/winChunk][w%winChunk] }

// get returns the window of package pkg (period k) for record r (its start and end),
// creating it.
func (ws *windows) get(pkg, k int32, r *model.Record) *winState {
	start, end, deduct := r.Stamps()
	pw, key, lag := &ws.per[pkg], winKey{start, end}, lagOf(start, deduct)
	if pw.last >= 0 {
		if st := ws.at(pw.last); st.key == key {
			ws.lag = max(ws.lag, lag)
			return st
		}
	}
	w, ok := ws.find(pw, key)
	if !ok && start <= pw.retired { // it may be a window let go of
		if ws.late == nil {
			ws.late = &LateError{Line: r.Line, ID: r.ID, Start: r.Start(), Deduct: r.Deduct(),
				Retired: pw.retired.Time(r.Location()), Lag: time.Duration(ws.lag)}
		}
		return &winState{key: key, period: k, local: -1, loc: r.Location()} // the replay stops after this part
	}
	ws.lag = max(ws.lag, lag)
	if !ok {
		w = ws.n
		if w%winChunk == 0 {
			ws.chunks = append(ws.chunks, ws.newChunk())
			ws.live = append(ws.live, 0)
		}
		ws.n++
		ws.live[w/winChunk]++
		*ws.at(w) = winState{key: key, period: k, local: pw.gone + int32(len(pw.ids)), loc: r.Location()}
		pw.ids = append(pw.ids, w)
		if pw.m != nil {
			pw.m[key] = w
		}
	}
	pw.last = w
	return ws.at(w)
}

// seen counts record r in the lag as get does when it finds one of r's windows.
func (ws *windows) seen(r *model.Record) {
	start, _, deduct := r.Stamps()
	ws.lag = max(ws.lag, lagOf(start, deduct))
}

// lagOf is how long after start deduct comes, in nanoseconds (0 when not after; held
// to an int64).
func lagOf(start, deduct model.Stamp) int64 {
	if start == model.NoStamp || deduct <= start {
		return 0
	}
	if d := int64(deduct) - int64(start); d > 0 {
		return d
	}
	return math.MaxInt64
}

// retire lets go of the windows that started before bound, each package's in the order
// they opened up to the first that did not, and frees the chunks left with none. With
// keep, what they leave for the overview and utilization is kept (limit: the as-of
// instant).
func (ws *windows) retire(bound model.Stamp, keep bool, limit model.Stamp) {
	for pi := range ws.per {
		pw := &ws.per[pi]
		k := 0
		for k < len(pw.ids) {
			w := pw.ids[k]
			st := ws.at(w)
			if st.key.start >= bound {
				break
			}
			if keep {
				if pw.past == nil {
					pw.past = &pastWins{}
				}
				pw.past.fold(st, limit)
			}
			pw.retired = max(pw.retired, st.key.start)
			if pw.m != nil {
				delete(pw.m, st.key)
			}
			if c := w / winChunk; ws.live[c]-1 == 0 && c < ws.n/winChunk { // the last of a full chunk
				ws.chunks[c], ws.live[c] = nil, 0
			} else {
				ws.live[c]--
			}
			k++
		}
		if k == 0 {
			continue
		}
		pw.ids, pw.gone, pw.last = pw.ids[k:], pw.gone+int32(k), -1
		if cap(pw.ids) > 2*len(pw.ids)+16 { // let the retired ids' array go
			pw.ids = slices.Clone(pw.ids)
		}
	}
}

// LateError is a record of a replay in parts that opens a window of a level package at
// or before the start of one already let go of: it starts much longer before its
// deduct_time than the records before it did, and its window may be one of those. The
// usage is replayed in memory instead.
type LateError struct {
	Line          int
	ID            string
	Start, Deduct time.Time
	Retired       time.Time     // the latest start of its package's windows let go of
	Lag           time.Duration // the most the records before it started before their deduct_time
}

func (e *LateError) Error() string {
	return fmt.Sprintf("record %s (line %d) starts at %s, %s before its deduct_time %s: its level window may be one let go of (its package's, starting by %s, were: records had started at most %s before their deduct_time)",
		e.ID, e.Line, e.Start.Format(time.RFC3339), e.Deduct.Sub(e.Start), e.Deduct.Format(time.RFC3339), e.Retired.Format(time.RFC3339), e.Lag)
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
// makes every package's; it is safe to call from several goroutines. A replay in parts
// lets go of the windows no later record can reach: Windows then returns those it kept,
// PastWindows what the others leave.
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

// PastWindows is what the level windows of package pi that a replay in parts let go of
// leave for the overview and utilization (Windows has the others; a replay in memory
// lets go of none).
type PastWindows struct {
	Latest *Window      // the latest, by Start then End, of those started by as-of; nil: none
	Spans  []WindowSpan // per period and window length, in the order first met
}

// WindowSpan is the coverage of a package's windows let go of that belong to one period
// and last one length.
type WindowSpan struct {
	Period  int
	Length  value.Span
	Covered decimal.Decimal
}

// PastWindows returns what package pi's windows let go of leave.
func (l *Ledger) PastWindows(pi int) PastWindows {
	var out PastWindows
	if l.wins.dropped {
		panic("replay: the windows of this replay in parts were not kept")
	}
	for i := range l.wins.src {
		p := l.wins.src[i].per[pi].past
		if p == nil {
			continue
		}
		if p.hasLatest {
			st := &p.latest
			out.Latest = &Window{Start: st.key.start.Time(st.loc), End: st.key.end.Time(st.loc), Period: int(st.period),
				Covered: st.fill.used.Dec(), ExhaustedAt: st.fill.at}
		}
		for _, sp := range p.spans {
			out.Spans = append(out.Spans, WindowSpan{Period: int(sp.period), Length: sp.length, Covered: sp.covered.Dec()})
		}
	}
	return out
}
