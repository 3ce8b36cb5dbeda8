package kpi

import (
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/value"
)

// periodMoney is what a settled period of a usage-amortized package booked: its used
// rows and its unused row.
type periodMoney struct {
	used, unused exact.QtySum
}

// utilization adds every settled period of every package to its row: capacity and
// used from the ledger, the booked amounts from the final bills of usage-amortized
// packages.
func (e *engine) utilization(am *amortize.Result) error {
	money, err := e.periodMoney(am)
	if err != nil {
		return err
	}
	var vals [MaxKeys]int32
	for pi := range e.l.Packages {
		ps := &e.l.Packages[pi]
		if len(ps.Periods) == 0 || !e.settled(ps.Periods[0].End) {
			continue
		}
		p := ps.Pkg
		ui := e.units.of(p.Unit)
		var level *levelUse
		if p.Type.IsLevel() {
			ui = e.units.of(p.Unit + "*hour")
			level = newLevelUse(e.l, pi)
		}
		cur := e.curs.pkgID(p.Currency)
		e.packageKeys(p, &vals)
		for k := range ps.Periods {
			per := &ps.Periods[k]
			if !e.settled(per.End) {
				break
			}
			capacity, used := e.periodUse(pi, k, level)
			end := per.End // the cycle of its last instant, never before its first (an empty validity's)
			if !end.After(per.Start) {
				end = per.Start.Add(time.Nanosecond)
			}
			month := e.months.id(e.cal.month(end))
			key := gkey{k: vals, unit: ui.ref, cur: cur}
			e.setMonth(&key, month)
			m := money[moneyKey(pi, k)]
			for _, a := range []*acc{e.main.get(key), e.summary.get(gkey{k: [MaxKeys]int32{month}, cur: cur})} {
				a.pkgUnit(ui)
				if a.lastPkg != pi {
					a.lastPkg = pi
					a.packages++
				}
				a.periods++
				a.add(&a.capacity, capacity, ui)
				a.add(&a.used, used, ui)
				if m != nil {
					a.amortized++
					a.usedAmt.AddSum(&m.used)
					a.unusedAmt.AddSum(&m.unused)
				}
			}
		}
	}
	return nil
}

// packageKeys sets the ids of a package's key values (the month is set per period).
func (e *engine) packageKeys(p *model.Package, vals *[MaxKeys]int32) {
	for i, k := range e.opt.Keys {
		var s string
		switch k.Kind {
		case KeyMonth:
			continue
		case KeyProduct:
			s = p.Product
		case KeyRegion:
			s = p.Region
		case KeyProject:
			s = p.EnterpriseProject
		case KeyPackage:
			s = p.ID
		case KeyTag:
			s, _ = p.Tags.Get(k.Tag)
		}
		vals[i] = e.vals[i].pkgID(s)
	}
}

// setMonth puts the month's id into the key's month slot, if it has one.
func (e *engine) setMonth(key *gkey, month int32) {
	for i, k := range e.opt.Keys {
		if k.Kind == KeyMonth {
			key.k[i] = e.vals[i].id(e.months.Texts[month])
		}
	}
}

// periodUse is the capacity a settled period offered and what it used, in the package
// unit (a level package: in unit·hours, see levelUse). A usage package's last period
// closes the package: it also offers the periods a destruction kept it from reaching,
// and when an upgrade takes over what is left (its remainder moves there), it offers
// only what it used.
func (e *engine) periodUse(pi, k int, level *levelUse) (capacity, used decimal.Decimal) {
	ps := &e.l.Packages[pi]
	p, per := ps.Pkg, &ps.Periods[k]
	if level != nil {
		return level.period(k)
	}
	capacity, used = p.Capacity, per.Used
	if k < len(ps.Periods)-1 {
		return capacity, used
	}
	if RemainderMoves(e.l, ps) {
		if e.l.CutShort(pi, k) {
			return used, used
		}
		return capacity, used
	}
	if n := ps.FullPeriods - 1 - per.Index; p.Resettable() && n > 0 {
		capacity = capacity.Add(p.Capacity.Mul(decimal.NewFromInt(int64(n))))
	}
	return capacity, used
}

// RemainderMoves reports whether package ps ends where an upgrade with a fee takes
// effect: what it has not used then moves to the upgrade, with its money, as
// amortization moves it (an upgrade without a fee leaves the package its remainder).
func RemainderMoves(l *replay.Ledger, ps *replay.PackageState) bool {
	if ps.EndCause != replay.EndUpgraded || ps.UpgradedBy == "" {
		return false
	}
	j := l.Package(ps.UpgradedBy)
	return j >= 0 && l.Packages[j].Pkg.Fee.Valid
}

func moneyKey(pi, k int) int64 { return int64(pi)<<32 | int64(k) }

// periodMoney sums the final used and unused bills of usage-amortized packages per
// settled period.
func (e *engine) periodMoney(am *amortize.Result) (map[int64]*periodMoney, error) {
	out := map[int64]*periodMoney{}
	if am == nil {
		return out, nil
	}
	lastID, pi := "", -1
	for b := range am.Walk(time.Time{}, time.Time{}) { // made as they are walked when am is lazy
		if b.Provisional || b.Method != model.MethodUsage || (b.Type != model.BillUsed && b.Type != model.BillUnused) {
			continue
		}
		if b.PackageID != lastID {
			lastID, pi = b.PackageID, e.l.Package(b.PackageID)
			if pi < 0 {
				return nil, fmt.Errorf("kpi: bill of package %q, which the ledger does not have", b.PackageID)
			}
		}
		ps := &e.l.Packages[pi]
		k := sort.Search(len(ps.Periods), func(i int) bool { return !ps.Periods[i].Start.Before(b.PeriodStart) })
		if k == len(ps.Periods) || !ps.Periods[k].Start.Equal(b.PeriodStart) {
			continue // an empty validity's unused row: no period
		}
		if !e.settled(ps.Periods[k].End) {
			continue
		}
		m := out[moneyKey(pi, k)]
		if m == nil {
			m = &periodMoney{}
			out[moneyKey(pi, k)] = m
		}
		if b.Type == model.BillUsed {
			m.used.Add(b.Amount)
		} else {
			m.unused.Add(b.Amount)
		}
	}
	return out, nil
}

// levelUse measures a level package (storage, reserved instance) in capacity-time: a
// period offers capacity × its hours; a window uses what it covered × its hours.
type levelUse struct {
	ps   *replay.PackageState
	used []exact.QtySum // per period: covered × hours
}

// hoursPlaces is the number of decimals of a duration in hours that is not whole.
const hoursPlaces = 6

var secondsPerHour = decimal.NewFromInt(3600)

func newLevelUse(l *replay.Ledger, pi int) *levelUse {
	ps := &l.Packages[pi]
	lu := &levelUse{ps: ps, used: make([]exact.QtySum, len(ps.Periods))}
	// Windows mostly last one hour: sum what they covered per period and length, then
	// multiply each sum by its hours once.
	type span struct {
		period int
		d      value.Span
	}
	sums := map[span]*exact.QtySum{}
	var order []span
	add := func(period int, d value.Span, covered decimal.Decimal) {
		if period < 0 || period >= len(lu.used) {
			return
		}
		k := span{period, d}
		s := sums[k]
		if s == nil {
			s = &exact.QtySum{}
			sums[k] = s
			order = append(order, k)
		}
		s.Add(covered)
	}
	for _, sp := range l.PastWindows(pi).Spans { // those a replay in parts let go of
		add(sp.Period, sp.Length, sp.Covered)
	}
	for _, w := range l.Windows(pi) {
		add(w.Period, value.SpanOf(w.Start, w.End), w.Covered)
	}
	for _, k := range order {
		lu.used[k.period].Add(sums[k].Value().Mul(hours(k.d)))
	}
	return lu
}

// period is period k's capacity and use in capacity-hours.
func (lu *levelUse) period(k int) (capacity, used decimal.Decimal) {
	per := &lu.ps.Periods[k]
	return lu.ps.Pkg.Capacity.Mul(hours(value.SpanOf(per.Start, per.End))), lu.used[k].Value()
}

// hours is d in hours: exact when whole (windows and periods nearly always are), else
// rounded half away from zero to hoursPlaces decimals.
func hours(d value.Span) decimal.Decimal {
	if d.Nanos == 0 && d.Secs%3600 == 0 {
		return decimal.NewFromInt(d.Secs / 3600)
	}
	return d.Seconds().DivRound(secondsPerHour, hoursPlaces)
}
