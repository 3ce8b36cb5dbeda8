package forecast

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/value"
)

// decide sets the outlook and the one-line recommendation (docs/rules.md §4.5).
func decide(f *Forecast, opt Options, loc *time.Location) {
	p := phrases{f: f, opt: opt, loc: loc}
	unusedShare, _ := percent(f.Unused, f.Offered)
	switch {
	case f.WindowDays == 0:
		f.Outlook = OutlookNoHistory
		f.Recommendation = "took effect less than a whole day before as-of: no burn rate yet"
		return
	case f.ResetCycle == 0 && f.Used.GreaterThanOrEqual(f.Capacity):
		f.Outlook = OutlookExhausted
		f.Recommendation = p.exhausted()
	case f.Spill.Sign() > 0:
		f.Outlook = OutlookRunsOut
		f.Recommendation = p.runsOut()
	case f.Carried.Sign() > 0:
		f.Outlook = OutlookUpgraded
		f.Recommendation = fmt.Sprintf("upgraded to %s on %s: the %s it will not have used move there, with their money",
			f.UpgradedBy, p.date(f.End), p.qty(f.Carried))
		return
	case !f.demanded:
		f.Outlook = OutlookIdle
		f.Recommendation = p.idle()
	case unusedShare.GreaterThanOrEqual(UnusedThreshold):
		f.Outlook = OutlookUnused
		f.Recommendation = p.unused(unusedShare)
	default:
		f.Outlook = OutlookOnTrack
		u, _ := f.Utilization()
		f.Recommendation = fmt.Sprintf("on track: %s%% of its capacity used by %s", u, p.lastDay())
	}
	if f.followedBy != "" {
		f.Recommendation += fmt.Sprintf("; upgraded to %s on %s", f.followedBy, p.date(f.End))
	}
}

// phrases builds the parts of a recommendation.
type phrases struct {
	f   *Forecast
	opt Options
	loc *time.Location
}

func (p phrases) exhausted() string {
	f := p.f
	if f.Rate.Sign() == 0 {
		return fmt.Sprintf("ran out on %s; no demand in the last %d days", p.date(f.Exhaustion), f.WindowDays)
	}
	return fmt.Sprintf("ran out on %s; at %s a day, about %s go to pay-per-use until %s%s: add about %s",
		p.date(f.Exhaustion), p.qty(f.Rate), p.qty(f.Spill), p.lastDay(), p.cost(), p.qty(nice(f.Spill)))
}

func (p phrases) runsOut() string {
	f := p.f
	if f.ResetCycle != 0 {
		return fmt.Sprintf("runs out in %d of its %d remaining periods (first on %s): about %s to pay-per-use%s; %s a period covers the trend",
			f.SpillPeriods, f.Periods, p.date(f.Exhaustion), p.qty(f.Spill), p.cost(), p.qty(nice(f.Needed)))
	}
	days := int((f.End.Unix() - f.Exhaustion.Unix()) / 86400) // exact past 292 years
	return fmt.Sprintf("will run out on %s, %s before it ends: about %s to pay-per-use%s; add about %s",
		p.date(f.Exhaustion), plural(days, "day"), p.qty(f.Spill), p.cost(), p.qty(nice(f.Spill)))
}

func (p phrases) idle() string {
	f := p.f
	return fmt.Sprintf("no use in the last %s: %s%s will go unused; do not renew it as is",
		plural(f.WindowDays, "day"), p.qty(f.Unused), p.waste(""))
}

func (p phrases) unused(share decimal.Decimal) string {
	f := p.f
	ends, covers := fmt.Sprintf("will end %s%% unused", share), "a renewal of %s covers the trend"
	if f.ResetCycle != 0 {
		ends, covers = fmt.Sprintf("will leave %s%% of its remaining capacity unused", share), "%s a period covers the trend"
	}
	trend := fmt.Sprintf(covers, p.qty(nice(f.Needed)))
	if f.Needed.Sign() == 0 { // some use, too little for a burn rate
		trend = fmt.Sprintf("its use, under %s %s a day, is too small to size a package by", decimal.New(1, -ratePlaces), f.Unit)
	}
	return fmt.Sprintf("%s: %s%s; %s", ends, p.qty(f.Unused), p.waste(" at stake"), trend)
}

// cost is " (COST)" for the spill, or says why there is none.
func (p phrases) cost() string {
	f := p.f
	switch {
	case f.SpillCost.Valid:
		return " (" + money(f.SpillCost.Decimal, f.Currency, p.opt.Precision) + ")"
	case f.Price.Valid:
		return " (priced in " + f.PriceCurrency + ", not " + f.Currency + ")"
	}
	return " (no unit price to cost it)"
}

// waste is " (WASTE<suffix>)", or "" without a fee.
func (p phrases) waste(suffix string) string {
	if !p.f.Waste.Valid {
		return ""
	}
	return " (" + money(p.f.Waste.Decimal, p.f.Currency, p.opt.Precision) + suffix + ")"
}

func (p phrases) qty(d decimal.Decimal) string {
	return group(d.Round(qtyPlaces).String()) + " " + p.f.Unit
}

// date is the calendar day of instant t (value.DayOf).
func (p phrases) date(t time.Time) string {
	return value.DateOf(t, p.loc).Format(time.DateOnly)
}

// lastDay is the last day of validity (the day of its last instant).
func (p phrases) lastDay() string { return p.date(p.f.End.Add(-time.Nanosecond)) }

// money prints an amount with prec decimals, thousands grouped, and its currency.
func money(d decimal.Decimal, currency string, prec int32) string {
	return group(d.StringFixed(prec)) + " " + currency
}

// group puts thousands separators into a decimal's integer part.
func group(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return sign + b.String()
}

// nice rounds a positive quantity up to two significant digits (380.4 → 390, 1,234 →
// 1,300, 3.27 → 3.3), the size of a package to suggest.
func nice(d decimal.Decimal) decimal.Decimal {
	if d.Sign() <= 0 {
		return decimal.Zero
	}
	// the exponent of the leading digit: d = m·10^lead, 1 ≤ m < 10
	lead := int32(d.NumDigits()) - 1 + d.Exponent()
	return d.Shift(1 - lead).Ceil().Shift(lead - 1)
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
