package amortize

import (
	"fmt"
	"time"
)

// Between returns the bills dated from the day of from through the day of to, both
// inclusive, in the configured zone. A zero from or to leaves that side open.
func (r *Result) Between(from, to time.Time) []Bill {
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
