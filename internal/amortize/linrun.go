package amortize

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// linRun is a linear package's split on integers, replayed day by day by linIter: W at
// the currency precision (up to 126 bits) over the validity's nanoseconds (128 bits:
// past 292 years they pass an int64), each row an int64, or a Wide when wide. count and
// sum are those of its final non-zero rows.
type linRun struct {
	ps          *replay.PackageState
	total       exact.Wide // W: past an int64 for a fee of 19 digits or more at the precision
	span        exact.Span // effective → expiration (> 0)
	first, last day        // the validity's days
	adj         int64      // the kept remainder, added to the last day's row (not wide)
	// wide: a row or the kept remainder passes an int64 (a day's share of a fee of 18
	// digits at 8 decimals, 2.9 million days long): the rows are Wides (linIter.stepWide),
	// made again as they are walked like the others rather than held as decimals
	wide      bool
	wadj      exact.Wide // adj, when wide
	typ       model.BillType
	count     int
	sum       exact.Sum
	lastFinal day // the last day with a final non-zero row (when count > 0)
}

// dayWalk walks the days of a linear package's validity (rules.md §3.3): step gives
// each day and the nanoseconds of [effective, end) between its midnights. It is the one
// walk of the linear split, on int64s (linIter) and on decimals (linearDec).
type dayWalk struct {
	d           day // the day step gives next
	first, edge day // the day of effective and of the last instant before end: between them whole days
	eff, end    time.Time
}

func (e *engine) newDayWalk(ps *replay.PackageState) dayWalk {
	d := e.cal.at(ps.Pkg.Effective)
	return dayWalk{d: d, first: d, edge: e.cal.before(ps.End), eff: ps.Pkg.Effective, end: ps.End}
}

func (w *dayWalk) step(e *engine) (d day, nanos int64) {
	d = w.d
	w.d++
	if d > w.first && d < w.edge { // a whole day of validity
		return d, e.cal.dayLength(d)
	}
	if lo, hi := maxTime(e.cal.midnight(d), w.eff), minTime(e.cal.midnight(d+1), w.end); hi.After(lo) {
		nanos = hi.Sub(lo).Nanoseconds()
	}
	return d, nanos
}

// linIter steps through a linRun's days: its split is an exact.Stepper whose usual
// step is a day of 24 hours. It holds what a step reads of its run, so that a step
// reads no memory but the iterator's (the walk of the bills steps thousands of
// iterators a day, in turn).
type linIter struct {
	run  *linRun
	last day // run.last
	typ  model.BillType
	adj  int64 // run.adj once the package has ended (joins the last day's row), else 0
	wide bool
	wadj exact.Wide // run.wadj once the package has ended, else 0 (wide)
	days dayWalk
	s    exact.Stepper
}

const nsPerDay = 24 * 3600 * 1e9

func (e *engine) newLinIter(run *linRun) linIter {
	it := linIter{run: run, last: run.last, typ: run.typ, wide: run.wide, days: e.newDayWalk(run.ps),
		s: exact.NewStepper(run.total, run.span, nsPerDay)}
	if e.ended(run.ps.End) {
		it.adj, it.wadj = run.adj, run.wadj
	}
	return it
}

// step returns day d's row and moves to the next day; ok is false when the row does not
// fit. The kept remainder (adj) joins the last day's row once the package has ended;
// before, that row is the day's share alone.
func (it *linIter) step(e *engine) (d day, r int64, ok bool) {
	d, nanos := it.days.step(e)
	if nanos > 0 && !it.s.Add(uint64(nanos)) {
		return d, 0, false
	}
	if r, ok = it.s.Next(); !ok {
		return d, 0, false
	}
	if d == it.last {
		r += it.adj
	}
	return d, r, true
}

// stepWide is step for a wide run: day d's row as a Wide; ok is false when the share
// no longer fits 128 bits.
func (it *linIter) stepWide(e *engine) (d day, r exact.Wide, ok bool) {
	d, nanos := it.days.step(e)
	if nanos > 0 && !it.s.Add(uint64(nanos)) {
		return d, exact.Wide{}, false
	}
	r, ok = it.s.NextWide(), true
	if d == it.last {
		r, ok = r.Add(it.wadj)
	}
	return d, r, ok
}

// linearFixed checks that every row fits, works out the remainder and counts the final
// rows; ok is false when the split cannot run on int64s.
func (e *engine) linearFixed(ps *replay.PackageState, w decimal.Decimal, keep bool) (*linRun, decimal.Decimal, bool) {
	p := ps.Pkg
	prec := e.cfg.Precision
	span, fits := spanBetween(p.Effective, p.Expiration)
	valid, vfits := exact.Span{}, true
	if ps.End.After(p.Effective) {
		valid, vfits = spanBetween(p.Effective, ps.End)
	}
	total, ok := exact.WideOf(w, -prec)
	if prec < 0 || !ok || !fits || !vfits || span.IsZero() {
		return nil, decimal.Decimal{}, false
	}
	run := &linRun{ps: ps, total: total, span: span, first: e.cal.at(p.Effective), last: e.lastDay(ps),
		typ: linearType(p.OrderType), sum: exact.NewSum(-prec)}
	// What the whole validity rounds to, for the remainder: its rows through the last day
	// sum to it. Rows past the as-of day are not final: they are not walked.
	whole, ok := exact.MulDivRoundSpan(total, valid, span)
	var rest exact.Wide // W less what the validity rounds to
	if ok {
		rest, ok = total.Sub(whole)
	}
	if !ok {
		return nil, decimal.Decimal{}, false
	}
	if keep {
		run.wadj = rest
		run.adj, ok = rest.Int64() // joins a row: an int64, or the rows are wide
		run.wide = !ok
	}
	if !e.countLinear(run) {
		if run.wide { // a share past 126 bits: decimals
			return nil, decimal.Decimal{}, false
		}
		run.wide, run.count, run.sum = true, 0, exact.NewSum(-prec) // a row past an int64
		if !e.countLinear(run) {
			return nil, decimal.Decimal{}, false
		}
	}
	if keep {
		return run, decimal.Zero, true
	}
	return run, rest.Dec(-prec), true
}

// countLinear walks run's days up to the last final one, counting and summing its final
// non-zero rows; false when a row does not fit (an int64 unless run is wide).
func (e *engine) countLinear(run *linRun) bool {
	it := e.newLinIter(run)
	stop := e.walkTo(run.last)
	if !run.wide {
		for it.days.d <= stop {
			d, r, ok := it.step(e)
			if !ok {
				return false
			}
			if e.linearBill(d, r) {
				run.count, run.lastFinal = run.count+1, d
				run.sum.AddFixed(r)
			}
		}
		return true
	}
	var sum exact.Wide
	for it.days.d <= stop {
		d, r, ok := it.stepWide(e)
		if ok && !r.IsZero() && e.final(d, time.Time{}) {
			run.count, run.lastFinal = run.count+1, d
			sum, ok = sum.Add(r)
		}
		if !ok {
			return false
		}
	}
	run.sum.Add(sum.Dec(-e.cfg.Precision))
	return true
}

// linearBill reports whether the linear row r of day d is a bill: not zero, and final
// (a linear row depends on nothing but its day).
func (e *engine) linearBill(d day, r int64) bool { return r != 0 && e.final(d, time.Time{}) }
