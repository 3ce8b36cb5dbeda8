package report

import (
	"time"

	"github.com/shopspring/decimal"
)

// timeLayout is RFC 3339 with a numeric offset always (never "Z") and whole seconds.
const timeLayout = "2006-01-02T15:04:05-07:00"

// dateLayout prints a calendar day.
const dateLayout = "2006-01-02"

// MoneyString prints an amount with exactly prec decimals, rounding half away from zero:
// MoneyString(2.6, 2) = "2.60". Use it for the amount fields of §4.1 JSON structs.
func MoneyString(d decimal.Decimal, prec int32) string { return d.StringFixed(prec) }

// QtyString prints a quantity normalized: no exponent, no trailing zeros, no trailing
// point ("100.500" → "100.5", "1E+3" → "1000", "-0.0" → "0").
func QtyString(d decimal.Decimal) string {
	// Decimal.String never uses an exponent and drops trailing fractional zeros.
	return d.String()
}

// TimeString prints an instant as RFC 3339 with a numeric offset, in t's own zone
// (convert with t.In(loc) first); a zero time is "". Fractions of a second are dropped.
func TimeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(timeLayout)
}

// DateString prints t's calendar day in t's own zone as 2006-01-02; a zero time is "".
func DateString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}
