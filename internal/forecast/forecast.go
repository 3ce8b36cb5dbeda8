package forecast

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// Options configure Run.
type Options struct {
	Location  *time.Location // calendar days; nil: the ledger's zone, else UTC
	AsOf      time.Time      // the instant forecast from; required
	Precision int32          // decimals of money
	Window    int            // days of use the burn rate is measured over (DefaultWindow when 0)
	Rules     []Rule         // alert thresholds (ParseRule); none: no alerts
}

// DefaultWindow is the burn-rate window, in days, when Options.Window is 0.
const DefaultWindow = 30

// MaxWindow is the longest burn-rate window, in days.
const MaxWindow = 366

// Outlooks, in the order they are decided.
const (
	OutlookNoHistory = "no_history" // not a whole day of validity before as-of: no burn rate
	OutlookExhausted = "exhausted"  // ran out before as-of (not resettable)
	OutlookRunsOut   = "runs_out"   // projected to run out before its end (a period of it, when resettable)
	OutlookUpgraded  = "upgraded"   // an upgrade cuts its last period short and takes over what it leaves
	OutlookIdle      = "idle"       // no use in the window: what is left will go unused
	OutlookUnused    = "unused"     // projected to leave UnusedThreshold % or more of its capacity unused
	OutlookOnTrack   = "on_track"   // projected to use nearly all of its capacity, without spilling
)

// UnusedThreshold is the projected unused share, in percent, from which a package's
// outlook is "unused" rather than "on track".
var UnusedThreshold = decimal.NewFromInt(10)

// Forecast is the projection of one active usage package from its burn rate to its end.
type Forecast struct {
	Package    int // index into the ledger's packages
	PackageID  string
	Product    string
	Unit       string // the package's unit: every quantity below is in it
	Currency   string // the package's currency: Waste, SpillCost and AtStake are in it
	Method     model.Method
	ResetCycle model.ResetCycle
	End        time.Time // the validity's end (exclusive)
	UpgradedBy string    // an upgrade (with a fee) that takes over at End: what is left moves there
	followedBy string    // an upgrade that takes over at End, with a fee or not
	demanded   bool      // some day of the window had demand (Rate may round to 0 all the same)

	Capacity    decimal.Decimal // per period
	Used        decimal.Decimal // the current period's use so far
	PeriodStart time.Time       // the current period (the validity when not resettable)
	PeriodEnd   time.Time

	WindowDays int             // whole days the burn rate was measured over (0: no_history)
	Rate       decimal.Decimal // daily demand (deductions plus the pay-per-use it would have taken), winsorized mean
	Price      decimal.NullDecimal
	// PriceCurrency is the currency of Price (the records' own).
	PriceCurrency string

	Periods      int             // periods from the current one to the end
	Offered      decimal.Decimal // their capacity
	Projected    decimal.Decimal // projected use of them, capped at each period's capacity
	Unused       decimal.Decimal // Offered − Projected − Carried
	Carried      decimal.Decimal // unused capacity an upgrade takes over (it cuts the last period short)
	Spill        decimal.Decimal // projected use beyond capacity: pay-per-use
	Exhaustion   time.Time       // when it ran out or is projected to run out first; zero if never
	SpillPeriods int             // periods projected to run out
	// Needed is what the burn rate uses in a period (the longest remaining one) of a
	// resettable package, or over a validity as long as this one's: the capacity that
	// covers the trend.
	Needed decimal.Decimal

	Waste     decimal.NullDecimal // money value of Unused (Currency); invalid without a fee
	SpillCost decimal.NullDecimal // Spill at Price; invalid without a price in Currency
	AtStake   decimal.Decimal     // Waste + SpillCost, those that are valid

	Outlook        string
	Recommendation string
	Alerts         []Alert // the rules this forecast passes, in the order given
}

// Alert is a rule a forecast passes, with the forecast's value of its metric.
type Alert struct {
	Rule  Rule
	Value decimal.Decimal
}

// Utilization is the projected share of Offered that will have been used, in percent;
// ok is false without capacity.
func (f *Forecast) Utilization() (decimal.Decimal, bool) { return percent(f.Projected, f.Offered) }

// Result is the forecast of every active usage package.
type Result struct {
	AsOf      time.Time
	Window    int
	Forecasts []Forecast // by currency, money at stake (most first), package id
	// Alerted counts the forecasts with an alert.
	Alerted int
}

// Run forecasts every usage package valid at as-of (effective at or before it, ending
// after it), from the ledger replayed to as-of and its amortization (the amortizable
// amount of each package). Storage packages and reserved instances, which cover a level
// and never run out, are not forecast. It is pure: no clock, no I/O.
func Run(l *replay.Ledger, am *amortize.Result, opt Options) (*Result, error) {
	if opt.AsOf.IsZero() {
		return nil, errors.New("forecast: no as-of instant")
	}
	if opt.Window == 0 {
		opt.Window = DefaultWindow
	}
	if opt.Window < 1 || opt.Window > MaxWindow {
		return nil, fmt.Errorf("forecast: a window of %d days (want 1 to %d)", opt.Window, MaxWindow)
	}
	loc := opt.Location
	if loc == nil {
		loc = l.Options.Location
	}
	if loc == nil {
		loc = time.UTC
	}
	e := newEngine(l, opt, loc)
	amortizable := map[string]decimal.Decimal{}
	if am != nil {
		for _, t := range am.Totals {
			amortizable[t.PackageID] = t.Amortizable
		}
	}
	e.collect()
	res := &Result{AsOf: opt.AsOf, Window: opt.Window}
	for _, pi := range e.active {
		f, runs := e.project(pi)
		if w, ok := amortizable[f.PackageID]; ok {
			e.value(&f, runs, w)
		}
		e.spillCost(&f)
		decide(&f, opt, loc)
		for _, r := range opt.Rules {
			if r.Match(&f, opt.AsOf) {
				v, _ := r.Measure(&f, opt.AsOf)
				f.Alerts = append(f.Alerts, Alert{Rule: r, Value: v})
			}
		}
		if len(f.Alerts) > 0 {
			res.Alerted++
		}
		res.Forecasts = append(res.Forecasts, f)
	}
	sort.SliceStable(res.Forecasts, func(i, j int) bool {
		a, b := &res.Forecasts[i], &res.Forecasts[j]
		if a.Currency != b.Currency {
			return a.Currency < b.Currency
		}
		if c := a.AtStake.Cmp(b.AtStake); c != 0 {
			return c > 0
		}
		return a.PackageID < b.PackageID
	})
	return res, nil
}

// percentPlaces is the number of decimals of a percentage.
const percentPlaces = 2

// qtyPlaces is the number of decimals of a projected quantity.
const qtyPlaces = 2

var hundred = decimal.NewFromInt(100)

func percent(part, whole decimal.Decimal) (decimal.Decimal, bool) {
	if whole.Sign() <= 0 {
		return decimal.Decimal{}, false
	}
	return part.Mul(hundred).DivRound(whole, percentPlaces), true
}

// sortByID orders forecasts by package id.
func sortByID(fs []*Forecast) {
	sort.Slice(fs, func(i, j int) bool { return fs[i].PackageID < fs[j].PackageID })
}

// Passed counts the forecasts that pass rule r.
func (r *Result) Passed(rule Rule) int {
	n := 0
	for i := range r.Forecasts {
		for _, a := range r.Forecasts[i].Alerts {
			if a.Rule.Text == rule.Text {
				n++
			}
		}
	}
	return n
}

// Stake is f's AtStake when it has one: a burn rate measured (not no_history), and a
// waste or a spill cost to add. A package with neither a fee nor a priced record has
// nothing at stake to show or to compare with a --fail-on threshold, not 0.00.
func (f *Forecast) Stake() (decimal.Decimal, bool) {
	return f.AtStake, f.WindowDays > 0 && (f.Waste.Valid || f.SpillCost.Valid)
}

// AlertCounts says how many packages each rule caught: "waste>100: 3, days_left<14: 1".
func (r *Result) AlertCounts(rules []Rule) string {
	parts := make([]string, len(rules))
	for i, rule := range rules {
		parts[i] = fmt.Sprintf("%s: %d", rule.Text, r.Passed(rule))
	}
	return strings.Join(parts, ", ")
}
