package replay

import (
	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
)

// worker replays some products' records: their windows, the record in progress and
// the entries, in replay order.
type worker struct {
	rp      *replayer
	w       windows
	wk      walk
	recs    []int32 // positions in replay order
	entries []Entry
	visited int      // the candidates the walks met (tests bound it)
	heads   []cursor // walkParts' heap, reused
}

// record deducts record ri (r, of class c) from its eligible package periods in rules.md §2.4
// order, the slot order; the rest is one pay-per-use entry. A record of quantity 0 goes
// where any record would, taking nothing: past packages with nothing left, to the first
// with room, opening the level windows it passes (docs/rules.md, Replay: zero amounts).
func (wr *worker) record(ri int, r *model.Record, c *recClass) {
	rp, wk, first := wr.rp, &wr.wk, len(wr.entries)
	*wk = walk{ri: ri, rec: r, rt: timesOfRecord(r), ra: c.ra, rest: exact.QtyOfAmount(r.Quantity)}
	slots := rp.t.slots
	// No period that ends by the start of a record that lasts fits it (rules.md §2.3), so
	// the walk starts past them: otherwise each record that starts where periods end
	// (midnight, against daily resets) meets every one of those.
	lo := wk.rt.end
	if wk.rt.start.before(lo) {
		lo = wk.rt.start.succ()
	}
	t := max(wk.rt.deduct.sec, wk.rt.start.sec) // no period starting later fits
	if c.parts != nil {
		wr.walkParts(c.parts, lo, t)
	} else {
		cur := cursor{l: c.list}
		for cur.j = cur.l.from(slots, lo, t); !wk.done && int(cur.j) < len(cur.l.ids); cur.j = cur.l.next(cur.j+1, t) {
			wr.visit(&cur, t)
		}
	}
	if rp.states || rp.keep != nil { // no result
		return
	}
	rr := &rp.l.Records[ri]
	rest := wk.rest.Amount()
	rr.Rec, rr.PayPerUse = r, rest
	if wk.rest.Sign() != 0 {
		wr.entries = append(wr.entries, Entry{Record: int32(ri), Package: -1, Period: -1, Window: -1,
			Quantity: rest, RecordQuantity: rest})
	}
	if rp.at != nil { // records are disjoint between workers
		rp.at[ri+1] = int32(len(wr.entries) - first)
	}
}

// walk is one record's deduction in progress.
type walk struct {
	ri   int // index into Ledger.Records
	rec  *model.Record
	rt   recTimes
	ra   recAttrs
	rest exact.Qty // record unit: what is left to deduct
	done bool      // nothing is left to deduct: the walk stops
	// the record's level windows' key (once keyed), and how many full windows the walk met
	key   winKey
	keyed bool
	met   int
}

// cursor is a walk's position j in one candidate list l, the slot there (id, as
// walkParts orders them), and the record's level windows known full in l (filled),
// once looked up.
type cursor struct {
	l      *candList
	j, id  int32
	full   skips
	looked bool
}

// visit deducts from the candidate at c's position, which is live, as the rules say,
// and leaves c.j at the position the walk goes on after. t is the record's latest
// instant, in seconds.
func (wr *worker) visit(c *cursor, t int64) {
	rp := wr.rp
	wr.visited++
	id := c.l.ids[c.j]
	if rp.dead[id] {
		c.l.unlink(c.j)
		return
	}
	switch s := &rp.t.slots[id]; {
	case !s.fits(&wr.wk.rt):
	case rp.level[s.pkg]:
		wr.level(c, t)
	default:
		wr.take(id)
	}
}

// level deducts from the level period at c's position, which fits the record, unless
// its window is known full, and leaves c.j where the walk goes on after: there, or the
// position before the next one not known full. A full window met past the first
// passedFull is marked (filled).
func (wr *worker) level(c *cursor, t int64) {
	wk := &wr.wk
	if !wk.keyed {
		start, end, _ := wk.rec.Stamps()
		wk.key, wk.keyed = winKey{start, end}, true
	}
	if !c.looked {
		c.full, c.looked = c.l.fullOf(wk.key), true
	}
	if c.full != nil {
		if k := c.l.pastFull(c.full, c.j, t); k != c.j {
			wr.w.seen(wk.rec) // as opening the windows would
			c.j = k - 1
			return
		}
	}
	if wr.take(c.l.ids[c.j]) {
		if wk.met++; wk.met > passedFull {
			c.full = c.l.markFull(wr.rp.t.slots, wk.key, c.full, c.j, t)
		}
	}
}

// take deducts from slot id what it can of wr.wk.rest. Quantities move in the package's
// unit; the record-unit part is the whole outstanding quantity when the package can
// give all of it, else the taken quantity converted back (never more than
// outstanding), so that per record Quantity = Deducted + PayPerUse holds exactly in
// the record's unit. A usage period with nothing left is marked dead; a level window
// with nothing left is reported (full).
func (wr *worker) take(id int32) (full bool) {
	rp, wk := wr.rp, &wr.wk
	s := &rp.t.slots[id]
	pkg := int(s.pkg)
	per, w := &rp.fills[id], int32(-1)
	var win *winFill
	avail := per.left
	if rp.level[pkg] { // a window has what its package's capacity leaves of its use
		st := wr.w.get(s.pkg, s.period, wk.rec)
		w, win = st.local, &st.fill
		avail = rp.caps[pkg].Sub(win.used)
	} else if !rp.touched[id] {
		avail = rp.caps[pkg].Sub(per.used)
	}
	if avail.Sign() <= 0 {
		if win == nil {
			rp.dead[id] = true
		}
		return win != nil
	}
	if wk.rest.Sign() == 0 { // a zero-quantity record: it stops here, with no entry
		wk.done = true
		return false
	}
	pu := rp.m.info[pkg].unit
	take, part := rp.m.conversion(wk.ra.unit, pu).apply(wk.rest), wk.rest
	if avail.Cmp(take) < 0 {
		take, part = avail, rp.m.conversion(pu, wk.ra.unit).apply(avail)
		if part.Cmp(wk.rest) > 0 {
			part = wk.rest
		}
	}
	rem := avail.Sub(take)
	if !rp.states && (rp.keep == nil || rp.keep[pkg]) {
		wr.entries = append(wr.entries, Entry{Record: int32(wk.ri), Package: int32(pkg), Period: s.period, Window: w,
			Quantity: take.Amount(), RecordQuantity: part.Amount(), AvailableBefore: avail.Amount()})
	}
	per.used, rp.touched[id] = per.used.Add(take), true
	if win != nil {
		win.used = win.used.Add(take)
		if rem.Sign() <= 0 {
			win.at = wk.rec.Deduct()
		}
	} else if per.left = rem; rem.Sign() <= 0 {
		per.at = wk.rec.Deduct()
		rp.dead[id] = true
	}
	if part.Cmp(wk.rest) == 0 {
		wk.rest, wk.done = exact.Qty{}, true
		return false
	}
	wk.rest = wk.rest.Sub(part)
	return false
}

// walkParts is the record's walk (worker.record) over several lists at once: their
// live slots in ascending id, the key order, as one list of all their slots would
// give them, from a heap of each list's cursor.
func (wr *worker) walkParts(parts []*candList, lo instant, t int64) {
	rp, wk := wr.rp, &wr.wk
	h := wr.heads[:0]
	for _, l := range parts {
		if j := l.from(rp.t.slots, lo, t); int(j) < len(l.ids) {
			h = append(h, cursor{l: l, j: j, id: l.ids[j]})
		}
	}
	for i := len(h)/2 - 1; i >= 0; i-- {
		down(h, i)
	}
	for !wk.done && len(h) > 0 {
		top := &h[0]
		wr.visit(top, t)
		if j := top.l.next(top.j+1, t); int(j) < len(top.l.ids) {
			top.j, top.id = j, top.l.ids[j]
		} else {
			h[0] = h[len(h)-1]
			h = h[:len(h)-1]
		}
		down(h, 0)
	}
	wr.heads = h[:0]
}

// down moves h[i] down the min-heap by slot id.
func down(h []cursor, i int) {
	for {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if c+1 < len(h) && h[c+1].id < h[c].id {
			c++
		}
		if h[i].id <= h[c].id {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}
