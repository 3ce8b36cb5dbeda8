package replay

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
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
	arena []Entry // the workers' entries, a region each
	fills []fill  // per slot: the period's running state
	dead  []bool  // per slot: a usage period with nothing left, never a candidate again
	caps  []qty   // per package: capacity
	level []bool  // per package: a level package (coverage per window)

	mu      sync.Mutex            // guards classes (and the matcher's units)
	classes map[attrKey]*recClass // under mu
}

// recClass is what records with the same attribute texts share: their interned
// attributes and their candidate list.
type recClass struct {
	ra   recAttrs
	list *candList
}

type attrKey struct{ product, item, spec, region, project, unit string }

// fill is the running state of a period or window: what it gave (Used, Covered) and
// what it has left after its last entry (that entry's RemainingAfter, which is exactly
// the next entry's AvailableBefore).
type fill struct {
	used    qty
	left    qty       // valid when touched
	touched bool      // has an entry
	at      time.Time // ExhaustedAt: deduct_time of the entry that left nothing
}

func newReplayer(l *Ledger) *replayer {
	rp := &replayer{l: l, m: l.match, t: buildSlots(l.match), classes: map[attrKey]*recClass{}}
	rp.fills = make([]fill, len(rp.t.slots))
	rp.dead = make([]bool, len(rp.t.slots))
	rp.caps = make([]qty, len(l.Packages))
	rp.level = make([]bool, len(l.Packages))
	for i := range l.Packages {
		rp.caps[i] = qtyOf(l.Packages[i].Pkg.Capacity)
		rp.level[i] = l.Packages[i].Pkg.Type.IsLevel()
	}
	return rp
}

// classCache is one goroutine's way to the replayer's classes: the previous record's
// class, its own map, and the shared map (under the replayer's lock) on a miss.
type classCache struct {
	rp    *replayer
	m     map[attrKey]*recClass
	lastK attrKey
	lastC *recClass
}

func (rp *replayer) classCache() *classCache {
	return &classCache{rp: rp, m: map[attrKey]*recClass{}}
}

// class returns r's class.
func (cc *classCache) class(r *model.Record) *recClass {
	k := attrKey{r.Product, r.BillingItem, r.Specification, r.Region, r.EnterpriseProject, r.Unit}
	if cc.lastC != nil && cc.lastK == k {
		return cc.lastC
	}
	c, ok := cc.m[k]
	if !ok {
		c = cc.rp.class(k, r)
		cc.m[k] = c
	}
	cc.lastK, cc.lastC = k, c
	return c
}

// class returns the class of key k (r's attributes), creating it with its candidate list.
func (rp *replayer) class(k attrKey, r *model.Record) *recClass {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	c, ok := rp.classes[k]
	if !ok {
		m := rp.m
		c = &recClass{ra: recAttrs{m.lookup(r.Product), m.lookup(r.BillingItem), m.lookup(r.Specification),
			m.lookup(r.Region), m.lookup(r.EnterpriseProject), m.unitID(r.Unit)}}
		c.list = rp.t.list(c.ra, m)
		rp.classes[k] = c
	}
	return c
}

// run replays recs (those up to opt.AsOf, in replay order) into l.Records and the
// workers' entries, with up to workers goroutines (0: GOMAXPROCS).
func (rp *replayer) run(recs []model.Record, opt Options, workers int) []*worker {
	l := rp.l
	order, pre := rp.prepare(recs, opt)
	l.Records = make([]RecordResult, len(order))
	parts := map[int32][]int32{} // product → positions in replay order
	for i, k := range order {
		p := pre[k.i].c.ra.product
		parts[p] = append(parts[p], int32(i))
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
		if len(order) < sequentialBelow {
			workers = 1
		}
	}
	ws := rp.split(parts, min(workers, max(len(parts), 1)))
	var wg sync.WaitGroup
	for _, w := range ws {
		wg.Go(func() {
			for _, i := range w.recs {
				k := order[i].i
				w.record(int(i), &recs[k], &pre[k])
			}
		})
	}
	wg.Wait()
	return ws
}

// sequentialBelow is the number of records below which a replay uses one goroutine
// (tests lower it).
var sequentialBelow = 50_000

// arenaRoom is the room a worker with n records gets in the entries arena (tests shrink it).
var arenaRoom = func(n int) int { return n + n/2 + 64 }

// split deals the products' records to n workers, largest first to the least loaded;
// each worker replays its records in replay order.
func (rp *replayer) split(parts map[int32][]int32, n int) []*worker {
	keys := make([]int32, 0, len(parts))
	for p := range parts {
		keys = append(keys, p)
	}
	slices.SortFunc(keys, func(a, b int32) int {
		if c := cmp.Compare(len(parts[b]), len(parts[a])); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	ws := make([]*worker, n)
	for i := range ws {
		ws[i] = &worker{rp: rp, w: newWindows(len(rp.l.Packages))}
	}
	for _, p := range keys {
		w := slices.MinFunc(ws, func(a, b *worker) int { return cmp.Compare(len(a.recs), len(b.recs)) })
		w.recs = append(w.recs, parts[p]...)
	}
	// One arena for every worker's entries, a region each (generous: pages never written
	// are never resident), so that merge can put them in replay order in place. A worker
	// that outgrows its region continues in memory of its own, and merge copies.
	room := arenaRoom
	total := 0
	for _, w := range ws {
		slices.Sort(w.recs)
		total += room(len(w.recs))
	}
	arena, off := make([]Entry, total), 0
	for _, w := range ws {
		n := room(len(w.recs))
		w.entries, off = arena[off:off:off+n], off+n
	}
	rp.arena = arena
	return ws
}
