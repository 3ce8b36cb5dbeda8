package forecast

import (
	"math"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/value"
)

// engine holds one forecast: the active packages and their demand per day of the window.
type engine struct {
	l   *replay.Ledger
	opt Options
	loc *time.Location

	active    []int            // ledger indices of the packages forecast, in id order
	slot      []int32          // ledger index → index into active, or -1
	byProduct map[string][]int // model.Norm(product) → active ledger indices

	days   []time.Time      // the window's day boundaries: day i is (days[i], days[i+1]]
	stamps []model.Stamp    // the same as stamps
	first  []int            // per active package: its first whole day of validity in the window
	demand [][]exact.QtySum // per active package, per day: what it deducted or would have
	prices []priceSum       // per active package: the prices of what it took or would have
	convs  map[[2]string]value.Conversion
	elig   []replay.Eligible
	// the packages each class of records matches (matching), and how many they are
	classes       map[replay.AttrClass][]int
	classPackages int
}

// priceSum sums the priced usage a package took (or would have taken) in the window: its
// value at the records' prices and its quantity in the package's unit.
type priceSum struct {
	value, qty exact.QtySum
	currency   string
	mixed      bool // records in more than one currency: no price
}

func newEngine(l *replay.Ledger, opt Options, loc *time.Location) *engine {
	e := &engine{l: l, opt: opt, loc: loc, slot: make([]int32, len(l.Packages)),
		byProduct: map[string][]int{}, convs: map[[2]string]value.Conversion{}}
	for pi := range l.Packages {
		e.slot[pi] = -1
		ps := &l.Packages[pi]
		p := ps.Pkg
		if p.Type.IsLevel() || len(ps.Periods) == 0 || p.Effective.After(opt.AsOf) || !ps.End.After(opt.AsOf) {
			continue
		}
		e.slot[pi] = int32(len(e.active))
		e.active = append(e.active, pi)
		n := model.Norm(p.Product)
		e.byProduct[n] = append(e.byProduct[n], pi)
	}
	e.window()
	return e
}

// window lays out the window: the opt.Window whole days that end at or before as-of (the
// day of as-of itself only when as-of is its end), and per package its first whole day
// of validity among them.
func (e *engine) window() {
	last, end := e.opt.AsOf.Add(-time.Nanosecond), 0 // the window ends at the midnight of last's day
	if !value.Midnight(last, e.loc, 1).After(e.opt.AsOf) {
		end = 1 // or, as-of being that day's end, at the next
	}
	n := e.opt.Window
	e.days = make([]time.Time, n+1)
	e.stamps = make([]model.Stamp, n+1)
	for i := range e.days {
		e.days[i] = value.Midnight(last, e.loc, end+i-n)
		e.stamps[i] = boundStamp(e.days[i])
	}
	e.first = make([]int, len(e.active))
	e.demand = make([][]exact.QtySum, len(e.active))
	e.prices = make([]priceSum, len(e.active))
	for s, pi := range e.active {
		eff := e.l.Packages[pi].Pkg.Effective
		e.first[s] = sort.Search(n, func(i int) bool { return !e.days[i].Before(eff) })
		e.demand[s] = make([]exact.QtySum, n)
	}
}

// boundStamp is a window day's bound t as a Stamp, or, beyond what a Stamp holds (as-of
// near 1677 or 2262), the lowest or highest int64: every record's instant, which a
// Stamp holds, then still falls in the day it does in time.
func boundStamp(t time.Time) model.Stamp {
	if s, ok := model.StampOf(t); ok {
		return s
	}
	if t.Unix() < 0 {
		return math.MinInt64
	}
	return math.MaxInt64
}

// day is the window day of a deduction at s (the day of the last instant before it), or
// -1 outside the window.
func (e *engine) day(s model.Stamp) int {
	n := len(e.stamps) - 1
	if s <= e.stamps[0] || s > e.stamps[n] {
		return -1
	}
	return sort.Search(n, func(i int) bool { return s <= e.stamps[i+1] })
}

// collect walks the records deducted in the window (a run of the ledger's records,
// which are in deduction order): each deduction adds to its package's demand that day,
// and each pay-per-use part to the demand of the active package that would have taken
// it had it had capacity left (the first eligible one in the deduction order).
func (e *engine) collect() {
	recs := e.l.Records
	from := sort.Search(len(recs), func(i int) bool { _, _, d := recs[i].Rec.Stamps(); return d > e.stamps[0] })
	for ri := from; ri < len(recs); ri++ {
		rr := &recs[ri]
		r := rr.Rec
		_, _, d := r.Stamps()
		day := e.day(d)
		if day < 0 {
			break
		}
		for en := range rr.Entries() {
			x := &e.l.Entries[en]
			if x.Package < 0 {
				continue
			}
			if s := e.slot[x.Package]; s >= 0 && day >= e.first[s] {
				e.demand[s][day].AddAmount(x.Quantity)
				e.prices[s].add(r, x.RecordQuantity.Dec(), x.Quantity.Dec())
			}
		}
		if rr.PayPerUse.Sign() > 0 {
			e.attribute(ri, day)
		}
	}
}

// attribute adds record ri's pay-per-use part to the demand of the first active package,
// in the deduction order, that could have deducted it.
func (e *engine) attribute(ri, day int) {
	rr := &e.l.Records[ri]
	cands := e.byProduct[model.Norm(rr.Rec.Product)]
	if len(cands) == 0 {
		return
	}
	e.elig = e.l.EligibleAmong(ri, e.matching(ri, cands), e.elig[:0]) // in the deduction order
	if len(e.elig) == 0 {
		return
	}
	best := 0
	pi := e.elig[best].Package
	s := e.slot[pi]
	if day < e.first[s] {
		return
	}
	q := e.convert(rr.PayPerUse.Dec(), rr.Rec.Unit, e.l.Packages[pi].Pkg.Unit)
	e.demand[s][day].Add(q)
	e.prices[s].add(rr.Rec, rr.PayPerUse.Dec(), q)
}

// convert is q from unit from into unit to (they convert: the package was eligible).
func (e *engine) convert(q decimal.Decimal, from, to string) decimal.Decimal {
	if from == to {
		return q
	}
	k := [2]string{from, to}
	c, ok := e.convs[k]
	if !ok {
		c, _ = value.NewConversion(from, to)
		e.convs[k] = c
	}
	return c.Apply(q)
}

// add adds a priced part of record r: recQty in its unit, pkgQty in the package's.
func (p *priceSum) add(r *model.Record, recQty, pkgQty decimal.Decimal) {
	if !r.UnitPrice.Valid || p.mixed {
		return
	}
	switch {
	case p.currency == "":
		p.currency = r.Currency
	case model.Norm(p.currency) != model.Norm(r.Currency):
		p.mixed = true
		return
	}
	p.value.Add(recQty.Mul(r.UnitPrice.Decimal))
	p.qty.Add(pkgQty)
}

// pricePlaces is the number of decimals of a price per package unit.
const pricePlaces = 18

// price is the average price per package unit of what the sum holds; ok is false
// without priced usage or with several currencies.
func (p *priceSum) price() (decimal.Decimal, string, bool) {
	q := p.qty.Value()
	if p.mixed || q.Sign() <= 0 {
		return decimal.Decimal{}, "", false
	}
	return p.value.Value().DivRound(q, pricePlaces), p.currency, true
}

// ratePlaces is the number of decimals of a burn rate.
const ratePlaces = 4

// rate is package s's burn rate: the mean of its daily demand over its whole days in
// the window, each day counted at most at the upper quartile (nearest rank) of the days
// with demand (a winsorized mean: a one-off spike counts as one busy day, while steady
// use, weekly patterns and monthly batches count in full), rounded to ratePlaces; n is
// the number of days, 0 when it has none; demanded says some day had demand (the rate
// may round to 0 all the same).
func (e *engine) rate(s int) (rate decimal.Decimal, n int, demanded bool) {
	days := e.demand[s][e.first[s]:]
	if len(days) == 0 {
		return decimal.Zero, 0, false
	}
	var busy []decimal.Decimal
	for i := range days {
		if v := days[i].Value(); v.Sign() > 0 {
			busy = append(busy, v)
		}
	}
	if len(busy) == 0 {
		return decimal.Zero, len(days), false
	}
	sort.Slice(busy, func(i, j int) bool { return busy[i].LessThan(busy[j]) })
	limit := busy[(3*len(busy)+3)/4-1] // the ⌈3n/4⌉-th smallest
	var sum exact.QtySum
	for _, v := range busy {
		sum.Add(decimal.Min(v, limit))
	}
	return sum.Value().DivRound(decimal.NewFromInt(int64(len(days))), ratePlaces), len(days), true
}

// maxClassPackages bounds the packages the classes of records keep (matching): past it
// a class's packages are found for each record and dropped, which costs time, never a
// result.
const maxClassPackages = 1 << 23

// matching is the packages of cands (a product's) whose attributes record ri matches,
// kept per class of records: 400,000 pay-per-use records of one region against 40,000
// packages each in a region of its own looked at every package for every record (13 s).
func (e *engine) matching(ri int, cands []int) []int {
	c := e.l.AttrClass(ri)
	if s, ok := e.classes[c]; ok {
		return s
	}
	s := e.l.MatchingAttrs(c, cands, nil)
	if e.classPackages+len(s) <= maxClassPackages {
		if e.classes == nil {
			e.classes = map[replay.AttrClass][]int{}
		}
		e.classes[c], e.classPackages = s, e.classPackages+len(s)+1
	}
	return s
}
