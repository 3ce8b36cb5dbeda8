package amortize

import (
	"fmt"
	"iter"
	"math"
	"sort"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/shopspring/decimal"
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
	y, m, d := t.In(loc).Date()
	return y*10000 + int(m)*100 + d
}

// Walk yields the bills dated from the day of from through the day of to (as Between),
// in order. Of a RunLazy result they are made as they are yielded, each in one reused
// Bill: the caller copies what it keeps; walks (and Tally) of one result run one at a
// time. Every Walk starts at the first bill.
func (r *Result) Walk(from, to time.Time) iter.Seq[*Bill] {
	return func(yield func(*Bill) bool) {
		if r.e == nil {
			for _, b := range r.Between(from, to) {
				if !yield(&b) {
					return
				}
			}
			return
		}
		if from.IsZero() && to.IsZero() {
			r.e.walk(yield)
			return
		}
		lo, hi := math.MinInt, math.MaxInt
		if !from.IsZero() {
			lo = r.dayKey(from)
		}
		if !to.IsZero() {
			hi = r.dayKey(to)
		}
		for b := range r.e.walk {
			switch k := r.dayKey(b.Date); {
			case k < lo:
				continue
			case k > hi:
				return
			}
			if !yield(b) {
				return
			}
		}
	}
}

// Tally is the number of bills dated from … to (as Walk yields them) and their
// Summarize, without making the bills of a RunLazy result: its stored rows are read
// and its linear rows generated again, amounts only.
func (r *Result) Tally(from, to time.Time) (n int, summary []SummaryRow) {
	if r.e == nil {
		b := r.Between(from, to)
		return len(b), Summarize(b)
	}
	e := r.e
	lo, hi := minDay, maxDay // the days of from and to
	if !from.IsZero() {
		lo = e.cal.at(from)
	}
	if !to.IsZero() {
		hi = e.cal.at(to)
	}
	var s Summary
	add := func(pi int, d day, typ model.BillType, amt decimal.Decimal, prov bool) {
		if d < lo || d > hi {
			return
		}
		n++
		if !prov {
			_, cycle := e.cal.dayOf(d)
			s.add(cycle, e.l.Packages[pi].Pkg.Currency, typ, amt)
		}
	}
	for pi := range e.plans {
		pl := &e.plans[pi]
		for k := pl.lo; k < pl.hi; k++ {
			rw := &e.rows[k]
			add(pi, rw.day, model.BillType(rw.typ), rw.amt, rw.prov)
		}
		if run := pl.lin; run != nil && run.count > 0 {
			it := e.newLinIter(run)
			for it.days.d <= run.lastFinal {
				d, amt, _ := it.step(e) // linearFixed made sure every row fits
				if amt != 0 && e.final(d, time.Time{}) {
					add(pi, d, run.typ, e.amt.Of(amt), false)
				}
			}
		}
	}
	return n, s.Rows()
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
		for i := range r.e.uses {
			if !yield(r.e.uses[i].tags) {
				return
			}
		}
		for i := range r.e.plans {
			if r.e.plans[i].n > 0 && !yield(r.e.l.Packages[i].Pkg.Tags) {
				return
			}
		}
	}
}
