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
// MoneyString(2.6, 2) = "2.60". Use it for the amount fields of rules.md §4.1 JSON structs.
func MoneyString(d decimal.Decimal, prec int32) string {
	return string(appendFixed(make([]byte, 0, 24), d, prec))
}

// QtyString prints a quantity normalized: no exponent, no trailing zeros, no trailing
// point ("100.500" → "100.5", "1E+3" → "1000", "-0.0" → "0").
func QtyString(d decimal.Decimal) string {
	// Decimal.String never uses an exponent and drops trailing fractional zeros; so
	// does appendNormalized.
	return string(appendNormalized(make([]byte, 0, 24), d))
}

// TimeString prints an instant as RFC 3339 with a numeric offset, in t's own zone
// (convert with t.In(loc) first); a zero time is "". Fractions of a second are dropped.
func TimeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return string(appendTime(make([]byte, 0, 25), t))
}

// appendTime appends t in timeLayout, by hand for the years 0–9999 (time.Format costs
// more than the rest of a ledger row).
func appendTime(b []byte, t time.Time) []byte {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	_, off := t.Zone()
	if y < 0 || y > 9999 || off%60 != 0 {
		return t.AppendFormat(b, timeLayout)
	}
	b = appendYMD(b, y, mo, d)
	b = append2(append(b, 'T'), h)
	b = append2(append(b, ':'), mi)
	b = append2(append(b, ':'), s)
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	b = append2(append(b, sign), off/3600)
	return append2(append(b, ':'), off/60%60)
}

func append2(b []byte, n int) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }

func append4(b []byte, n int) []byte { return append2(append2(b, n/100), n%100) }

// DateString prints t's calendar day in t's own zone as 2006-01-02; a zero time is "".
func DateString(t time.Time) string {
	return string(appendDate(make([]byte, 0, 10), t))
}

// appendDate appends t's calendar day in t's own zone as 2006-01-02 (nothing for a zero
// time), by hand for the years 0–9999.
func appendDate(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return b
	}
	y, m, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(b, dateLayout)
	}
	return appendYMD(b, y, m, d)
}

// appendYMD appends 2006-01-02 for a year 0–9999.
func appendYMD(b []byte, y int, m time.Month, d int) []byte {
	return append2(append(append2(append(append4(b, y), '-'), int(m)), '-'), d)
}
