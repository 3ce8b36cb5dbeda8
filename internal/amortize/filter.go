package amortize

import (
	"fmt"
	"iter"
	"math"
	"sort"
	"time"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/par"
	"github.com/pkgctl/pkgctl/internal/value"
)

// Between returns the bills dated from the day of from through the day of to, both
// inclusive, in the configured zone. A zero from or to leaves that side open. The bills
// are a sub-slice of r.Bills (capped, so appending to it copies): found by binary search
// when r.Bills is in date order, as Run leaves it, else by a scan into a new slice. No
// bill gives nil.
func (r *Result) Between(from, to time.Time) []Bill {
	b := r.Bills
	if !datesSorted(b) {
		return r.betweenScan(from, to)
	}
	lo, hi := 0, len(b)
	if !from.IsZero() {
		k := r.dayKey(from)
		lo = sort.Search(len(b), func(i int) bool { return r.dayKey(b[i].Date) >= k })
	}
	if !to.IsZero() {
		k := r.dayKey(to)
		hi = lo + sort.Search(len(b)-lo, func(i int) bool { return r.dayKey(b[lo+i].Date) > k })
	}
	if lo >= hi {
		return nil
	}
	return b[lo:hi:hi]
}

func datesSorted(b []Bill) bool {
	for i := 1; i < len(b); i++ {
		if b[i].Date.Before(b[i-1].Date) {
			return false
		}
	}
	return true
}

func (r *Result) betweenScan(from, to time.Time) []Bill {
	lo, hi := r.dayKey(from), r.dayKey(to)
	var out []Bill
	for _, b := range r.Bills {
		k := r.dayKey(b.Date)
		if (!from.IsZero() && k < lo) || (!to.IsZero() && k > hi) {
			continue
		}
		out = append(out, b)
	}
	return out
}

// Month returns the bills of one billing cycle, given as YYYY-MM.
func (r *Result) Month(month string) ([]Bill, error) {
	if _, err := time.Parse("2006-01", month); err != nil {
		return nil, fmt.Errorf("invalid month %q: want YYYY-MM", month)
	}
	var out []Bill
	for _, b := range r.Bills {
		if b.BillingCycle == month {
			out = append(out, b)
		}
	}
	return out, nil
}

// dayKey is t's calendar day as yyyymmdd in the result's zone.
func (r *Result) dayKey(t time.Time) int {
	loc := r.loc
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := value.DayOf(t, loc)
	return y*10000 + int(m)*100 + d
}

// Walk yields the bills dated from the day of from through the day of to (as Between),
// in order. Of a RunLazy result they are made as they are yielded, each in one reused
// Bill: the caller copies what it keeps; walks (and Tally) of one result run one at a
// time (beside its Windows, which walk on their own). Of a Run result they are its
// Bills themselves: the caller must not change them. Every Walk starts at the first
// bill.
func (r *Result) Walk(from, to time.Time) iter.Seq[*Bill] {
	return func(yield func(*Bill) bool) {
		if r.e == nil {
			b := r.Between(from, to)
			for i := range b {
				if !yield(&b[i]) {
					return
				}
			}
			return
		}
		lo, hi := r.e.days(from, to)
		r.e.walk(lo, hi, true, func(b *Bill, _ Exact) bool { return yield(b) })
	}
}

// Exact is a bill's amount and quantity (zero when it has none) as exact amounts, when
// OK: the Bill's Amount and Quantity.Decimal are then left zero (Quantity.Valid is set).
type Exact struct {
	Amount, Quantity exact.Amount
	OK               bool
}

// WalkExact is Walk with each bill's amounts as exact amounts where the walk has them
// so (Exact.OK), as Window.AtExact gives them: a reader that sums the amounts makes no
// decimal to read them back from. Of a Run result, OK is always false.
func (r *Result) WalkExact(from, to time.Time) iter.Seq2[*Bill, Exact] {
	return func(yield func(*Bill, Exact) bool) {
		if r.e == nil {
			for b := range r.Walk(from, to) {
				if !yield(b, Exact{}) {
					return
				}
			}
			return
		}
		lo, hi := r.e.days(from, to)
		r.e.walk(lo, hi, false, yield)
	}
}

// days are the day numbers of from and to, open (minDay, maxDay) where zero.
func (e *engine) days(from, to time.Time) (lo, hi day) {
	lo, hi = minDay, maxDay
	if !from.IsZero() {
		lo = e.cal.at(from)
	}
	if !to.IsZero() {
		hi = e.cal.at(to)
	}
	return lo, hi
}

// Tally counts the bills Walk yields for from … to and sums them as Summarize does.
type Tally struct {
	Bills   int // every bill
	Final   int // the bills that are not provisional
	Summary []SummaryRow
}

// Tally is the Tally of the bills dated from … to, made without the bills of a RunLazy
// result: its stored rows are read and its linear rows generated again, amounts only.
func (r *Result) Tally(from, to time.Time) Tally {
	var t Tally
	if r.e == nil {
		b := r.Between(from, to)
		for i := range b {
			if !b[i].Provisional {
				t.Final++
			}
		}
		t.Bills, t.Summary = len(b), Summarize(b)
		return t
	}
	e := r.e
	lo, hi := e.days(from, to)
	n := min(engineParts(), len(e.plans))
	parts := make([]Tally, n)
	sums := make([]Summary, n)
	var wg par.Group
	for k := range n {
		wg.Go(func() { parts[k] = e.fork().tally(k*len(e.plans)/n, (k+1)*len(e.plans)/n, lo, hi, &sums[k]) })
	}
	wg.Wait()
	var s Summary
	for k := range n {
		t.Bills += parts[k].Bills
		t.Final += parts[k].Final
		s.merge(&sums[k])
	}
	t.Summary = s.Rows()
	return t
}

// Count is Tally(from, to)'s Bills and Final, without the sums: for the whole life, a
// count each package knows; for a window, its stored rows found by day and its linear
// rows (all final) stepped through, amounts uncounted.
func (r *Result) Count(from, to time.Time) (bills, final int) {
	if r.e == nil {
		b := r.Between(from, to)
		for i := range b {
			if !b[i].Provisional {
				final++
			}
		}
		return len(b), final
	}
	e := r.e.fork() // its own calendar: the caller may walk or tally r meanwhile
	lo, hi := e.days(from, to)
	if lo > hi {
		return 0, 0
	}
	for pi := range e.plans {
		pl := &e.plans[pi]
		if pl.n == 0 {
			continue
		}
		rows := pl.rows // in day order
		a, b := sort.Search(len(rows), func(k int) bool { return rows[k].day >= lo }),
			sort.Search(len(rows), func(k int) bool { return rows[k].day > hi })
		bills += b - a
		for k := a; k < b; k++ {
			if !rows[k].prov {
				final++
			}
		}
		run := pl.lin
		n := 0
		switch {
		case run == nil || run.count == 0:
		case lo <= run.first && run.lastFinal <= hi:
			n = run.count
		case run.wide:
			for range e.linearWideBills(run, lo, hi) {
				n++
			}
		default:
			for range e.linearBills(run, lo, hi) {
				n++
			}
		}
		bills, final = bills+n, final+n
	}
	return bills, final
}

// tally counts the bills of days lo … hi of the packages plans[a:b] and sums the final
// ones into s (e is a fork: its calendar and amounts are its own).
func (e *engine) tally(a, b int, lo, hi day, s *Summary) Tally {
	var t Tally
	for pi := a; pi < b; pi++ {
		pl := &e.plans[pi]
		currency := e.l.Packages[pi].Pkg.Currency
		for k := range pl.rows {
			rw := &pl.rows[k]
			if rw.day < lo || rw.day > hi {
				continue
			}
			t.Bills++
			if !rw.prov {
				t.Final++
				_, cycle := e.cal.dayOf(rw.day)
				s.addAmount(cycle, currency, model.BillType(rw.typ), rw.amt)
			}
		}
		if run := pl.lin; run != nil && run.count > 0 {
			e.tallyLinear(run, lo, hi, currency, &t, s)
		}
	}
	return t
}

// tallyLinear is tally of a linear run: its rows (all final) summed a month at a time
// on an int64 while it holds the month's sum.
func (e *engine) tallyLinear(run *linRun, lo, hi day, currency string, t *Tally, s *Summary) {
	exp := -e.cfg.Precision
	if run.wide { // rare: each row summed as a decimal
		for d, amt := range e.linearWideBills(run, lo, hi) {
			t.Bills++
			t.Final++
			_, cycle := e.cal.dayOf(d)
			s.add(cycle, currency, run.typ, amt.Dec(exp))
		}
		return
	}
	var month string // the month of sum; "" before the first row
	var sum int64
	for d, amt := range e.linearBills(run, lo, hi) {
		t.Bills++
		t.Final++
		_, cycle := e.cal.dayOf(d)
		if !mem.SameString(cycle, month) || (amt > 0 && sum > math.MaxInt64-amt) || (amt < 0 && sum < math.MinInt64-amt) {
			if month != "" {
				s.addCoef(month, currency, run.typ, sum, exp)
			}
			month, sum = cycle, 0
		}
		sum += amt
	}
	if month != "" {
		s.addCoef(month, currency, run.typ, sum, exp)
	}
}

// linearBills yields the day and amount (coefficient) of each bill of a linear run dated
// lo … hi, stepping through its days from the first (each day's share depends on the
// ones before).
func (e *engine) linearBills(run *linRun, lo, hi day) iter.Seq2[day, int64] {
	return func(yield func(day, int64) bool) {
		it := e.newLinIter(run)
		for it.days.d <= min(run.lastFinal, hi) {
			d, amt, _ := it.step(e) // linearFixed made sure every row fits
			if d >= lo && e.linearBill(d, amt) && !yield(d, amt) {
				return
			}
		}
	}
}

// linearWideBills is linearBills of a wide run, each amount a Wide.
func (e *engine) linearWideBills(run *linRun, lo, hi day) iter.Seq2[day, exact.Wide] {
	return func(yield func(day, exact.Wide) bool) {
		it := e.newLinIter(run)
		for it.days.d <= min(run.lastFinal, hi) {
			d, amt, _ := it.stepWide(e) // linearFixed made sure every row fits
			if d >= lo && !amt.IsZero() && e.final(d, time.Time{}) && !yield(d, amt) {
				return
			}
		}
	}
}

// TagSets yields every tag set a bill can carry (its record's or its package's), each
// the very slice the bills share, with repeats.
func (r *Result) TagSets() iter.Seq[model.Tags] {
	return func(yield func(model.Tags) bool) {
		if r.e == nil {
			for i := range r.Bills {
				if !yield(r.Bills[i].Tags) {
					return
				}
			}
			return
		}
		for _, uses := range r.e.useSets {
			for i := range uses {
				if !yield(uses[i].tags) {
					return
				}
			}
		}
		for i := range r.e.plans {
			if r.e.plans[i].n > 0 && !yield(r.e.l.Packages[i].Pkg.Tags) {
				return
			}
		}
	}
}
