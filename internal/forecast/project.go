package forecast

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/kpi"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

var secondsPerDay = decimal.NewFromInt(86400)

// perDay is rate × the time from a to b (a rate per day), rounded to qtyPlaces. The
// time is counted exactly, past the 292 years a time.Duration holds (a package valid to
// 9999-12-31).
func perDay(rate decimal.Decimal, a, b time.Time) decimal.Decimal {
	return rate.Mul(value.SpanOf(a, b).Seconds()).DivRound(secondsPerDay, qtyPlaces)
}

// maxAfter bounds after: a rate that would take longer than this many seconds (about
// 30,000 years) to use q up never does, within any validity.
var maxAfter = decimal.NewFromInt(1 << 40)

// after is t + q ÷ rate days, to the second: when a rate per day uses up q (the zero
// time when that is beyond maxAfter).
func after(t time.Time, q, rate decimal.Decimal) time.Time {
	secs := q.Mul(secondsPerDay).DivRound(rate, 0)
	if secs.GreaterThan(maxAfter) {
		return time.Time{}
	}
	return time.Unix(t.Unix()+secs.IntPart(), int64(t.Nanosecond())).In(t.Location())
}

// run is a stretch of consecutive remaining periods whose projected use is the same:
// the money of its unused capacity is valued at once.
type run struct {
	from, to  int             // period indices [from, to) among the package's periods
	use       decimal.Decimal // projected use of each period (uncapped)
	moves     bool            // what it leaves moves to an upgrade: not wasted
	projected decimal.Decimal // per period, capped at capacity
}

// project projects package pi: the current period from what it used so far, every
// later period from nothing, each at the burn rate to its end.
func (e *engine) project(pi int) (Forecast, []run) {
	ps := &e.l.Packages[pi]
	p := ps.Pkg
	s := int(e.slot[pi])
	f := Forecast{Package: pi, PackageID: p.ID, Product: p.Product, Unit: p.Unit, Currency: p.Currency,
		ResetCycle: p.ResetCycle, End: ps.End, Capacity: p.Capacity}
	asOf := e.opt.AsOf
	k0 := max(ps.PeriodAt(asOf), 0) // the current period (the package is valid at as-of)
	cur := &ps.Periods[k0]
	f.Used, f.PeriodStart, f.PeriodEnd = cur.Used, cur.Start, cur.End
	// An upgrade that takes over what is left: the last period's unused capacity moves
	// there when the upgrade cuts it short (else it closes as usual, and only the
	// periods never reached move).
	if kpi.RemainderMoves(e.l, ps) {
		f.UpgradedBy = ps.UpgradedBy
	}
	f.followedBy = ps.UpgradedBy
	moves := f.UpgradedBy != "" && e.l.CutShort(pi, len(ps.Periods)-1)
	f.Rate, f.WindowDays, f.demanded = e.rate(s)
	f.Periods = len(ps.Periods) - k0
	f.Offered = p.Capacity.Mul(decimal.NewFromInt(int64(f.Periods)))
	if cur.Used.GreaterThanOrEqual(p.Capacity) { // it has run out: when it did
		f.Exhaustion = cur.ExhaustedAt
		if f.Exhaustion.IsZero() { // it had nothing to give (a capacity of 0): from the start
			f.Exhaustion = cur.Start
		}
	}
	if f.WindowDays == 0 {
		return f, nil
	}
	var needed decimal.Decimal // the use of the longest period
	var runs []run
	for k := k0; k < len(ps.Periods); k++ {
		per := &ps.Periods[k]
		use := perDay(f.Rate, per.Start, per.End)
		needed = decimal.Max(needed, use)
		if k == k0 {
			use = cur.Used.Add(perDay(f.Rate, asOf, per.End))
		}
		last := k == len(ps.Periods)-1
		if n := len(runs); n > 0 && k > k0+1 && runs[n-1].use.Equal(use) && !(last && moves) {
			runs[n-1].to = k + 1
			continue
		}
		runs = append(runs, run{from: k, to: k + 1, use: use, moves: last && moves})
	}
	f.Needed = needed
	if !p.Resettable() {
		f.Needed = perDay(f.Rate, p.Effective, p.Expiration)
	}
	for i := range runs {
		r := &runs[i]
		n := decimal.NewFromInt(int64(r.to - r.from))
		r.projected = decimal.Min(r.use, p.Capacity)
		f.Projected = f.Projected.Add(r.projected.Mul(n))
		if over := r.use.Sub(p.Capacity); over.Sign() > 0 {
			f.Spill = f.Spill.Add(over.Mul(n))
			f.SpillPeriods += r.to - r.from
			if f.Exhaustion.IsZero() && f.Rate.Sign() > 0 {
				per := &ps.Periods[r.from]
				if r.from == k0 {
					f.Exhaustion = after(asOf, p.Capacity.Sub(cur.Used), f.Rate)
				} else {
					f.Exhaustion = after(per.Start, p.Capacity, f.Rate)
				}
			}
		}
		if r.moves {
			f.Carried = f.Carried.Add(p.Capacity.Sub(r.projected).Mul(n))
		} else {
			f.Unused = f.Unused.Add(p.Capacity.Sub(r.projected).Mul(n))
		}
	}
	return f, runs
}

// value sets f.Waste, the money of the capacity projected to go unused: per run of
// periods, their share of the amortizable amount w (split over the package's N periods
// as amortization splits it) less the part the projected use takes, rounded as
// amortization rounds the used rows. For a usage-amortized package it is what the
// unused rows will book if the projection holds; for a linear one the same share of
// what the package cost.
func (e *engine) value(f *Forecast, runs []run, w decimal.Decimal) {
	if f.WindowDays == 0 {
		return
	}
	ps := &e.l.Packages[f.Package]
	p := ps.Pkg
	if !p.Fee.Valid {
		return
	}
	prec := e.opt.Precision
	n := int64(1)
	if p.Resettable() && ps.FullPeriods > 1 {
		n = int64(ps.FullPeriods)
	}
	waste := decimal.Zero
	for _, r := range runs {
		if r.moves {
			continue
		}
		a, b := ps.Periods[r.from].Index, ps.Periods[r.to-1].Index+1
		waste = waste.Add(runWaste(w, int64(a), int64(b), n, r.projected, p.Capacity, prec))
	}
	f.Waste = decimal.NewNullDecimal(waste)
	f.AtStake = f.AtStake.Add(waste)
}

// runWaste is what the unused rows of periods [a, b) of n book when each period uses
// projected of capacity (§3.4): Σ s_k − round(s_k × projected ÷ capacity), s_k the k-th
// of the n cumulative shares of w at the precision (§3.2). The shares of equal periods
// are q or q + one unit of the precision (q = w ÷ n rounded down), so the sum takes two
// roundings whatever the number of periods; a run whose shares are not so (a w of
// more decimals than the precision) is summed period by period.
func runWaste(w decimal.Decimal, a, b, n int64, projected, capacity decimal.Decimal, prec int32) decimal.Decimal {
	used := func(share decimal.Decimal) decimal.Decimal {
		if capacity.Sign() <= 0 { // of a capacity of 0, nothing: its fee is all waste
			return decimal.Zero
		}
		return share.Mul(projected).DivRound(capacity, prec)
	}
	cumulative := func(a, b int64) decimal.Decimal {
		return exact.Cumulative(w, []decimal.Decimal{decimal.NewFromInt(a), decimal.NewFromInt(b)}, decimal.NewFromInt(n), prec)[1]
	}
	total := cumulative(a, b)
	q, r := w.Shift(prec).QuoRem(decimal.NewFromInt(n), 0)
	if r.Sign() < 0 {
		q = q.Sub(decimal.NewFromInt(1))
	}
	low, length := q.Shift(-prec), decimal.NewFromInt(b-a)
	high := low.Add(decimal.New(1, -prec))
	highs := total.Sub(low.Mul(length)).Shift(prec) // periods whose share is high
	if !highs.IsInteger() || highs.Sign() < 0 || highs.GreaterThan(length) {
		waste := decimal.Zero
		for k := a; k < b; k++ {
			s := cumulative(k, k+1)
			waste = waste.Add(s.Sub(used(s)))
		}
		return waste
	}
	usedAmt := used(low).Mul(length.Sub(highs)).Add(used(high).Mul(highs))
	return total.Sub(usedAmt)
}

// spillCost prices f.Spill at the average price of what the package took (or would have
// taken) in the window, or, when none of that had a price, at the price of the last
// priced record it deducted. The cost counts only in the package's currency.
func (e *engine) spillCost(f *Forecast) {
	if f.WindowDays == 0 {
		return
	}
	price, cur, ok := e.prices[e.slot[f.Package]].price()
	if !ok {
		price, cur, ok = e.lastPrice(f.Package)
	}
	if !ok { // no price: no cost, not even of no spill
		return
	}
	f.Price, f.PriceCurrency = decimal.NewNullDecimal(price), cur
	if model.Norm(cur) != model.Norm(f.Currency) {
		return
	}
	cost := f.Spill.Mul(price).Round(e.opt.Precision)
	f.SpillCost = decimal.NewNullDecimal(cost)
	f.AtStake = f.AtStake.Add(cost)
}

// lastPrice is the price per package unit of the last priced record package pi deducted.
func (e *engine) lastPrice(pi int) (decimal.Decimal, string, bool) {
	ps := &e.l.Packages[pi]
	for k := len(ps.Periods) - 1; k >= 0; k-- {
		entries := e.l.PeriodEntries(pi, k)
		for i := len(entries) - 1; i >= 0; i-- {
			x := &e.l.Entries[entries[i]]
			r := e.l.Records[x.Record].Rec
			if !r.UnitPrice.Valid || x.Quantity.Sign() <= 0 {
				continue
			}
			p := r.UnitPrice.Decimal.Mul(x.RecordQuantity.Dec()).DivRound(x.Quantity.Dec(), pricePlaces)
			return p, r.Currency, true
		}
	}
	return decimal.Decimal{}, "", false
}
