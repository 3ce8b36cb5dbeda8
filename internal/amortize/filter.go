package amortize

import (
	"fmt"
	"sort"
	"time"
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
