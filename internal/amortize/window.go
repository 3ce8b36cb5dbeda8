package amortize

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/par"
)

// Window serves the bills of a walk by index to readers that ask for them nearly in
// order (the writers' blocks, on several goroutines: bills and FOCUS rows alike; a
// Parquet or XLSX writer's rows, one after the other). The walk runs on a goroutine of
// its own, a batch at a time a little ahead of the furthest reader. It makes refs, not
// Bills (a ref is a sixth of a Bill: the walk writes and the readers read that much
// less), and hands each batch over into a ring of batches that keeps the last refs made
// (the batch handed over takes the place of the oldest, which the walk fills next: no
// ref is copied into the ring); it walks again from the first when a reader asks for one
// already dropped (a table printed on a terminal reads its rows twice). A reader that
// finds its bill dropped part way (not the first bill: a reader that fell behind the
// others) doubles the ring, so that readers further apart than promised cost a few
// walks, not one per reader. Readers copy refs out of the ring a run at a time, under
// the lock, into a cache of their processor's (the lock is taken once per run, not once
// per bill), and make each Bill from its ref themselves, with caches of that
// processor's: the Bills are made on every reader's core, not on the walk's.
//
// Every walk yields the same bills, so a bill made from any walk is the bill. The
// walk's goroutine ends with the last bill; if the readers stop before it, the
// goroutine waits for them (and holds what the walk holds) until the program ends. If
// the walk panics (a bug), every reader raises its panic again (package par) instead of
// waiting for bills that will not come.
type Window struct {
	mu      sync.Mutex
	moved   sync.Cond                    // broadcast when made, want or walk change, or a walk's goroutine ends
	seq     func(yield func([]ref) bool) // the refs, a run at a time
	e       *engine                      // makes the Bills of the refs (expand); nil: held bills
	ring    [][]ref                      // batches of windowAhead bills: bill j is ring[j/windowAhead%len(ring)][j%windowAhead]
	made    int                          // bills of the current walk handed over so far; the ring holds w.oldest() on
	done    bool                         // the current walk reached the last bill
	want    int                          // the walk hands over batches while made < want
	walk    int                          // the current walk, counted from 1 (walks started; 0: none yet)
	running bool                         // a walk's goroutine has not ended (the engine walks once at a time)
	failed  *par.Panic                   // the current walk panicked (a bug): every reader raises it again
	caches  sync.Pool
}

// Window is a Window over the bills dated from … to (zero: open), as Walk yields them,
// for readers that ask, at any one moment, for bills among the span from the first
// still wanted (report.OutOfOrder for a table's blocks, or fewer when there are fewer
// bills; 1 for one reader in order).
func (r *Result) Window(from, to time.Time, span int) *Window {
	return r.window(from, to, span, false)
}

// window is Window, of the final bills only when final is set.
func (r *Result) window(from, to time.Time, span int, final bool) *Window {
	if r.e == nil { // held bills: a ref points to one
		held := r.Between(from, to)
		return newWindow(func(yield func([]ref) bool) {
			var refs []ref
			for i := range held {
				if !(final && held[i].Provisional) {
					refs = append(refs, ref{held: &held[i]})
				}
				if len(refs) == windowAhead {
					if !yield(refs) {
						return
					}
					refs = refs[:0]
				}
			}
			if len(refs) > 0 {
				yield(refs)
			}
		}, span, nil)
	}
	e := r.e
	return newWindow(func(yield func([]ref) bool) {
		we := e.fork() // the walk's own calendar: the caller may walk or tally r meanwhile
		lo, hi := we.days(from, to)
		we.walkRefs(lo, hi, func(refs []ref) bool {
			if final { // the provisional ones left out
				refs = slices.DeleteFunc(refs, func(r ref) bool { return r.provisional() })
			}
			return yield(refs)
		})
	}, span, e)
}

// newWindow is a Window over the refs of seq, made Bills by e (nil: held bills).
func newWindow(seq func(yield func([]ref) bool), span int, e *engine) *Window {
	w := &Window{seq: seq, e: e, ring: newRing(max(span, 1) + 2*windowAhead)}
	w.moved.L = &w.mu
	w.caches.New = func() any {
		c := new(windowCache)
		if e != nil {
			c.x = e.newExpander()
		}
		return c
	}
	return w
}

// windowAhead is how many bills a batch of the walk holds, and how far past the
// furthest bill asked for the walk goes, so that readers mostly find theirs made: the
// walk hands a batch over, and may wait for readers, once per windowAhead bills.
const windowAhead = 4096

// windowCache is the last run of bills a reader copied out of the ring (bills lo …
// lo+n-1 of every walk, as refs), and the caches its Bills are made with.
type windowCache struct {
	lo, n int
	refs  [256]ref
	x     *expander
}

// Start starts the walk now, for a first reader from the first bill: its first batch is
// then made while the caller prepares to read (a walk starts with the first reader
// otherwise).
func (w *Window) Start() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.walk == 0 && w.failed == nil {
		w.restart(0)
	}
}

// At is bill i, made from its ref on the caller's goroutine (on its stack: nothing
// for the collector).
func (w *Window) At(i int) Bill {
	b, _ := w.at(i, true)
	return b
}

// AtExact is At with the bill's amount and quantity (zero when it has none) given as
// exact amounts, not made into decimals, when ok: the Bill's Amount and
// Quantity.Decimal are then left zero (Quantity.Valid is set). A writer that prints
// the amounts makes no decimal, and reads none made earlier (a decimal's digits lie
// elsewhere in memory: at 1M records a cache miss apiece). When ok is false the Bill
// is At's.
func (w *Window) AtExact(i int) (b Bill, amt, qty exact.Amount, ok bool) {
	c := w.cache(i)
	amt, qty, ok = w.e.expand(&b, c.x, &c.refs[i-c.lo], false)
	w.caches.Put(c)
	return b, amt, qty, ok
}

// Provisional reports whether bill i is provisional, without making the Bill.
func (w *Window) Provisional(i int) bool {
	_, r := w.at(i, false)
	return r.provisional()
}

// Plain is what sets a plain bill apart from the other plain bills of its package: a
// linear row's date and amount (coef·10^exp). A package's plain bills agree in every
// other field (its linear rows are of one type, with the package's period, project and
// tags, no quantity, never provisional); Key tells the packages apart, 0 … Keys()−1.
type Plain struct {
	Key   int
	Date  time.Time
	Cycle string
	Coef  int64
	Exp   int32
}

// Plain reports whether bill i is a plain bill (see Plain) and then what sets it apart,
// without making the Bill.
func (w *Window) Plain(i int) (Plain, bool) {
	if w.e == nil {
		return Plain{}, false
	}
	c := w.cache(i)
	r := &c.refs[i-c.lo]
	var p Plain
	ok := r.row == nil && r.held == nil
	if ok {
		p.Key, p.Coef, p.Exp = int(r.pkg), r.amt, -w.e.cfg.Precision
		p.Date, p.Cycle = c.x.cal.dayOf(r.day)
	}
	w.caches.Put(c)
	return p, ok
}

// Keys is how many keys the plain bills have (Plain.Key is below it).
func (w *Window) Keys() int {
	if w.e == nil {
		return 0
	}
	return len(w.e.l.Packages)
}

// at is bill i's ref and, when bill is set, its Bill.
func (w *Window) at(i int, bill bool) (b Bill, r ref) {
	c := w.cache(i)
	r = c.refs[i-c.lo]
	if bill {
		w.e.expand(&b, c.x, &r, true)
	}
	w.caches.Put(c)
	return b, r
}

// cache is a reader's cache holding bill i's ref, to be put back in w.caches.
func (w *Window) cache(i int) *windowCache {
	c := w.caches.Get().(*windowCache)
	if i < c.lo || i >= c.lo+c.n {
		w.fill(c, i)
	}
	return c
}

// fill copies into c the bills from i on that the ring holds (at least bill i, walking
// as far as needed, again from the first if it was dropped), or raises the walk's panic.
func (w *Window) fill(c *windowCache, i int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for {
		switch {
		case w.failed != nil:
			panic(w.failed)
		case w.walk == 0 || i < w.oldest(): // not walked yet, or dropped
			w.restart(i)
		case i < w.made:
			c.lo, c.n = i, min(len(c.refs), w.made-i)
			for k := range c.n {
				c.refs[k] = w.ring[(i+k)/windowAhead%len(w.ring)][(i+k)%windowAhead]
			}
			return
		case w.done:
			panic(fmt.Sprintf("amortize: bill %d of a walk of %d", i, w.made))
		default:
			if i+windowAhead > w.want { // the walk waits for want to grow; readers, for made
				w.want = i + windowAhead
				w.moved.Broadcast()
			}
			w.moved.Wait()
		}
	}
}

// restart starts a walk from the first bill for a reader of bill i, once the walk
// before (if any) has ended. Called under the lock.
func (w *Window) restart(i int) {
	if w.walk > 0 && i > 0 { // a reader fell behind the others
		w.ring = newRing(2 * w.holds())
	}
	w.walk++
	w.made, w.done, w.want = 0, false, i+windowAhead
	w.moved.Broadcast() // the walk before, waiting to hand a batch over, ends
	for w.running {
		w.moved.Wait()
	}
	w.running = true
	go w.run(w.walk)
}

// run is the goroutine of walk g: it walks the bills into a batch of its own and hands
// each batch over once the readers want it, until the last bill or until another walk
// starts. A panic of the walk is kept for the readers to raise again.
func (w *Window) run(g int) {
	p := par.Catch(func() { w.walkBatches(g) })
	w.mu.Lock()
	defer w.mu.Unlock()
	w.running = false
	if p != nil && w.walk == g {
		w.failed = p
	}
	w.moved.Broadcast()
}

// walkBatches is run's walk: batch after batch handed over.
func (w *Window) walkBatches(g int) {
	batch := make([]ref, windowAhead)
	n := 0
	for refs := range w.seq {
		for len(refs) > 0 {
			c := copy(batch[n:], refs)
			refs, n = refs[c:], n+c
			if n == windowAhead {
				if batch = w.hand(g, batch, n, false); batch == nil {
					return
				}
				n = 0
			}
		}
	}
	w.hand(g, batch, n, true)
}

// hand puts the first n bills of a batch of walk g into the ring once a reader wants
// them (a last batch with no bill at once). It returns the batch that took its place,
// for the walk to fill next, or nil when g is no longer the current walk.
func (w *Window) hand(g int, batch []ref, n int, last bool) []ref {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.walk == g && w.made >= w.want && n > 0 {
		w.moved.Wait()
	}
	if w.walk != g {
		return nil
	}
	if n > 0 {
		k := w.made / windowAhead % len(w.ring)
		batch, w.ring[k] = w.ring[k], batch
		w.made += n
	}
	w.done = last
	w.moved.Broadcast()
	return batch
}

// newRing is a ring of batches that holds at least n bills.
func newRing(n int) [][]ref {
	ring := make([][]ref, (n+windowAhead-1)/windowAhead)
	for k := range ring {
		ring[k] = make([]ref, windowAhead)
	}
	return ring
}

// holds is how many bills the ring holds.
func (w *Window) holds() int { return len(w.ring) * windowAhead }

// oldest is the first bill the ring still holds: that of its oldest batch (the last
// batch handed over, the walk's last, may be short).
func (w *Window) oldest() int {
	return max(0, (w.made+windowAhead-1)/windowAhead-len(w.ring)) * windowAhead
}

// Walks is how many times the bills were walked: 1 when every reader kept within the
// span (tests check it), more for a text table read twice or a reader that fell behind.
func (w *Window) Walks() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.walk
}
