package amortize

import (
	"cmp"
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
)

// walker is a package's cursor in place's walk: its linear rows still to generate and
// its stored rows still to take.
type walker struct {
	i       int32 // ledger index
	first   day   // the day of its first bill
	lin     linIter
	linLast day   // the last day of a final linear row
	rows    []row // stored rows still to take
}

// ref is a bill as the walk makes it: what makes the Bill (expand), in 40 bytes rather
// than a Bill's 240, so that the walk hands on little and the Bill is made where it
// is read. A linear row is its package, day, type and amount; a stored row, a pointer
// to it (rows never move once made); a held bill (a Result with its Bills), a pointer
// to that.
type ref struct {
	row  *row  // a stored row, or nil
	held *Bill // a held bill, or nil
	amt  int64 // a linear row's amount, the coefficient of exponent −precision
	pkg  int32 // ledger index
	day  day
	typ  model.BillType // a linear row's
}

// provisional reports whether r's bill is provisional (linear rows never are).
func (r *ref) provisional() bool {
	if r.held != nil {
		return r.held.Provisional
	}
	return r.row != nil && r.row.prov
}

// expander makes the Bills of refs (expand) with caches of its own: each reader of a
// Window has one; Walk uses the engine's.
type expander struct {
	cal *calendar
	amt *exact.Amounts
}

func (e *engine) newExpander() *expander {
	return &expander{cal: newCalendar(e.loc), amt: exact.NewAmounts(-e.cfg.Precision)}
}

// expand fills the zero Bill b with the bill of r, using x's caches. It only reads the
// engine, so several goroutines expand at once, each with its own x. A held bill is
// copied (e may be nil). With decimals unset, a stored row's amount and quantity, and a
// linear row's amount when it packs, are given as exact amounts instead, ok set, and
// left zero in b (Window.AtExact); nothing is kept per call either way.
func (e *engine) expand(b *Bill, x *expander, r *ref, decimals bool) (amt, qty exact.Amount, ok bool) {
	switch {
	case r.held != nil:
		*b = *r.held
	case r.row != nil:
		e.bill(b, x.cal, &e.tmpls[r.pkg], r.row, e.plans[r.pkg].uses, decimals)
		return r.row.amt, r.row.qty, !decimals
	default: // a linear row
		linearBill(b, x.cal, &e.tmpls[r.pkg], r)
		if !decimals {
			if amt, ok = exact.PackAmount(r.amt, -e.cfg.Precision); ok {
				return amt, qty, true
			}
		}
		b.Amount = x.amt.Of(r.amt)
	}
	return amt, qty, false
}

// linearBill fills the zero Bill b with linear row r of the package whose template is
// t, but its Amount.
func linearBill(b *Bill, cal *calendar, t *Bill, r *ref) {
	b.Date, b.BillingCycle = cal.dayOf(r.day)
	b.PackageID, b.Product, b.Currency = t.PackageID, t.Product, t.Currency
	b.Type, b.Method = r.typ, model.MethodLinear
	b.PeriodStart, b.PeriodEnd = t.PeriodStart, t.PeriodEnd
	b.EnterpriseProject, b.Tags = t.EnterpriseProject, t.Tags
}

// place builds the sorted Bills (walk).
func (e *engine) place() []Bill {
	n := 0
	for i := range e.plans {
		n += e.plans[i].n
	}
	if n == 0 {
		return nil
	}
	bills := make([]Bill, 0, n)
	e.walk(minDay, maxDay, true, func(b *Bill, _ Exact) bool {
		bills = append(bills, *b)
		return true
	})
	return bills
}

// walk yields the bills in order, each written into one reused Bill (the caller copies
// what it keeps), walking the days in order and, each day, the packages with a bill
// that day in package id order (ids are unique: the replay guarantees it). A package
// gives its rows of the day in (used<unused<linear<refund, period_start,
// enterprise_project, tags, final<provisional) order, equal rows as emitted: exactly
// the order of a stable sort of all rows by CompareBills (TestBillsInOrder). Linear rows
// are generated again on the way rather than stored, so no row is read out of order.
// Only the bills of days lo … hi are yielded (the linear rows of the days before are
// still generated: each day's share depends on the ones before). Every walk starts
// afresh: the walkers are made again.
func (e *engine) walk(lo, hi day, decimals bool, yield func(*Bill, Exact) bool) {
	x := &expander{cal: e.cal, amt: e.amt}
	var b Bill
	e.walkRefs(lo, hi, func(refs []ref) bool {
		for i := range refs {
			b = Bill{}
			var ex Exact
			ex.Amount, ex.Quantity, ex.OK = e.expand(&b, x, &refs[i], decimals)
			if !yield(&b, ex) {
				return false
			}
		}
		return true
	})
}

// walkRefs is walk's order of the bills, as refs: the bills of one day at a time (in
// one reused slice), days without bills skipped. A walker steps its linear rows every
// day from its first to its last final one (each day's share depends on the ones
// before); otherwise it is visited on the days of its stored rows only, so that a day
// costs what its bills do: 5,000 packages amortized by usage, valid to 9999 with a row
// at each end, were each visited on each of their 2.9 million days (54 s).
func (e *engine) walkRefs(lo, hi day, yield func([]ref) bool) {
	ws := e.walkers()
	if len(ws) == 0 {
		return
	}
	words := (len(ws) + 63) / 64
	lin := make([]uint64, words)      // walkers stepping their linear rows, every day
	due := make([]uint64, words)      // walkers with a stored row today
	tomorrow := make([]uint64, words) // and tomorrow
	nLin, nTomorrow := 0, 0
	var later walkQueue // walkers by the day of their next visit, past tomorrow
	for k := range ws {
		later.push(ws[k].first, int32(k))
	}
	// visit schedules walker k's next visit after day d, or none
	visit := func(k int, d day) {
		w := &ws[k]
		if lin[k/64]&(1<<(k%64)) != 0 {
			if d < w.linLast {
				return // tomorrow's linear row
			}
			lin[k/64] &^= 1 << (k % 64)
			nLin--
		}
		if len(w.rows) == 0 {
			return
		}
		if next := w.rows[0].day; next == d+1 {
			tomorrow[k/64] |= 1 << (k % 64)
			nTomorrow++
		} else {
			later.push(next, int32(k))
		}
	}
	var bills []ref // the bills of one day
	for d := later.first(); d <= hi; {
		due, tomorrow = tomorrow, due // tomorrow's is all zero: cleared as it was walked
		nTomorrow = 0
		for later.len() > 0 && later.first() == d {
			k := int(later.pop())
			if ws[k].lin.run != nil && d <= ws[k].linLast {
				lin[k/64] |= 1 << (k % 64)
				nLin++
			} else {
				due[k/64] |= 1 << (k % 64)
			}
		}
		bills = bills[:0]
		for wi := range lin {
			word := lin[wi] | due[wi]
			due[wi] = 0
			for word != 0 {
				k := wi*64 + bits.TrailingZeros64(word)
				word &= word - 1
				bills = e.walkDay(&ws[k], d, bills)
				visit(k, d)
			}
		}
		if d >= lo && len(bills) > 0 && !yield(bills) {
			return
		}
		switch {
		case nLin > 0 || nTomorrow > 0:
			d++
		case later.len() > 0:
			d = later.first()
		default:
			return
		}
	}
}

// walkQueue is a min-heap of walkers by the day of their next visit.
type walkQueue struct{ q []walkVisit }

type walkVisit struct {
	d day
	k int32
}

func (h *walkQueue) len() int   { return len(h.q) }
func (h *walkQueue) first() day { return h.q[0].d }
func (h *walkQueue) less(i, j int) bool {
	return h.q[i].d < h.q[j].d || (h.q[i].d == h.q[j].d && h.q[i].k < h.q[j].k)
}

func (h *walkQueue) push(d day, k int32) {
	h.q = append(h.q, walkVisit{d, k})
	for i := len(h.q) - 1; i > 0; {
		p := (i - 1) / 2
		if !h.less(i, p) {
			break
		}
		h.q[i], h.q[p] = h.q[p], h.q[i]
		i = p
	}
}

func (h *walkQueue) pop() int32 {
	k := h.q[0].k
	n := len(h.q) - 1
	h.q[0] = h.q[n]
	h.q = h.q[:n]
	for i := 0; ; {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h.less(c+1, c) {
			c++
		}
		if !h.less(c, i) {
			break
		}
		h.q[i], h.q[c] = h.q[c], h.q[i]
		i = c
	}
	return k
}

// walkers lists the packages with bills in package id order, the ledger's (their stored
// rows sorted once by sortPackage). A walk uses its engine's calendar and amount caches:
// the walks of one engine run one at a time (a Window walks on a fork of its own).
func (e *engine) walkers() []walker {
	n := 0
	for i := range e.plans {
		if e.plans[i].n > 0 {
			n++
		}
	}
	ws := make([]walker, 0, n)
	for i := range e.plans {
		pl := &e.plans[i]
		if pl.n == 0 {
			continue
		}
		w := walker{i: int32(i), rows: pl.rows, first: maxDay}
		if len(pl.rows) > 0 {
			w.first = pl.rows[0].day
		}
		if run := pl.lin; run != nil {
			w.lin, w.linLast = e.newLinIter(run), run.lastFinal
			w.first = min(w.first, run.first)
		}
		ws = append(ws, w)
	}
	return ws
}

// walkDay appends the package's bills of day d to bills.
func (e *engine) walkDay(w *walker, d day, bills []ref) []ref {
	if w.lin.run != nil && d <= w.linLast {
		if w.lin.wide { // a Bill made for the walk alone, its amount a decimal: no row,
			// whose amount past an int64 would join exact's table of amounts for good
			dd, r, _ := w.lin.stepWide(e) // linearFixed made sure every row fits
			if !r.IsZero() && e.final(dd, time.Time{}) {
				b := &Bill{}
				linearBill(b, e.cal, &e.tmpls[w.i], &ref{pkg: w.i, day: dd, typ: w.lin.typ})
				b.Amount = r.Dec(-e.cfg.Precision)
				bills = append(bills, ref{held: b, pkg: w.i, day: dd})
			}
		} else {
			dd, r, _ := w.lin.step(e) // linearFixed made sure every row fits
			if e.linearBill(dd, r) {
				bills = append(bills, ref{amt: r, pkg: w.i, day: dd, typ: w.lin.typ})
			}
		}
	}
	for len(w.rows) > 0 && w.rows[0].day == d {
		bills = append(bills, ref{row: &w.rows[0], pkg: w.i, day: d})
		w.rows = w.rows[1:]
	}
	return bills
}

// sortPackage puts one package's rows in (day, used<unused<linear<refund, period_start,
// enterprise_project, tags, final<provisional) order, keeping equal rows in place.
func (e *engine) sortPackage(i int, rows []row, uses []useInfo) {
	ps := &e.l.Packages[i]
	var ownTags *string
	tags := func(r *row) string {
		if r.use >= 0 {
			return uses[r.use].key
		}
		if ownTags == nil {
			s := ps.Pkg.Tags.String()
			ownTags = &s
		}
		return *ownTags
	}
	project := func(r *row) string { // compared as text attributes are
		if r.use >= 0 {
			return model.Norm(uses[r.use].project)
		}
		return model.Norm(ps.Pkg.EnterpriseProject)
	}
	cmpRow := func(x, y row) int {
		if c := cmp.Compare(x.day, y.day); c != 0 {
			return c
		}
		if c := cmp.Compare(model.BillType(x.typ).SortRank(), model.BillType(y.typ).SortRank()); c != 0 {
			return c
		}
		if c := e.periodStart(i, &x).Compare(e.periodStart(i, &y)); c != 0 {
			return c
		}
		if c := strings.Compare(project(&x), project(&y)); c != 0 {
			return c
		}
		if c := strings.Compare(tags(&x), tags(&y)); c != 0 {
			return c
		}
		return cmp.Compare(b2i(x.prov), b2i(y.prov))
	}
	if !slices.IsSortedFunc(rows, cmpRow) {
		slices.SortStableFunc(rows, cmpRow)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
