package kpi

import (
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/value"
)

// Options configure Compute.
type Options struct {
	Location  *time.Location // billing cycles; nil: the ledger's zone, else UTC
	AsOf      time.Time      // periods that ended by it are settled; zero: every period
	Precision int32          // decimals of money
	Keys      []Key          // the listing's grouping keys (ParseKeys)
}

// Row is one group of the KPI listing: its key values, the unit its quantities are in
// and the currency of its money. Utilization counts the settled periods of the group's
// packages; coverage counts the replayed records of the group.
type Row struct {
	Keys     []string // in the order of Options.Keys
	Unit     string   // the one unit of every quantity, or their family's reference unit
	Currency string

	Packages int             // packages with a settled period in the row
	Periods  int             // settled periods
	Capacity decimal.Decimal // their capacity (Unit)
	Used     decimal.Decimal // what they deducted (Unit)
	// Amortized counts the settled periods of usage-amortized packages, whose final
	// bill rows give UsedAmount (used rows) and UnusedAmount (unused rows).
	Amortized                int
	UsedAmount, UnusedAmount decimal.Decimal

	Records  int             // replayed records (with --by package: the records a part of which is in the row)
	Usage    decimal.Decimal // their quantity (Unit)
	Deducted decimal.Decimal // what packages deducted of it (Unit)
	// Priced counts the records with a unit price; UsageValue is their usage at that
	// price and CoveredValue the part packages deducted (each ledger entry priced and
	// rounded on its own, as a pay-per-use cost is).
	Priced                   int
	UsageValue, CoveredValue decimal.Decimal
}

// Unused is Capacity − Used.
func (r *Row) Unused() decimal.Decimal { return r.Capacity.Sub(r.Used) }

// PayPerUse is Usage − Deducted.
func (r *Row) PayPerUse() decimal.Decimal { return r.Usage.Sub(r.Deducted) }

// PayPerUseCost is UsageValue − CoveredValue: the priced records' pay-per-use cost.
func (r *Row) PayPerUseCost() decimal.Decimal { return r.UsageValue.Sub(r.CoveredValue) }

// Utilization is Used ÷ Capacity in percent (Percent); ok is false without capacity.
func (r *Row) Utilization() (decimal.Decimal, bool) { return Percent(r.Used, r.Capacity) }

// MoneyUtilization is UsedAmount ÷ (UsedAmount + UnusedAmount) in percent; ok is false
// when the row has no amortized period or they booked nothing.
func (r *Row) MoneyUtilization() (decimal.Decimal, bool) {
	return Percent(r.UsedAmount, r.UsedAmount.Add(r.UnusedAmount))
}

// Coverage is Deducted ÷ Usage in percent; ok is false without usage.
func (r *Row) Coverage() (decimal.Decimal, bool) { return Percent(r.Deducted, r.Usage) }

// MoneyCoverage is CoveredValue ÷ UsageValue in percent; ok is false without a priced
// usage.
func (r *Row) MoneyCoverage() (decimal.Decimal, bool) { return Percent(r.CoveredValue, r.UsageValue) }

// Month is one billing cycle of the summary, in one currency: the money measures of
// every row of that cycle (whatever the grouping and the units).
type Month struct {
	Month, Currency          string
	Amortized                int
	UsedAmount, UnusedAmount decimal.Decimal
	Priced                   int
	UsageValue, CoveredValue decimal.Decimal
}

// MoneyUtilization is as Row's.
func (m *Month) MoneyUtilization() (decimal.Decimal, bool) {
	return Percent(m.UsedAmount, m.UsedAmount.Add(m.UnusedAmount))
}

// MoneyCoverage is as Row's.
func (m *Month) MoneyCoverage() (decimal.Decimal, bool) { return Percent(m.CoveredValue, m.UsageValue) }

// Result is the KPI listing and its monthly summary.
type Result struct {
	Keys   []Key
	Rows   []Row   // ordered by key values, unit, currency
	Months []Month // ordered by currency, month
}

// PercentPlaces is the number of decimals of every percentage.
const PercentPlaces = 2

var hundred = decimal.NewFromInt(100)

// Percent is part ÷ whole × 100, rounded half away from zero to PercentPlaces
// decimals; ok is false when whole is not positive.
func Percent(part, whole decimal.Decimal) (decimal.Decimal, bool) {
	if whole.Sign() <= 0 {
		return decimal.Decimal{}, false
	}
	return part.Mul(hundred).DivRound(whole, PercentPlaces), true
}

// Compute derives utilization and coverage from the replay ledger and its amortization.
// It is pure: as-of comes in with opt, the ledger and the bills are only read.
func Compute(l *replay.Ledger, am *amortize.Result, opt Options) (*Result, error) {
	if opt.Location == nil {
		opt.Location = l.Options.Location
	}
	b := New(opt)
	b.Add(l)
	return b.Finish(l, am)
}

// Builder computes the KPIs of a replay in parts (replay.RunParts): the coverage of
// each part's records as it is replayed (Add), then the utilization of the packages
// (Finish). Its result is Compute's on the whole replay.
type Builder struct{ e *engine }

// New starts a computation; opt.Location nil is UTC.
func New(opt Options) *Builder { return &Builder{newEngine(opt)} }

// Add adds the records replayed in l: the whole replay's, or one part's of a replay in
// parts, the parts added in order.
func (b *Builder) Add(l *replay.Ledger) { b.e.coverage(l) }

// Finish adds the utilization of the packages of l, the whole replay's ledger (of a
// replay in parts: the one it ends with), and their amortization am, and returns the
// result. The Builder is done.
func (b *Builder) Finish(l *replay.Ledger, am *amortize.Result) (*Result, error) {
	e := b.e
	e.l = l
	if err := e.utilization(am); err != nil {
		return nil, err
	}
	return e.result(), nil
}

// engine holds one computation.
type engine struct {
	l       *replay.Ledger // the whole replay's, for utilization
	opt     Options
	loc     *time.Location
	cal     *calendar
	vals    []*names // per key
	months  *names
	curs    *names
	units   *units
	main    *table
	summary *table // keyed by month and currency only
}

func newEngine(opt Options) *engine {
	loc := opt.Location
	if loc == nil {
		loc = time.UTC
	}
	e := &engine{opt: opt, loc: loc, cal: newCalendar(loc), months: newNames(true),
		curs: newNames(false), units: newUnits(), main: newTable(), summary: newTable()}
	for _, k := range opt.Keys {
		e.vals = append(e.vals, newNames(k.Kind == KeyMonth || k.Kind == KeyPackage || k.Kind == KeyTag))
	}
	return e
}

// settled reports whether a period ending at end has ended by as-of.
func (e *engine) settled(end time.Time) bool {
	return e.opt.AsOf.IsZero() || !end.After(e.opt.AsOf)
}

// result turns the accumulated rows into the sorted listing and summary.
func (e *engine) result() *Result {
	res := &Result{Keys: e.opt.Keys, Rows: make([]Row, 0, len(e.main.rows))}
	for k, a := range e.main.rows {
		e.main.rows[k] = nil // its sums collected once its row is made (millions by package and month)
		row := Row{Keys: make([]string, len(e.opt.Keys)), Currency: e.curs.Texts[a.key.cur],
			Packages: a.packages, Periods: a.periods, Capacity: a.qty(&a.capacity), Used: a.qty(&a.used),
			Amortized: a.amortized, UsedAmount: a.usedAmt.Value(), UnusedAmount: a.unusedAmt.Value(),
			Records: a.records, Usage: a.qty(&a.usage), Deducted: a.qty(&a.deducted),
			Priced: a.priced, UsageValue: a.value.Value(), CoveredValue: a.covered.Value()}
		for i := range e.opt.Keys {
			row.Keys[i] = e.vals[i].Texts[a.key.k[i]]
		}
		row.Unit = e.units.refs.Texts[a.key.unit]
		if !a.mixed && a.first != nil {
			row.Unit = a.first.raw
		}
		res.Rows = append(res.Rows, row)
	}
	sort.Slice(res.Rows, func(i, j int) bool { return lessRow(e.opt.Keys, &res.Rows[i], &res.Rows[j]) })
	for _, a := range e.summary.rows {
		res.Months = append(res.Months, Month{Month: e.months.Texts[a.key.k[0]], Currency: e.curs.Texts[a.key.cur],
			Amortized: a.amortized, UsedAmount: a.usedAmt.Value(), UnusedAmount: a.unusedAmt.Value(),
			Priced: a.priced, UsageValue: a.value.Value(), CoveredValue: a.covered.Value()})
	}
	sort.Slice(res.Months, func(i, j int) bool {
		a, b := &res.Months[i], &res.Months[j]
		if a.Currency != b.Currency {
			return a.Currency < b.Currency
		}
		return value.CompareDated(a.Month, b.Month) < 0
	})
	return res
}

// lessRow orders the listing's rows by their keys (months in date order), then unit
// and currency.
func lessRow(keys []Key, a, b *Row) bool {
	for k := range a.Keys {
		if a.Keys[k] != b.Keys[k] {
			if keys[k].Kind == KeyMonth {
				return value.CompareDated(a.Keys[k], b.Keys[k]) < 0
			}
			return a.Keys[k] < b.Keys[k]
		}
	}
	if a.Unit != b.Unit {
		return a.Unit < b.Unit
	}
	return a.Currency < b.Currency
}
