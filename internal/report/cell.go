package report

import (
	"strconv"
	"strings"
	"time"

	"github.com/pkgctl/pkgctl/internal/mem"
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
//
// It is four words with four fields, which the compiler keeps in registers: a row of
// cells is built by writing each cell once. (A larger cell is built on the stack and
// copied into the row, and the copy's wide loads stall on the narrow stores just made:
// rendering deduct's 1M-entry CSV took a fifth longer with the 72-byte cell.)
type Cell struct {
	head uint64  // kind | flags | the exponent of a decimal with parts, or a time's nanosecond, <<32
	num  int64   // KindInt: the count; with parts: the coefficient; KindTime, KindDate: the Unix second
	ref  mem.Ref // KindText: the text's bytes; KindTime, KindDate: the *time.Location; a decimal without parts: its *decimal.Decimal
	n    int     // KindText: the text's length
}

// The flags in Cell.head, above the kind's byte.
const (
	cellSet   = 1 << 8  // not empty
	cellParts = 1 << 9  // a money or quantity cell held as num·10^exp, not a *decimal.Decimal
	cellTrue  = 1 << 10 // KindBool: true
	cellNum   = 1 << 11 // KindText: a NumberText
)

func (c *Cell) kind() Kind          { return Kind(c.head) }
func (c *Cell) set() bool           { return c.head&cellSet != 0 }
func (c *Cell) parts() bool         { return c.head&cellParts != 0 }
func (c *Cell) truth() bool         { return c.head&cellTrue != 0 }
func (c *Cell) exp() int32          { return int32(c.head >> 32) }
func head(k Kind, exp int32) uint64 { return uint64(k) | cellSet | uint64(uint32(exp))<<32 }

// str returns a text cell's text ("" for other kinds).
func (c *Cell) str() string {
	if c.kind() != KindText {
		return ""
	}
	return c.ref.String(c.n)
}

// Empty returns a missing value, printed "" in every format and left blank in xlsx.
func Empty() Cell { return Cell{} }

// Text returns a text cell.
func Text(s string) Cell {
	return Cell{head: head(KindText, 0), ref: mem.RefString(s), n: len(s)}
}

// NumberText returns a text cell that holds a number when its text is a plain decimal
// ("20.00", "-5", "1.5"; else any text, such as a status): every format prints the
// text, and xlsx stores such a number as a number, with as many decimals shown. For a
// column whose rows hold amounts, quantities and words (check's expected and actual).
func NumberText(s string) Cell {
	c := Text(s)
	c.head |= cellNum
	return c
}

// numberText reports whether the cell is a NumberText whose text is a plain decimal,
// and its number of decimals.
func (c *Cell) numberText() (decimals int, ok bool) {
	if c.head&cellNum == 0 || c.kind() != KindText {
		return 0, false
	}
	s := c.str()
	if strings.HasPrefix(s, "-") {
		s = s[1:]
	}
	intPart, frac, dot := strings.Cut(s, ".")
	if intPart == "" || len(intPart)+len(frac) > 15 || !allDigits(intPart) || !allDigits(frac) || (dot && frac == "") {
		return 0, false
	}
	return len(frac), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Int returns a count cell.
func Int(n int64) Cell { return Cell{head: head(KindInt, 0), num: n} }

// Money returns an amount cell, printed with the Document's Precision.
func Money(d decimal.Decimal) Cell { return decimalCell(KindMoney, d) }

// Qty returns a quantity cell, printed normalized.
func Qty(d decimal.Decimal) Cell { return decimalCell(KindQuantity, d) }

// decimalCell holds d as its coefficient and exponent when the coefficient has at most
// 18 digits (the same value and exponent: it prints the same), else by pointer.
func decimalCell(k Kind, d decimal.Decimal) Cell {
	if c, exp, ok := smallParts(d); ok {
		return Cell{head: head(k, exp) | cellParts, num: c}
	}
	p := new(decimal.Decimal) // not &d: d would be moved to the heap on every call
	*p = d
	return Cell{head: head(k, 0), ref: mem.RefTo(p)}
}

// QtyParts is Qty(decimal.New(coef, exp)) without making the decimal.
func QtyParts(coef int64, exp int32) Cell {
	return Cell{head: head(KindQuantity, exp) | cellParts, num: coef}
}

// MoneyParts is Money(decimal.New(coef, exp)) without making the decimal.
func MoneyParts(coef int64, exp int32) Cell {
	return Cell{head: head(KindMoney, exp) | cellParts, num: coef}
}

// decimal returns a money or quantity cell's value (zero for other kinds).
func (c *Cell) decimal() decimal.Decimal {
	switch k := c.kind(); {
	case k != KindMoney && k != KindQuantity:
	case c.parts():
		return decimal.New(c.num, c.exp())
	case !c.ref.Nil():
		return *mem.Deref[decimal.Decimal](c.ref)
	}
	return decimal.Decimal{}
}

// Time returns an instant cell; a zero time is Empty.
func Time(t time.Time) Cell { return timeCell(KindTime, t) }

// Date returns a calendar-day cell (t's own year, month and day); a zero time is Empty.
func Date(t time.Time) Cell { return timeCell(KindDate, t) }

func timeCell(k Kind, t time.Time) Cell {
	if t.IsZero() {
		return Empty()
	}
	return Cell{head: head(k, int32(t.Nanosecond())), num: t.Unix(), ref: mem.RefTo(t.Location())}
}

// when returns a time or date cell's instant in its own zone (the zero time for other
// kinds).
func (c *Cell) when() time.Time {
	if k := c.kind(); k != KindTime && k != KindDate || !c.set() {
		return time.Time{}
	}
	return time.Unix(c.num, int64(c.exp())).In(mem.Deref[time.Location](c.ref))
}

// Bool returns a boolean cell.
func Bool(b bool) Cell {
	if b {
		return Cell{head: head(KindBool, 0) | cellTrue}
	}
	return Cell{head: head(KindBool, 0)}
}

// IsEmpty reports whether the cell holds no value.
func (c Cell) IsEmpty() bool { return !c.set() }

// Kind returns the cell's kind (meaningless for an empty cell).
func (c Cell) Kind() Kind { return c.kind() }

// format prints the cell as rules.md §4.1 text: the form used by table, csv, markdown and json.
func (c Cell) format(prec int32, loc *time.Location) string {
	if !c.set() {
		return ""
	}
	switch c.kind() {
	case KindInt:
		return strconv.FormatInt(c.num, 10)
	case KindMoney:
		return MoneyString(c.decimal(), prec)
	case KindQuantity:
		return QtyString(c.decimal())
	case KindTime:
		return TimeString(inZone(c.when(), loc))
	case KindDate:
		return DateString(c.when())
	case KindBool:
		return strconv.FormatBool(c.truth())
	}
	return c.str()
}

// display prints the cell for people (table and markdown output): like format, but a
// time is "2006-01-02 15:04:05" in the document's zone, without the offset, which the
// zone of the whole document already says.
func (c Cell) display(prec int32, loc *time.Location) string {
	if c.set() && c.kind() == KindTime {
		return inZone(c.when(), loc).Format(time.DateTime)
	}
	return c.format(prec, loc)
}

// appendCSV appends the cell's rules.md §4.1 text as one CSV field: text is neutralized
// (NeutralizeFormula) and quoted as encoding/csv quotes it; numbers, times, dates and booleans never need quotes. Times and
// texts go through memo, the column's memory of its recent values.
func (c *Cell) appendCSV(b []byte, prec int32, loc *time.Location, memo *colMemo) []byte {
	if !c.set() {
		return b
	}
	switch c.kind() {
	case KindInt:
		return strconv.AppendInt(b, c.num, 10)
	case KindMoney:
		if c.parts() {
			if out, ok := appendFixedParts(b, c.num, c.exp(), prec); ok {
				return out
			}
		}
		return appendFixed(b, c.decimal(), prec)
	case KindQuantity:
		if c.parts() {
			if out, ok := appendNormalizedParts(b, c.num, c.exp()); ok {
				return out
			}
		}
		return appendNormalized(b, c.decimal())
	case KindTime:
		return memo.append(b, c, loc)
	case KindDate:
		return appendDate(b, c.when())
	case KindBool:
		return strconv.AppendBool(b, c.truth())
	}
	if _, num := c.numberText(); num { // a number: never neutralized
		return memo.quotes.appendText(b, c.str())
	}
	return memo.quotes.appendText(b, NeutralizeFormula(c.str()))
}

// AppendCell appends the cell's text as csv, json and the text of other formats print it
// (rules.md §4.1: money with prec decimals, times in loc), unquoted.
func AppendCell(b []byte, c Cell, prec int32, loc *time.Location) []byte {
	switch {
	case !c.set():
		return b
	case c.kind() == KindText:
		return append(b, c.str()...)
	case c.kind() == KindTime:
		return append(b, c.format(prec, loc)...)
	}
	return c.appendCSV(b, prec, loc, nil) // no memory needed but for times and texts
}

// inZone converts t to loc; a nil loc keeps t's zone.
func inZone(t time.Time, loc *time.Location) time.Time {
	if loc == nil {
		return t
	}
	return t.In(loc)
}
