package amortize

import (
	"math/bits"
	"time"

	"github.com/shopspring/decimal"

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

// linIter steps through a linRun's days, keeping |W|×cum = q×span + rem exactly, so a
// whole day costs two additions (dq, dr: the share of 24 hours) and no division.
type linIter struct {
	run    *linRun
	d      day // the day step computes next
	next   int64
	w      uint64 // |W|
	q, rem uint64
	dq, dr uint64 // valid when dayOK
	dayOK  bool
	prev   int64
}

const nsPerDay = 24 * 3600 * 1e9

func (e *engine) newLinIter(run *linRun) linIter {
	it := linIter{run: run, d: run.first, next: e.cal.midNanos(run.first), w: uint64(run.total)}
	if run.total < 0 {
		it.w = -it.w
	}
	it.dq, it.dr, it.dayOK = mulDiv(it.w, nsPerDay, uint64(run.span))
	return it
}

// step returns day d's row and moves to the next day; ok is false when the row does not
// fit. The kept remainder (adj) joins the last day's row once the package has ended;
// before, that row is the day's share alone.
func (it *linIter) step(e *engine) (d day, r int64, ok bool) {
	run := it.run
	cur := it.next
	it.next = e.cal.midNanos(it.d + 1)
	if lo, hi := max(cur, run.eff), min(it.next, run.end); hi > lo {
		if !it.add(uint64(hi - lo)) {
			return it.d, 0, false
		}
	}
	span := uint64(run.span)
	c := int64(it.q)
	if it.rem >= span-it.rem { // 2·rem ≥ span: half away from zero
		c++
	}
	if run.total < 0 {
		c = -c
	}
	d, r = it.d, c-it.prev
	it.d, it.prev = it.d+1, c
	if d == run.last && run.adj != 0 && e.ended(run.ps.End) {
		r += run.adj
	}
	return d, r, true
}

// add adds delta nanoseconds to cum.
func (it *linIter) add(delta uint64) bool {
	span := uint64(it.run.span)
	dq, dr := it.dq, it.dr
	if delta != nsPerDay || !it.dayOK {
		var ok bool
		if dq, dr, ok = mulDiv(it.w, delta, span); !ok {
			return false
		}
	}
	it.q, it.rem = it.q+dq, it.rem+dr
	if it.rem >= span {
		it.q, it.rem = it.q+1, it.rem-span
	}
	return it.q <= maxFixed
}

// mulDiv is a×b = q×d + r in 128 bits; ok is false when q does not fit 64 bits.
func mulDiv(a, b, d uint64) (q, r uint64, ok bool) {
	hi, lo := bits.Mul64(a, b)
	if hi >= d {
		return 0, 0, false
	}
	q, r = bits.Div64(hi, lo, d)
	return q, r, true
}

// linearFixed checks that every row fits, works out the remainder and counts the final
// rows; ok is false when the split cannot run on int64s.
func (e *engine) linearFixed(ps *replay.PackageState, w decimal.Decimal, keep bool) (*linRun, decimal.Decimal, bool) {
	p := ps.Pkg
	prec := e.cfg.Precision
	span := p.Expiration.Sub(p.Effective).Nanoseconds()
	total, ok := fixedOf(w, -prec)
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
			if run.adj = total - it.prev; e.ended(ps.End) {
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
	return run, decimal.New(total-it.prev, -prec), true
}

// nanosOK reports whether t.UnixNano is exact (years 1679 to 2261).
func nanosOK(t time.Time) bool {
	return t.Year() > 1678 && t.Year() < 2262
}
