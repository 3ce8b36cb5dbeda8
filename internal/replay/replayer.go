package replay

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/par"
)

// replayer holds a run's shared state: the slot table and, per slot, what the period
// has given so far. Records of different products never meet the same package, so the
// replay is split by product among workers (each with its own windows, cursors and
// entries), and their entries are merged back in replay order; the ledger is the same
// whatever the split.
type replayer struct {
	l     *Ledger
	m     *matcher
	t     *candTable
	first []Entry // the first worker's region of entries, with room for the whole ledger (prepare, split)
	arena []Entry // the other workers' entries, a region each
	at    []int32 // with several workers: at[ri+1] is record ri's number of entries (merge)
	fills []fill  // per slot: the period's running state
	// touched is per slot whether the period has an entry: apart from fills, whose pages a
	// run that touches few of many periods (hourly resets) never needs to read
	touched []bool
	dead    []bool      // per slot: a usage period with nothing left, never a candidate again
	caps    []exact.Qty // per package: capacity
	level   []bool      // per package: a level package (coverage per window)

	ws       []*worker     // the workers, made by the first split
	load     []int         // per worker: the records dealt to it
	workerOf map[int32]int // per product: its worker

	mu        sync.Mutex        // guards classes and classList (and the matcher's units)
	classes   map[attrKey]int32 // index into classList, under mu
	classList []*recClass       // under mu while preparing
	lists     *classLists       // the candidate lists built so far (withLists)
	listMems  []listMem         // the memory of the classes' candidate lists
	// release gives dead arrays back to the system as soon as they are dead (Options.Release;
	// Run only): the keys, the candidate lists, the other workers' entries as merged
	release bool
	states  bool // no entries, no records' results: the packages' states only (Options.States; Run only)
	// keep, when not nil, is per package whether its entries are written; then no
	// record's result is, and the workers' entries are left where they are
	// (Options.EntriesOf; Run only)
	keep []bool
}

// recClass is what records with the same attribute texts share: their interned
// attributes and their candidates (found once every class is known: withLists): one
// list, or the lists of the groups they match, walked side by side (classlists.go).
type recClass struct {
	ra    recAttrs
	list  *candList
	parts []*candList
}

type attrKey struct{ product, item, spec, region, project, unit string }

// fill is the running state of a period or window: what it gave (Used, Covered) and
// what it has left after its last entry (that entry's RemainingAfter, which is exactly
// the next entry's AvailableBefore).
type fill struct {
	used exact.Qty
	left exact.Qty // valid when touched
	at   time.Time // ExhaustedAt: deduct_time of the entry that left nothing
}

func newReplayer(l *Ledger) *replayer {
	rp := &replayer{l: l, m: l.match, t: buildSlots(l.match), classes: map[attrKey]int32{}, workerOf: map[int32]int{}}
	rp.fills = make([]fill, len(rp.t.slots))
	rp.touched = make([]bool, len(rp.t.slots))
	rp.dead = make([]bool, len(rp.t.slots))
	rp.caps = make([]exact.Qty, len(l.Packages))
	rp.level = make([]bool, len(l.Packages))
	for i := range l.Packages {
		rp.caps[i] = exact.QtyOf(l.Packages[i].Pkg.Capacity)
		rp.level[i] = l.Packages[i].Pkg.Type.IsLevel()
	}
	return rp
}

// classCache is one goroutine's way to the replayer's classes: the previous record's
// class, its own map by the records' (interned) attributes, and the shared map (under
// the replayer's lock) on a miss. It counts the records it classed per class.
type classCache struct {
	rp    *replayer
	m     map[*model.RecordAttrs]int32
	lastA *model.RecordAttrs
	lastC int32
	n     []int // per class: the records classed
}

func (rp *replayer) classCache() *classCache {
	return &classCache{rp: rp, m: map[*model.RecordAttrs]int32{}}
}

// class returns r's class, counting r in it.
func (cc *classCache) class(r *model.Record) int32 {
	if cc.lastA != nil && cc.lastA == r.RecordAttrs {
		cc.n[cc.lastC]++
		return cc.lastC
	}
	c, ok := cc.m[r.RecordAttrs]
	if !ok {
		c = cc.rp.class(r)
		cc.m[r.RecordAttrs] = c
		for int(c) >= len(cc.n) {
			cc.n = append(cc.n, 0)
		}
	}
	cc.lastA, cc.lastC = r.RecordAttrs, c
	cc.n[c]++
	return c
}

// class returns the class of r's attributes, creating it (its candidate list comes later:
// withLists).
func (rp *replayer) class(r *model.Record) int32 {
	k := attrKey{r.Product, r.BillingItem, r.Specification, r.Region, r.EnterpriseProject, r.Unit}
	rp.mu.Lock()
	defer rp.mu.Unlock()
	c, ok := rp.classes[k]
	if !ok {
		m := rp.m
		rc := &recClass{ra: recAttrs{m.lookup(r.Product), m.lookup(r.BillingItem), m.lookup(r.Specification),
			m.lookup(r.Region), m.lookup(r.EnterpriseProject), m.units.ID(r.Unit)}}
		c = int32(len(rp.classList))
		rp.classList = append(rp.classList, rc)
		rp.classes[k] = c
	}
	return c
}

// withLists finds the candidates of every class that has none yet, building the lists
// they need on up to workers goroutines (a session's later parts bring new classes);
// counts are the classes' records, per classCache.
func (rp *replayer) withLists(workers int, counts ...[]int) {
	if rp.lists == nil {
		rp.lists = newClassLists(rp.m, rp.t)
	}
	var ras []recAttrs
	var todo, n []int
	records := 0
	for c, rc := range rp.classList {
		k := 0
		for _, cs := range counts {
			if c < len(cs) {
				k += cs[c]
			}
		}
		records += k
		if rc.list == nil && rc.parts == nil {
			ras, todo, n = append(ras, rc.ra), append(todo, c), append(n, k)
		}
	}
	one, parts, mems := rp.lists.lists(ras, n, records, rp.m, rp.t, workers)
	for k, c := range todo {
		rp.classList[c].list, rp.classList[c].parts = one[k], parts[k]
	}
	rp.listMems = append(rp.listMems, mems...)
}

// dropLists gives the pages of the candidate lists back (mem.Drop) once every record is
// replayed, with rp.release (Run: the merge that follows writes the ledger in place; at
// 1M records 20 MB less at the peak), and forgets the lists.
func (rp *replayer) dropLists() {
	if !rp.release {
		return
	}
	for _, m := range rp.listMems {
		mem.Drop(m.i32[:cap(m.i32)])
	}
	rp.listMems, rp.lists = nil, nil
	for _, c := range rp.classList {
		c.list, c.parts = nil, nil
	}
}

// run replays recs (those up to opt.AsOf, in replay order) into l.Records and the
// workers' entries, with up to workers goroutines (0: GOMAXPROCS).
func (rp *replayer) run(recs []model.Record, opt Options, workers int) []*worker {
	return rp.replayOrder(recs, rp.prepare(recs, opt), workers)
}

// replayOrder replays recs in order (prepare's) into rp.l.Records and the workers'
// entries. With rp.release, order dies as it is replayed (mem.Dying: given back in whole
// huge pages as the workers pass them, all of it, reading as zeros, once every worker
// is done).
func (rp *replayer) replayOrder(recs []model.Record, order []recKey, workers int) []*worker {
	l := rp.l
	switch {
	case rp.keep != nil: // the records, by replay index, without their results
		l.recs, l.order = recs, make([]int32, len(order))
		inParts(partsOf(len(order), 1<<16), len(order), func(_, from, to int) {
			for i := from; i < to; i++ {
				l.order[i] = order[i].i
			}
		})
	case !rp.states:
		l.Records = mem.MakeHuge[RecordResult](len(order))
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
		if len(order) < sequentialBelow {
			workers = 1
		}
	}
	ws := rp.split(order, workers)
	if len(ws) > 1 && !rp.states && rp.keep == nil {
		rp.at = mem.MakeHuge[int32](len(order) + 1) // as the records' results
	}
	var kd *keysDrop
	if rp.release {
		kd = &keysDrop{keys: mem.Dies(order), n: len(order), at: make([]int, len(ws))}
	}
	var wg par.Group
	for wi, w := range ws {
		wg.Go(func() {
			var mine *mem.Dying[int32]
			if kd != nil {
				mine = mem.Dies(w.recs)
			}
			for j, i := range w.recs {
				if kd != nil && j%dropStride == 0 && j > 0 {
					kd.reached(wi, int(i))
					mine.Upto(j)
				}
				if j+recAhead < len(w.recs) {
					r := &recs[order[w.recs[j+recAhead]].i]
					mem.PrefetchOf(&r.Quantity)
					r.PrefetchDeduct() // the last instant
				}
				k := order[i]
				w.record(int(i), &recs[k.i], rp.classList[k.c])
			}
			if kd != nil {
				kd.reached(wi, len(order)) // done: the others' keys may go
				mine.All()
			}
		})
	}
	wg.Wait() // with kd, every key is given back: each worker said it was done
	for _, w := range ws {
		w.recs = nil
	}
	return ws
}

// keysDrop gives the pages of the replay's keys back as the workers pass them
// (mem.Dying): at 1M records they are 16 MB that would otherwise count at the peak,
// which the workers' entries reach as they end.
type keysDrop struct {
	keys *mem.Dying[recKey]
	n    int // the number of keys
	mu   sync.Mutex
	at   []int // per worker: the position in order it has replayed every record of its before
	done int   // the keys before it are dead
}

// reached says that worker w has replayed its records before position i: the keys
// before every worker's position are dead, all of them once every worker is done.
func (kd *keysDrop) reached(w, i int) {
	kd.mu.Lock()
	defer kd.mu.Unlock()
	kd.at[w] = i
	if m := slices.Min(kd.at); m > kd.done {
		kd.done = m
		if m == kd.n {
			kd.keys.All()
		} else {
			kd.keys.Upto(m)
		}
	}
}

// dropStride is how many of its records a worker replays between two calls of
// Dying.Upto on the keys (512 KB of them) and on its own list (tests lower it).
var dropStride = 1 << 15

// recAhead is how many records ahead a worker starts loading a record's times and
// quantity: records are replayed in deduct order, not in the order they lie in memory,
// and each waits on memory otherwise (at 1M records: workers −15 % wall time; 32 beat 8
// and 16).
const recAhead = 32

// sequentialBelow is the number of records below which a replay uses one goroutine
// (tests lower it).
var sequentialBelow = 50_000

// arenaRoom is the room a worker with n records gets in the entries arena (tests shrink it).
var arenaRoom = func(n int) int { return n + n/2 + 64 }

// split deals the products' records (order) to the workers, each of which replays its
// records in replay order. A product stays with the worker it was first dealt to (its
// packages' windows are that worker's); new products go, largest first, to the least
// loaded. Without workers yet, it makes at most n (no more than there are products).
func (rp *replayer) split(order []recKey, n int) []*worker {
	perClass := make([]int, len(rp.classList))
	for _, k := range order {
		perClass[k.c]++
	}
	perProduct := map[int32]int{}
	for c, k := range perClass {
		if k > 0 {
			perProduct[rp.classList[c].ra.product] += k
		}
	}
	keys := make([]int32, 0, len(perProduct))
	for p := range perProduct {
		if _, dealt := rp.workerOf[p]; !dealt {
			keys = append(keys, p)
		}
	}
	slices.SortFunc(keys, func(a, b int32) int {
		if c := cmp.Compare(perProduct[b], perProduct[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	if rp.ws == nil {
		rp.ws = make([]*worker, min(n, max(len(keys), 1)))
		rp.load = make([]int, len(rp.ws))
		for i := range rp.ws {
			rp.ws[i] = &worker{rp: rp, w: newWindows(len(rp.l.Packages))}
		}
	}
	ws, load := rp.ws, rp.load
	inPart := make([]int, len(ws))
	for p, k := range perProduct {
		if w, dealt := rp.workerOf[p]; dealt {
			inPart[w], load[w] = inPart[w]+k, load[w]+k
		}
	}
	for _, p := range keys {
		w := 0
		for i := range load {
			if load[i] < load[w] {
				w = i
			}
		}
		rp.workerOf[p] = w
		inPart[w], load[w] = inPart[w]+perProduct[p], load[w]+perProduct[p]
	}
	classWorker := make([]*worker, len(rp.classList))
	for c := range classWorker {
		if w, ok := rp.workerOf[rp.classList[c].ra.product]; ok {
			classWorker[c] = ws[w]
		}
	}
	recs, off := mem.MakeHuge[int32](len(order)), 0 // one array (the parts sum to len(order)): fewer, whole huge pages
	for i, w := range ws {
		w.recs, off = recs[off:off:off+inPart[i]], off+inPart[i]
	}
	for i, k := range order {
		w := classWorker[k.c]
		w.recs = append(w.recs, int32(i))
	}
	// A region of memory for each worker's entries (generous: pages never written are
	// never resident): the first worker's, made by prepare, with room for the whole
	// ledger, so that merge can put the entries in replay order in place; the others',
	// one arena. A worker that outgrows its region continues in memory of its own, and
	// merge copies.
	if rp.states {
		return ws // no entries
	}
	if len(rp.first) != arenaRoom(len(order)) {
		rp.first = mem.MakeHuge[Entry](arenaRoom(len(order)))
	}
	ws[0].entries = rp.first[:0]
	total := 0
	for _, w := range ws[1:] {
		total += arenaRoom(len(w.recs))
	}
	arena, off := mem.MakeHuge[Entry](total), 0
	for _, w := range ws[1:] {
		room := arenaRoom(len(w.recs))
		w.entries, off = arena[off:off:off+room], off+room
	}
	rp.arena = arena
	return ws
}
