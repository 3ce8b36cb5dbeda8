package amortize

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// linRun is a linear package's split on int64s, replayed day by day by linIter: W at
// the currency precision, instants as Unix nanoseconds. count and sum are those of its
// final non-zero rows.
type linRun struct {
	ps          *replay.PackageState
	total, span int64 // W; nanoseconds effective → expiration (> 0)
	eff, end    int64 // effective time, end of validity
	first, last day   // the validity's days
	adj         int64 // the kept remainder, added to the last day's row
	typ         model.BillType
	count       int
	sum         int64
	lastFinal   day // the last day with a final non-zero row (when count > 0)
}

// linIter steps through a linRun's days: its split is an exact.Stepper whose usual
// step is a day of 24 hours.
type linIter struct {
	run  *linRun
	d    day // the day step computes next
	next int64
	s    exact.Stepper
}

const nsPerDay = 24 * 3600 * 1e9

func (e *engine) newLinIter(run *linRun) linIter {
	return linIter{run: run, d: run.first, next: e.cal.midNanos(run.first), s: exact.NewStepper(run.total, run.span, nsPerDay)}
}

// step returns day d's row and moves to the next day; ok is false when the row does not
// fit. The kept remainder (adj) joins the last day's row once the package has ended;
// before, that row is the day's share alone.
func (it *linIter) step(e *engine) (d day, r int64, ok bool) {
	run := it.run
	cur := it.next
	it.next = e.cal.midNanos(it.d + 1)
	if lo, hi := max(cur, run.eff), min(it.next, run.end); hi > lo {
		if !it.s.Add(uint64(hi - lo)) {
			return it.d, 0, false
		}
	}
	d, r = it.d, it.s.Next()
	it.d++
	if d == run.last && run.adj != 0 && e.ended(run.ps.End) {
		r += run.adj
	}
	return d, r, true
}

// linearFixed checks that every row fits, works out the remainder and counts the final
// rows; ok is false when the split cannot run on int64s.
func (e *engine) linearFixed(ps *replay.PackageState, w decimal.Decimal, keep bool) (*linRun, decimal.Decimal, bool) {
	p := ps.Pkg
	prec := e.cfg.Precision
	span := p.Expiration.Sub(p.Effective).Nanoseconds()
	total, ok := exact.FixedOf(w, -prec)
	if prec < 0 || !ok || span <= 0 || !nanosOK(p.Effective) || !nanosOK(ps.End) {
		return nil, decimal.Decimal{}, false
	}
	run := &linRun{ps: ps, total: total, span: span, eff: p.Effective.UnixNano(), end: ps.End.UnixNano(),
		first: e.cal.at(p.Effective), last: e.lastDay(ps), typ: linearType(p.OrderType)}
	if !nanosOK(e.cal.midnight(run.first)) || !nanosOK(e.cal.midnight(run.last+1)) {
		return nil, decimal.Decimal{}, false
	}
	it := e.newLinIter(run)
	for it.d <= run.last {
		d, r, ok := it.step(e)
		if !ok {
			return nil, decimal.Decimal{}, false
		}
		if d == run.last && keep {
			if run.adj = total - it.s.Rounded(); e.ended(ps.End) {
				r += run.adj
			}
		}
		if r != 0 && e.final(d, time.Time{}) {
			run.count, run.sum, run.lastFinal = run.count+1, run.sum+r, d
		}
	}
	if run.adj != 0 {
		return run, decimal.Zero, true
	}
	return run, decimal.New(total-it.s.Rounded(), -prec), true
}

// nanosOK reports whether t.UnixNano is exact (years 1679 to 2261).
func nanosOK(t time.Time) bool {
	return t.Year() > 1678 && t.Year() < 2262
}
