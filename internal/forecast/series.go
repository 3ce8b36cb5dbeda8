package forecast

import (
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/value"
)

// Point is one day of a package's chart: cumulative use against capacity, as it was up
// to as-of and as the burn rate projects it from as-of's day to the end.
type Point struct {
	Day       time.Time           // midnight of the day, in the zone
	Used      decimal.NullDecimal // the use of the period that holds the day's end, up to that end (days up to as-of's)
	Capacity  decimal.Decimal     // that period's capacity
	Projected decimal.NullDecimal // the projected use of that period at the day's end (days from as-of's on)
}

// SeriesDays is the number of days from f's effective day to its last day: the most
// points Series returns, known without making them.
func SeriesDays(l *replay.Ledger, f *Forecast, loc *time.Location) int64 {
	ps := &l.Packages[f.Package]
	if loc == nil {
		loc = time.UTC
	}
	civil := func(t time.Time) int64 { // days since 1970-01-01 of t's calendar day in loc
		return value.DateOf(t, loc).Unix() / 86400
	}
	return civil(ps.End.Add(-time.Nanosecond)) - civil(ps.Pkg.Effective) + 1
}

// Series returns one point per day of f's validity, from its effective day to its last
// day. A period's use adds up within the period and starts again at a reset; a package
// that resets every hour is shown by the day instead: the day's use against the
// capacity of the day's periods.
func Series(l *replay.Ledger, f *Forecast, asOf time.Time, loc *time.Location) []Point {
	ps := &l.Packages[f.Package]
	p := ps.Pkg
	if loc == nil {
		loc = time.UTC
	}
	first := value.Midnight(p.Effective, loc, 0)
	lastDay := value.Midnight(ps.End.Add(-time.Nanosecond), loc, 0)
	hourly := p.ResetCycle == model.ResetHour
	var all *uses // hourly: every period's deductions, taken by the day
	if hourly {
		all = periodUses(l, f.Package, asOf, -1)
	}
	byPeriod := map[int]*uses{}
	var out []Point
	for day := first; !day.After(lastDay); day = value.Midnight(day, loc, 1) {
		end := value.Midnight(day, loc, 1)
		if end.After(ps.End) {
			end = ps.End
		}
		k := ps.PeriodAt(end.Add(-time.Nanosecond)) // the last period starting before end
		if k < 0 {
			continue
		}
		per := &ps.Periods[k]
		from := per.Start // the bucket: the period, or the day of an hourly package
		pt := Point{Day: day, Capacity: p.Capacity}
		usedTo := func(t time.Time) decimal.Decimal { return all.between(from, t) }
		if !hourly {
			u := byPeriod[k]
			if u == nil {
				u = periodUses(l, f.Package, asOf, k)
				byPeriod[k] = u
			}
			usedTo = u.upTo
		} else {
			from = maxTime(day, p.Effective)
			n := sort.Search(len(ps.Periods), func(i int) bool { return !ps.Periods[i].Start.Before(end) }) -
				sort.Search(len(ps.Periods), func(i int) bool { return ps.Periods[i].End.After(from) })
			pt.Capacity = p.Capacity.Mul(decimal.NewFromInt(int64(n)))
		}
		if day.Before(asOf) {
			pt.Used = decimal.NewNullDecimal(usedTo(minTime(end, asOf)))
		}
		if !end.Before(asOf) && f.WindowDays > 0 {
			base, start := decimal.Zero, from
			if from.Before(asOf) {
				base, start = usedTo(asOf), asOf
			}
			pt.Projected = decimal.NewNullDecimal(base.Add(perDay(f.Rate, start, end)))
		}
		out = append(out, pt)
	}
	return out
}

// uses is a package's deductions by deduction instant, with running totals.
type uses struct {
	at  []model.Stamp
	cum []decimal.Decimal // cum[i]: the sum of the first i
}

// periodUses lists the deductions of package pi's period only (or, with only < 0, of
// every period) up to as-of, in deduction order.
func periodUses(l *replay.Ledger, pi int, asOf time.Time, only int) *uses {
	ps := &l.Packages[pi]
	type use struct {
		at model.Stamp
		q  exact.Amount
	}
	var all []use
	for k := range ps.Periods {
		if ps.Periods[k].Start.After(asOf) {
			break
		}
		if only >= 0 && k != only {
			continue
		}
		for _, en := range l.PeriodEntries(pi, k) {
			x := &l.Entries[en]
			_, _, d := l.Records[x.Record].Rec.Stamps()
			all = append(all, use{d, x.Quantity})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].at < all[j].at })
	u := &uses{at: make([]model.Stamp, len(all)), cum: make([]decimal.Decimal, len(all)+1)}
	var s exact.QtySum
	u.cum[0] = decimal.Zero
	for i, x := range all {
		u.at[i] = x.at
		s.AddAmount(x.q)
		u.cum[i+1] = s.Value()
	}
	return u
}

// between is the use deducted in (from, to] (the bill-date rule: a deduction at a day's
// midnight closes the day before).
func (u *uses) between(from, to time.Time) decimal.Decimal {
	return u.upTo(to).Sub(u.upTo(from))
}

func (u *uses) upTo(t time.Time) decimal.Decimal {
	s, ok := model.StampOf(t)
	if !ok {
		if t.Year() < 1970 {
			return decimal.Zero
		}
		return u.cum[len(u.at)]
	}
	return u.cum[sort.Search(len(u.at), func(i int) bool { return u.at[i] > s })]
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
