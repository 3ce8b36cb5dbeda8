package reference

import (
	"slices"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
)

// Bill is one amortization bill row.
type Bill struct {
	Date        time.Time // midnight of the bill date
	Pkg         *Pkg
	Type        model.BillType
	Method      model.Method
	Quantity    decimal.NullDecimal
	Unit        string
	Amount      decimal.Decimal
	PeriodStart time.Time
	PeriodEnd   time.Time
	Project     string
	Tags        model.Tags
	Provisional bool

	finalAt time.Time // a closing row is final once this end is reached; zero: by date alone
	joins   bool      // a remainder that joins the day's linear row
}

// Total is one package's line of the totals.
type Total struct {
	Pkg         *Pkg
	Method      model.Method
	Amortizable decimal.Decimal
	Amortized   decimal.Decimal
}

// Amortization is the bills (final and provisional, up to the as-of day) and totals.
type Amortization struct {
	Bills  []Bill
	Totals []Total
}

// life is everything a package books over its validity, from the replayed deductions.
type life struct {
	w      decimal.Decimal // the amortizable amount: fee + remainder moved in
	rows   []Bill          // every row of the validity, final or not yet
	prov   []Bill          // provisional rows
	out    decimal.Decimal // remainder moved out to the upgrade that cut it
	refund decimal.Decimal // the refund booked (zero when none)
}

// Method decides a package's amortization method (rules: Amortization): level packages
// are linear; the amortization column wins; otherwise usage-based when the package took
// effect at or after usage_based_from, its product is listed, it has exactly one
// deductible item (OBS exempt; blank items count as many) and it is a usage package;
// otherwise linear.
func (c *Config) Method(p *model.Package) model.Method {
	if p.Type.IsLevel() {
		return model.MethodLinear
	}
	if p.Amortization != model.MethodAuto {
		return p.Amortization
	}
	listed := slices.ContainsFunc(c.UsageBasedProducts, func(s string) bool { return norm(s) == norm(p.Product) })
	oneItem := len(p.DeductibleItems) == 1 || norm(p.Product) == "obs"
	if !p.Effective.Before(c.UsageBasedFrom) && listed && oneItem {
		return model.MethodUsage
	}
	return model.MethodLinear
}

// keepsRemainder: a destroyed package, or one cut by an upgrade without a fee, books its
// unamortized remainder itself on its last day (rules: Amortization › An upgrade without
// a fee takes no remainder).
func keepsRemainder(p *Pkg) bool {
	return p.Cause == EndDestroyed || (p.Cause == EndUpgraded && !p.UpgradedBy.Fee.Valid)
}

// movesOut: a package cut by an upgrade with a fee hands its remainder to the upgrade.
func movesOut(p *Pkg) bool { return p.Cause == EndUpgraded && p.UpgradedBy.Fee.Valid }

// refunded: a refund row appears only when the destruction ended the validity (at or
// before the expiration, before any upgrade: a destruction wins a tie with the
// expiration) and the refund, rounded to the precision, is above zero (rules:
// Amortization › Refund rows; Zero rows; Edge cases).
func (c *Config) refunded(p *Pkg) decimal.Decimal {
	if p.Cause != EndDestroyed || !p.Refund.Valid {
		return decimal.Zero
	}
	return c.round(p.Refund.Decimal)
}

// lastDay is the last day of a span ending at end: the day of the last instant before
// it, never before the day it started (rules: Amortization › An empty validity, booked
// on its effective day).
func (c *Config) lastDay(start, end time.Time) time.Time {
	d := c.dayBefore(end)
	if s := c.day(start); d.Before(s) {
		return s
	}
	return d
}

// movedIn is the remainder the package receives from the original it cut, and whether
// that is known as of as-of (the original has ended).
func (l *Ledger) movedIn(p *Pkg, memo map[*Pkg]*life) (decimal.Decimal, bool) {
	o := p.CutOriginal
	if o == nil || !o.Fee.Valid || !movesOut(o) {
		return decimal.Zero, true
	}
	return l.life(o, memo).out, l.Cfg.reached(o.End)
}

// life books a package's whole validity (rules: Amortization › Fees and refunds are
// rounded to the precision first): the amortizable amount W = fee + the remainder moved
// in, spread linearly or by usage.
func (l *Ledger) life(p *Pkg, memo map[*Pkg]*life) *life {
	if lf, ok := memo[p]; ok {
		return lf
	}
	lf := &life{}
	in, _ := l.movedIn(p, memo)
	lf.w = l.Cfg.round(p.Fee.Decimal).Add(in)
	switch m := l.Cfg.Method(p.Package); {
	case m == model.MethodLinear:
		l.linear(p, lf)
	case p.Resettable():
		l.usageResettable(p, lf)
	default:
		l.usageOnce(p, lf)
	}
	if r := l.Cfg.refunded(p); r.Sign() > 0 {
		lf.refund = r
		lf.rows = append(lf.rows, l.pkgRow(p, model.BillRefund, l.Cfg.lastDay(p.Effective, p.End), r.Neg(), p.End))
	}
	memo[p] = lf
	return lf
}

// pkgRow is a row that carries the package's own project and tags and its validity as
// its period (linear, refund and closing rows).
func (l *Ledger) pkgRow(p *Pkg, t model.BillType, date time.Time, amount decimal.Decimal, finalAt time.Time) Bill {
	return Bill{Date: date, Pkg: p, Type: t, Method: l.Cfg.Method(p.Package), Amount: amount,
		PeriodStart: p.Effective, PeriodEnd: p.End, Project: p.EnterpriseProject, Tags: p.Tags, finalAt: finalAt}
}

// linearType is the bill type of a linear row, by order type.
func linearType(p *Pkg) model.BillType {
	switch p.OrderType {
	case model.OrderRenewal:
		return model.BillRenewal
	case model.OrderUpgrade:
		return model.BillChange
	}
	return model.BillPurchase
}

// nanos is an instant as nanoseconds since 1970, exactly.
func nanos(t time.Time) decimal.Decimal {
	return decimal.NewFromInt(t.Unix()).Shift(9).Add(decimal.NewFromInt(int64(t.Nanosecond())))
}

// cumulative is the one rounding of amortization (rules: Amortization), cumulative: the
// k-th row of W is round(W×c_k) − round(W×c_{k−1}), c_k = num_k / den, half away from
// zero at the precision; so the rows of a whole sum to it exactly.
func (c *Config) cumulative(w, numPrev, num, den decimal.Decimal) decimal.Decimal {
	return w.Mul(num).DivRound(den, c.Precision).Sub(w.Mul(numPrev).DivRound(den, c.Precision))
}

// linear spreads W over the validity in proportion to time, one row per calendar day of
// the configured zone (23 or 25 hours on a daylight-saving day): a day's share is the
// seconds of (cut) validity in that day over the whole effective → expiration span
// (rules: Amortization). A package that keeps its remainder adds it to its last day's
// row (an empty validity: the whole W as one linear row on its effective day, rules:
// Edge cases); one cut by an upgrade with a fee moves it out.
func (l *Ledger) linear(p *Pkg, lf *life) {
	c := l.Cfg
	span := nanos(p.Expiration).Sub(nanos(p.Effective))
	cum := decimal.Zero
	for d := c.day(p.Effective); d.Before(p.End); d = c.nextDay(d) {
		from, to := maxTime(d, p.Effective), minTime(c.nextDay(d), p.End)
		secs := nanos(to).Sub(nanos(from))
		amt := c.cumulative(lf.w, cum, cum.Add(secs), span)
		cum = cum.Add(secs)
		lf.rows = append(lf.rows, l.pkgRow(p, linearType(p), d, amt, time.Time{}))
	}
	rest := lf.w.Sub(lf.w.Mul(cum).DivRound(span, c.Precision))
	switch {
	case keepsRemainder(p):
		r := l.pkgRow(p, linearType(p), c.lastDay(p.Effective, p.End), rest, p.End)
		r.joins = true
		lf.rows = append(lf.rows, r)
	case movesOut(p):
		lf.out = rest
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// usedRows are the used rows of period k of a usage-based package whose period amount
// is a (rules: Amortization › Allocation keys): one row per day, project and tag set,
// the day that of the last instant before deduct_time clamped into the period's days (a
// late deduction lands on its period's last day); projects compare as text attributes
// (a row shows the first spelling met), tags exactly; a row's share of a is deducted ÷
// capacity, rounded cumulatively in the order of (date, project, tags) over the period.
// It returns the rows (zero ones too: Amortize leaves them out), their sum and the
// quantity deducted.
func (l *Ledger) usedRows(p *Pkg, k int, a decimal.Decimal) ([]Bill, decimal.Decimal, decimal.Decimal) {
	c := l.Cfg
	per := p.Periods[k]
	first, last := c.day(per.Start), c.lastDay(per.Start, per.End)
	var groups []Bill
	for _, rr := range l.Records {
		for _, e := range rr.Entries {
			if e.Pkg != p || e.Period != k {
				continue
			}
			d := c.dayBefore(rr.Rec.Deduct())
			if d.Before(first) {
				d = first
			}
			if d.After(last) {
				d = last
			}
			i := slices.IndexFunc(groups, func(b Bill) bool {
				return b.Date.Equal(d) && norm(b.Project) == norm(rr.Rec.EnterpriseProject) && b.Tags.String() == rr.Rec.Tags.String()
			})
			if i < 0 {
				groups = append(groups, Bill{Date: d, Pkg: p, Type: model.BillUsed, Method: model.MethodUsage,
					Quantity: decimal.NewNullDecimal(decimal.Zero), Unit: p.Unit, PeriodStart: per.Start, PeriodEnd: per.End,
					Project: rr.Rec.EnterpriseProject, Tags: rr.Rec.Tags})
				i = len(groups) - 1
			}
			groups[i].Quantity.Decimal = groups[i].Quantity.Decimal.Add(e.Quantity)
		}
	}
	sort.SliceStable(groups, func(i, j int) bool {
		a, b := groups[i], groups[j]
		if !a.Date.Equal(b.Date) {
			return a.Date.Before(b.Date)
		}
		if norm(a.Project) != norm(b.Project) {
			return norm(a.Project) < norm(b.Project)
		}
		return a.Tags.String() < b.Tags.String()
	})
	cum, sum := decimal.Zero, decimal.Zero
	var rows []Bill
	for _, g := range groups {
		g.Amount = c.cumulative(a, cum, cum.Add(g.Quantity.Decimal), p.Capacity)
		cum = cum.Add(g.Quantity.Decimal)
		sum = sum.Add(g.Amount)
		rows = append(rows, g)
	}
	return rows, sum, cum
}

// unusedRow is an unused row of period k: quantity is the unused capacity.
func (l *Ledger) unusedRow(p *Pkg, k int, date time.Time, amount, qty decimal.Decimal, finalAt time.Time) Bill {
	per := p.Periods[k]
	return Bill{Date: date, Pkg: p, Type: model.BillUnused, Method: model.MethodUsage, Amount: amount,
		Quantity: decimal.NewNullDecimal(qty), Unit: p.Unit, PeriodStart: per.Start, PeriodEnd: per.End,
		Project: p.EnterpriseProject, Tags: p.Tags, finalAt: finalAt}
}

// provisional is the row "unused so far" of a period that contains as-of strictly
// (rules: Amortization › Provisional rows).
func (l *Ledger) provisional(p *Pkg, k int, amount, qty decimal.Decimal) []Bill {
	per := p.Periods[k]
	if !(per.Start.Before(l.Cfg.AsOf) && l.Cfg.AsOf.Before(per.End)) {
		return nil
	}
	b := l.unusedRow(p, k, l.Cfg.asOfDay(), amount, qty, time.Time{})
	b.Provisional = true
	return []Bill{b}
}

// usageOnce amortizes a non-resettable usage-based package (rules: Amortization):
// used rows over its life; when it ends, the rest is one unused row on its last day —
// unless an upgrade with a fee cut it, which takes the rest.
func (l *Ledger) usageOnce(p *Pkg, lf *life) {
	rows, sum, q := l.usedRows(p, 0, lf.w)
	lf.rows = append(lf.rows, rows...)
	rest, left := lf.w.Sub(sum), p.Capacity.Sub(q)
	if movesOut(p) {
		lf.out = rest
	} else {
		lf.rows = append(lf.rows, l.unusedRow(p, 0, l.Cfg.lastDay(p.Effective, p.End), rest, left, p.End))
	}
	lf.prov = l.provisional(p, 0, rest, left)
}

// usageResettable amortizes a resettable usage-based package (rules: Amortization › A
// destroyed resettable package; A period cut short by an upgrade): W split over the N
// uncut periods, each period's used rows and a closing unused row at its last day; a
// period cut short by an upgrade has only its used rows; a package that keeps its
// remainder books one closing unused row for all of it (what is left of the current
// period plus the capacity of every period never reached).
func (l *Ledger) usageResettable(p *Pkg, lf *life) {
	c := l.Cfg
	n := decimal.NewFromInt(int64(p.FullPeriods))
	booked := decimal.Zero
	for k, per := range p.Periods {
		idx := decimal.NewFromInt(int64(per.Index))
		a := c.cumulative(lf.w, idx, idx.Add(decimal.NewFromInt(1)), n)
		rows, sum, q := l.usedRows(p, k, a)
		lf.rows = append(lf.rows, rows...)
		booked = booked.Add(sum)
		rest, left := a.Sub(sum), p.Capacity.Sub(q)
		last := k == len(p.Periods)-1
		switch {
		case last && keepsRemainder(p):
			never := p.Capacity.Mul(decimal.NewFromInt(int64(p.FullPeriods - len(p.Periods))))
			amt := lf.w.Sub(booked)
			lf.rows = append(lf.rows, l.unusedRow(p, k, c.lastDay(per.Start, per.End), amt, left.Add(never), p.End))
			booked = booked.Add(amt)
		case per.Complete:
			lf.rows = append(lf.rows, l.unusedRow(p, k, c.lastDay(per.Start, per.End), rest, left, per.End))
			booked = booked.Add(rest)
		}
		lf.prov = append(lf.prov, l.provisional(p, k, rest, left)...)
	}
	if movesOut(p) {
		lf.out = lf.w.Sub(booked)
	}
}

// Amortize returns the bills up to the as-of day and the totals (rules: Amortization ›
// Final rows; Totals; Zero rows; Edge cases). Final rows are dated up to the as-of day
// and, for closing rows, their period or package ended by as-of; a remainder joins its
// day's linear row once the package has ended; an upgrade's rows wait until the
// original it cut has ended, when that original is amortized (its remainder moves in).
// Zero used, linear and refund rows are left out; closing unused rows and provisional
// rows always appear. Totals: amortizable = fee + remainder moved in − remainder moved
// out − refund, counting only upgrades and destructions effective by as-of; amortized
// sums the final rows. A package without a fee is not amortized.
func (l *Ledger) Amortize() Amortization {
	c := l.Cfg
	memo := map[*Pkg]*life{}
	var out Amortization
	for _, p := range l.Pkgs {
		if !p.Fee.Valid {
			continue // a package without a fee is not amortized
		}
		lf := l.life(p, memo)
		in, known := l.movedIn(p, memo)
		waits := p.CutOriginal != nil && p.CutOriginal.Fee.Valid && !c.reached(p.CutOriginal.End)
		var final []Bill
		for _, b := range lf.rows {
			if waits || b.Date.After(c.asOfDay()) || (!b.finalAt.IsZero() && !c.reached(b.finalAt)) {
				continue
			}
			final = append(final, b)
		}
		final = joinRemainders(final)
		t := Total{Pkg: p, Method: c.Method(p.Package), Amortizable: c.round(p.Fee.Decimal), Amortized: decimal.Zero}
		if known {
			t.Amortizable = t.Amortizable.Add(in)
		}
		if c.reached(p.End) {
			t.Amortizable = t.Amortizable.Sub(lf.out).Sub(lf.refund)
		}
		for _, b := range final {
			if b.Amount.IsZero() && (b.Type == model.BillUsed || b.Type == model.BillPurchase ||
				b.Type == model.BillRenewal || b.Type == model.BillChange || b.Type == model.BillRefund) {
				continue
			}
			t.Amortized = t.Amortized.Add(b.Amount)
			out.Bills = append(out.Bills, b)
		}
		if !waits {
			out.Bills = append(out.Bills, lf.prov...)
		}
		out.Totals = append(out.Totals, t)
	}
	sortBills(out.Bills)
	return out
}

// joinRemainders adds a remainder row to the linear row of its day (or keeps it as that
// day's linear row when the day has none).
func joinRemainders(rows []Bill) []Bill {
	var out []Bill
	for _, b := range rows {
		if b.joins {
			i := slices.IndexFunc(out, func(o Bill) bool { return !o.joins && o.Type == b.Type && o.Date.Equal(b.Date) })
			if i >= 0 {
				out[i].Amount = out[i].Amount.Add(b.Amount)
				continue
			}
			b.joins = false
		}
		out = append(out, b)
	}
	return out
}

// sortBills orders rows by (bill_date, package_id, used < unused < linear < refund,
// period_start, project, tags), a final row before a provisional one.
func sortBills(b []Bill) {
	sort.SliceStable(b, func(i, j int) bool {
		x, y := b[i], b[j]
		if !x.Date.Equal(y.Date) {
			return x.Date.Before(y.Date)
		}
		if x.Pkg.ID != y.Pkg.ID {
			return x.Pkg.ID < y.Pkg.ID
		}
		if x.Type.SortRank() != y.Type.SortRank() {
			return x.Type.SortRank() < y.Type.SortRank()
		}
		if !x.PeriodStart.Equal(y.PeriodStart) {
			return x.PeriodStart.Before(y.PeriodStart)
		}
		if norm(x.Project) != norm(y.Project) {
			return norm(x.Project) < norm(y.Project)
		}
		if x.Tags.String() != y.Tags.String() {
			return x.Tags.String() < y.Tags.String()
		}
		return !x.Provisional && y.Provisional
	})
}

// Group is one line of amortize --by: the final rows of one key and currency, summed.
type Group struct {
	Keys     map[string]string // by key name: day, month, package, product, bill_type, enterprise_project
	Rows     int
	Quantity decimal.NullDecimal // summed only when every row has one, all in one unit
	Unit     string
	Amount   decimal.Decimal
	Currency string
}

// GroupBy sums the final rows per the given keys and currency (rules: Amortization ›
// --by): currency is always a key, so amounts of different currencies never add up;
// quantities add up only when every row of the group has one and all are in one unit
// (two spellings of a unit are one, unitKey: times and 次; GB and MB are two), shown as
// its first row spells it. Provisional rows are not summed.
func (a Amortization) GroupBy(keys ...string) []Group {
	var out []Group
	for _, b := range a.Bills {
		if b.Provisional {
			continue
		}
		k := map[string]string{}
		for _, name := range keys {
			switch name {
			case "day":
				k[name] = b.Date.Format(time.DateOnly)
			case "month":
				k[name] = b.Date.Format("2006-01")
			case "package":
				k[name] = b.Pkg.ID
			case "product":
				k[name] = b.Pkg.Product
			case "bill_type":
				k[name] = b.Type.String()
			case "enterprise_project":
				k[name] = b.Project
			default:
				panic("reference: GroupBy does not know the key " + name)
			}
		}
		i := slices.IndexFunc(out, func(g Group) bool {
			for _, name := range keys {
				if g.Keys[name] != k[name] {
					return false
				}
			}
			return norm(g.Currency) == norm(b.Pkg.Currency)
		})
		if i < 0 {
			out = append(out, Group{Keys: k, Amount: decimal.Zero, Currency: b.Pkg.Currency,
				Quantity: decimal.NewNullDecimal(decimal.Zero), Unit: b.Unit})
			i = len(out) - 1
		}
		g := &out[i]
		g.Rows++
		g.Amount = g.Amount.Add(b.Amount)
		if g.Quantity.Valid && b.Quantity.Valid && unitKey(g.Unit) == unitKey(b.Unit) {
			g.Quantity.Decimal = g.Quantity.Decimal.Add(b.Quantity.Decimal)
		} else {
			g.Quantity, g.Unit = decimal.NullDecimal{}, ""
		}
	}
	return out
}
