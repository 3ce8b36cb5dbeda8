package replay

import (
	"cmp"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
)

// The time rule of rules.md §2.3, on precomputed integer instants (shared by the replay and
// Diagnose through slot).

// instant is a time as comparable integers (no zone, no monotonic reading).
type instant struct {
	sec  int64
	nsec int32
}

func instantOf(t time.Time) instant { return instant{t.Unix(), int32(t.Nanosecond())} }

func (a instant) compare(b instant) int {
	if c := cmp.Compare(a.sec, b.sec); c != 0 {
		return c
	}
	return cmp.Compare(a.nsec, b.nsec)
}

func (a instant) before(b instant) bool { return a.compare(b) < 0 }

// succ is the instant a nanosecond after a.
func (a instant) succ() instant {
	if a.nsec == 999_999_999 {
		return instant{a.sec + 1, 0}
	}
	return instant{a.sec, a.nsec + 1}
}

// pkgTimes is a package's validity and period starts as instants.
type pkgTimes struct {
	eff, end instant
	order    time.Time // order_time (zero when blank), for the rules.md §2.4 order: model.CompareOrderTime
	starts   []instant // period starts; period k ends at starts[k+1] or, for the last, at end
	inside   bool      // resettable or level: the consumption must lie inside one period
}

func timesOf(ps *PackageState) pkgTimes {
	pt := pkgTimes{eff: instantOf(ps.Pkg.Effective), end: instantOf(ps.End), order: ps.Pkg.OrderTime,
		inside: ps.Pkg.Resettable() || ps.Pkg.Type.IsLevel()}
	pt.starts = make([]instant, len(ps.Periods))
	for k := range ps.Periods {
		pt.starts[k] = instantOf(ps.Periods[k].Start)
	}
	return pt
}

func (pt *pkgTimes) periodEnd(k int) instant {
	if k+1 < len(pt.starts) {
		return pt.starts[k+1]
	}
	return pt.end
}

// recTimes is a record's consumption and deduction instants.
type recTimes struct{ start, end, deduct instant }

func timesOfRecord(r *model.Record) recTimes {
	s, e, d := r.Stamps()
	return recTimes{instantOfStamp(s), instantOfStamp(e), instantOfStamp(d)}
}

// instantOfStamp is instantOf(s.Time(loc)), the zero time for NoStamp.
func instantOfStamp(s model.Stamp) instant {
	if s == model.NoStamp {
		return instantOf(time.Time{})
	}
	sec, ns := s.Split()
	return instant{sec, ns}
}

// Time-rule failures, as bits.
const (
	failNotYet  uint8 = 1 << iota // before the package takes effect
	failEnded                     // after the validity ended (by EndCause)
	failCrosses                   // not inside one period
)

// slot applies the time rule to a record. Without failures it returns the period that
// would deduct the record; with failCrosses, the period the consumption starts in (the
// reset crossed is its end); otherwise -1. Resettable and level packages need
// period.start <= start_time and end_time <= period.end; the others start_time < end
// and deduct_time >= effective_time. An empty validity (end at effective_time) deducts
// nothing: a record it would otherwise take fails as ended (rules.md §7).
func slot(pt *pkgTimes, rt *recTimes) (int, uint8) {
	var hint int32
	return slotHint(pt, rt, &hint)
}

// slotHint is slot starting the period search at *hint, and updating it.
func slotHint(pt *pkgTimes, rt *recTimes, hint *int32) (int, uint8) {
	var f uint8
	if !pt.inside {
		if rt.deduct.before(pt.eff) {
			f |= failNotYet
		}
		if !rt.start.before(pt.end) || f == 0 && !pt.eff.before(pt.end) {
			f |= failEnded
		}
		if f != 0 {
			return -1, f
		}
		return 0, 0
	}
	if rt.start.before(pt.eff) {
		f |= failNotYet
	}
	if pt.end.before(rt.end) || len(pt.starts) == 0 || f == 0 && !pt.eff.before(pt.end) {
		f |= failEnded
	}
	if f != 0 {
		return -1, f
	}
	k := int(*hint)
	if k >= len(pt.starts) || rt.start.before(pt.starts[k]) || !rt.start.before(pt.periodEnd(k)) {
		k = pt.periodOf(rt.start)
		*hint = int32(k)
	}
	if pt.periodEnd(k).before(rt.end) {
		return k, failCrosses
	}
	return k, 0
}

// periodOf is the last period starting at or before t (t >= eff): periodIndex from a
// guess by interpolation (periods are nearly regular, so O(1)).
func (pt *pkgTimes) periodOf(t instant) int {
	n := len(pt.starts)
	k := 0
	if span := pt.end.sec - pt.eff.sec; span > 0 && n > 1 {
		k = int(min(max((t.sec-pt.eff.sec)/max(span/int64(n), 1), 0), int64(n-1)))
	}
	return periodIndex(n, k, func(k int) bool { return !t.before(pt.starts[k]) })
}

// periodIndex is the period of an instant (rules.md §2.3): the last of n periods whose
// start is at or before it (started(k)), walked step by step from the guess k; 0 when
// none is.
func periodIndex(n, k int, started func(k int) bool) int {
	for k > 0 && !started(k) {
		k--
	}
	for k+1 < n && started(k+1) {
		k++
	}
	return k
}

// PeriodAt is the period an instant belongs to (rules.md §2.3): the last period that
// starts at or before t; -1 when t is before the first or there is none. (It may be a
// period that ended before t: the last one, when t is at or after the end of validity.)
func (ps *PackageState) PeriodAt(t time.Time) int {
	n := len(ps.Periods)
	if n == 0 || t.Before(ps.Periods[0].Start) {
		return -1
	}
	k := 0
	// the guess is in seconds: a time.Duration saturates past 292 years
	if eff, span := ps.Periods[0].Start.Unix(), ps.End.Unix()-ps.Periods[0].Start.Unix(); span > 0 && n > 1 {
		k = int(min(max((t.Unix()-eff)/max(span/int64(n), 1), 0), int64(n-1)))
	}
	return periodIndex(n, k, func(k int) bool { return !t.Before(ps.Periods[k].Start) })
}
