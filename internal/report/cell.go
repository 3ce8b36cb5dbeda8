package report

import (
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// Kind is the type of a column's values.
type Kind uint8

// The column kinds.
const (
	KindText     Kind = iota // free text, left-aligned
	KindInt                  // a count: JSON number
	KindMoney                // a decimal printed with Document.Precision decimals
	KindQuantity             // a decimal printed normalized (no exponent, no trailing zeros)
	KindTime                 // an instant: RFC 3339 with offset in Document.Location
	KindDate                 // a calendar day: 2006-01-02
	KindBool                 // true/false
)

var kindNames = [...]string{"text", "int", "money", "quantity", "time", "date", "bool"}

// String names the kind, for error messages.
func (k Kind) String() string {
	if int(k) >= len(kindNames) {
		return "kind(" + strconv.Itoa(int(k)) + ")"
	}
	return kindNames[k]
}

// numeric reports whether the kind is right-aligned and may be totalled.
func (k Kind) numeric() bool { return k == KindInt || k == KindMoney || k == KindQuantity }

// Cell is one typed value of a row. The zero Cell is empty (prints "").
type Cell struct {
	kind  Kind
	set   bool
	parts bool  // a money or quantity cell held as num and exp, not dec
	truth bool  // KindBool
	exp   int32 // with parts: the decimal is num·10^exp
	str   string
	num   int64 // KindInt; with parts, the coefficient of a decimal
	dec   decimal.Decimal
	when  time.Time
}

// Empty returns a missing value, printed "" in every format and left blank in xlsx.
func Empty() Cell { return Cell{} }

// Text returns a text cell.
func Text(s string) Cell { return Cell{kind: KindText, set: true, str: s} }

// Int returns a count cell.
func Int(n int64) Cell { return Cell{kind: KindInt, set: true, num: n} }

// Money returns an amount cell, printed with the Document's Precision.
func Money(d decimal.Decimal) Cell { return Cell{kind: KindMoney, set: true, dec: d} }

// Qty returns a quantity cell, printed normalized.
func Qty(d decimal.Decimal) Cell { return Cell{kind: KindQuantity, set: true, dec: d} }

// QtyParts is Qty(decimal.New(coef, exp)) without making the decimal.
func QtyParts(coef int64, exp int32) Cell {
	return Cell{kind: KindQuantity, set: true, num: coef, exp: exp, parts: true}
}

// MoneyParts is Money(decimal.New(coef, exp)) without making the decimal.
func MoneyParts(coef int64, exp int32) Cell {
	return Cell{kind: KindMoney, set: true, num: coef, exp: exp, parts: true}
}

// decimal returns a money or quantity cell's value.
func (c Cell) decimal() decimal.Decimal {
	if c.parts {
		return decimal.New(c.num, c.exp)
	}
	return c.dec
}

// Time returns an instant cell; a zero time is Empty.
func Time(t time.Time) Cell {
	if t.IsZero() {
		return Empty()
	}
	return Cell{kind: KindTime, set: true, when: t}
}

// Date returns a calendar-day cell (t's own year, month and day); a zero time is Empty.
func Date(t time.Time) Cell {
	if t.IsZero() {
		return Empty()
	}
	return Cell{kind: KindDate, set: true, when: t}
}

// Bool returns a boolean cell.
func Bool(b bool) Cell { return Cell{kind: KindBool, set: true, truth: b} }

// IsEmpty reports whether the cell holds no value.
func (c Cell) IsEmpty() bool { return !c.set }

// Kind returns the cell's kind (meaningless for an empty cell).
func (c Cell) Kind() Kind { return c.kind }

// format prints the cell as §4.1 text: the form used by table, csv, markdown and json.
func (c Cell) format(prec int32, loc *time.Location) string {
	if !c.set {
		return ""
	}
	switch c.kind {
	case KindInt:
		return strconv.FormatInt(c.num, 10)
	case KindMoney:
		return MoneyString(c.decimal(), prec)
	case KindQuantity:
		return QtyString(c.decimal())
	case KindTime:
		return TimeString(inZone(c.when, loc))
	case KindDate:
		return DateString(c.when)
	case KindBool:
		return strconv.FormatBool(c.truth)
	}
	return c.str
}

// display prints the cell for people (table and markdown output): like format, but a
// time is "2006-01-02 15:04:05" in the document's zone, without the offset, which the
// zone of the whole document already says.
func (c Cell) display(prec int32, loc *time.Location) string {
	if c.set && c.kind == KindTime {
		return inZone(c.when, loc).Format(time.DateTime)
	}
	return c.format(prec, loc)
}

// appendCSV appends the cell's §4.1 text as one CSV field: text is quoted as
// encoding/csv quotes it; numbers, times, dates and booleans never need quotes. Times and
// texts go through memo, the column's memory of its recent values.
func (c *Cell) appendCSV(b []byte, prec int32, loc *time.Location, memo *colMemo) []byte {
	if !c.set {
		return b
	}
	switch c.kind {
	case KindInt:
		return strconv.AppendInt(b, c.num, 10)
	case KindMoney:
		if c.parts {
			if out, ok := appendFixedParts(b, c.num, c.exp, prec); ok {
				return out
			}
		}
		return appendFixed(b, c.decimal(), prec)
	case KindQuantity:
		if c.parts {
			if out, ok := appendNormalizedParts(b, c.num, c.exp); ok {
				return out
			}
		}
		return appendNormalized(b, c.decimal())
	case KindTime:
		return memo.append(b, c.when, loc)
	case KindDate:
		return appendDate(b, c.when)
	case KindBool:
		return strconv.AppendBool(b, c.truth)
	}
	return memo.quotes.appendText(b, c.str)
}

// inZone converts t to loc; a nil loc keeps t's zone.
func inZone(t time.Time, loc *time.Location) time.Time {
	if loc == nil {
		return t
	}
	return t.In(loc)
}
