package forecast

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

// Metrics an alert rule compares (docs/rules.md §4.6).
const (
	MetricWaste       = "waste"       // Waste, money
	MetricSpill       = "spill"       // SpillCost, money
	MetricAtStake     = "at_stake"    // AtStake, money
	MetricUtilization = "utilization" // projected utilization, percent
	MetricDaysLeft    = "days_left"   // days from as-of to the (projected) exhaustion
)

var metrics = []string{MetricWaste, MetricSpill, MetricAtStake, MetricUtilization, MetricDaysLeft}

func moneyMetric(m string) bool { return m == MetricWaste || m == MetricSpill || m == MetricAtStake }

// Rule is one alert threshold: METRIC OP NUMBER [CURRENCY], e.g. "waste>100" or
// "at_stake >= 1,000 CNY".
type Rule struct {
	Metric   string
	Op       string // >, >=, < or <=
	Value    decimal.Decimal
	Currency string // money metrics only: the rule applies to packages in this currency
	Text     string // the rule in its canonical form
}

// ParseRule reads an alert rule: a metric (waste, spill, at_stake, utilization,
// days_left), an operator (>, >=, <, <=), a decimal (thousands separators allowed) and,
// for a money metric, optionally a currency code; spaces are allowed between the parts.
func ParseRule(s string) (Rule, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexAny(t, "<>")
	if i < 0 {
		return Rule{}, fmt.Errorf("%q: want METRIC OP NUMBER, e.g. waste>100 (OP is >, >=, < or <=)", s)
	}
	r := Rule{Metric: strings.ToLower(strings.TrimSpace(t[:i])), Op: t[i : i+1]}
	rest := t[i+1:]
	if strings.HasPrefix(rest, "=") {
		r.Op, rest = r.Op+"=", rest[1:]
	}
	known := false
	for _, m := range metrics {
		known = known || m == r.Metric
	}
	if !known {
		return Rule{}, fmt.Errorf("%q: unknown metric %q (want %s)", s, strings.TrimSpace(t[:i]), strings.Join(metrics, ", "))
	}
	rest = strings.TrimSpace(rest)
	num := strings.TrimRightFunc(rest, unicode.IsLetter)
	r.Currency = strings.ToUpper(strings.TrimSpace(rest[len(num):]))
	if r.Currency != "" && !moneyMetric(r.Metric) {
		return Rule{}, fmt.Errorf("%q: a currency only goes with waste, spill or at_stake", s)
	}
	if r.Currency != "" && !isCode(r.Currency) { // "100e", "100 dollars": a typo, or a rule that never fires
		return Rule{}, fmt.Errorf("%q: %q is not a currency code (three letters, e.g. USD)", s, strings.TrimSpace(rest[len(num):]))
	}
	v, err := value.ParseDecimal(strings.TrimSpace(num))
	if err != nil {
		return Rule{}, fmt.Errorf("%q: %v", s, err)
	}
	r.Value = v
	r.Text = r.Metric + r.Op + v.String()
	if r.Currency != "" {
		r.Text += " " + r.Currency
	}
	return r, nil
}

// isCode reports whether s is three ASCII capitals, the form of a currency code.
func isCode(s string) bool {
	return len(s) == 3 && strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
}

// Measure is the forecast's value of the rule's metric; ok is false when the forecast
// has none (no fee for waste, no price for spill, no projected exhaustion for days_left,
// another currency than the rule's).
func (r Rule) Measure(f *Forecast, asOf time.Time) (decimal.Decimal, bool) {
	if f.WindowDays == 0 {
		return decimal.Decimal{}, false
	}
	if r.Currency != "" && model.Norm(r.Currency) != model.Norm(f.Currency) {
		return decimal.Decimal{}, false
	}
	switch r.Metric {
	case MetricWaste:
		return f.Waste.Decimal, f.Waste.Valid
	case MetricSpill:
		return f.SpillCost.Decimal, f.SpillCost.Valid
	case MetricAtStake:
		return f.Stake()
	case MetricUtilization:
		return f.Utilization()
	case MetricDaysLeft:
		if f.Exhaustion.IsZero() {
			return decimal.Decimal{}, false
		}
		return DaysLeft(f, asOf), true
	}
	return decimal.Decimal{}, false
}

// DaysLeft is the time from as-of to f's exhaustion in days (2 decimals), 0 once it has
// run out; zero when it is not projected to run out.
func DaysLeft(f *Forecast, asOf time.Time) decimal.Decimal {
	if f.Exhaustion.IsZero() || !f.Exhaustion.After(asOf) {
		return decimal.Zero
	}
	return value.SpanOf(asOf, f.Exhaustion).Seconds().DivRound(secondsPerDay, 2) // exact past 292 years
}

// Match reports whether the forecast passes the rule's threshold.
func (r Rule) Match(f *Forecast, asOf time.Time) bool {
	v, ok := r.Measure(f, asOf)
	if !ok {
		return false
	}
	c := v.Cmp(r.Value)
	switch r.Op {
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	case "<":
		return c < 0
	}
	return c <= 0
}
