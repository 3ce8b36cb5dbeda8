package load

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
	"github.com/shopspring/decimal"
)

// rowReader reads the cells of one row by slot and collects the row's problems.
type rowReader struct {
	s     *schema
	hdr   *header
	loc   *time.Location
	cells []string
	src   model.Source
	probs []Problem
	// c, when set, caches parsed values and makes every string read through it a copy
	// (see valueCache): then nothing a row yields points into its cell text.
	c *valueCache
	// ctl makes controls check the row's values for control characters; the chunked
	// reader clears it for a chunk whose bytes hold none (hasControl, scanText).
	ctl bool
	// csv, for a CSV file, is what its rows are checked against (nil for XLSX): a row
	// with more than fields cells (the header's; no limit for XLSX) is looked at for
	// extra fields (unreadable), and text makes undecoded check the row's cells, which
	// the chunked reader clears for a chunk that holds nothing undecoded (scanText,
	// charset.clean).
	csv    *csvRows
	fields int
	text   bool
}

func (r *rowReader) reset(cells []string, src model.Source) {
	r.cells, r.src, r.probs = cells, src, r.probs[:0]
}

// ok reports whether the row has no problem so far.
func (r *rowReader) ok() bool { return len(r.probs) == 0 }

// fail records a problem of the column in slot (-1: no column).
func (r *rowReader) fail(slot int, format string, args ...any) {
	p := Problem{Src: r.src, Msg: fmt.Sprintf(format, args...)}
	if slot >= 0 {
		p.Column = r.s.cols[slot].name
	}
	r.probs = append(r.probs, p)
}

// check records err, if any, against slot; it reports whether err was nil.
func (r *rowReader) check(slot int, err error) bool {
	if err != nil {
		r.fail(slot, "%v", err)
		return false
	}
	return true
}

// str returns the trimmed cell of slot, "" when the file has no such column; a text
// of a CSV file as pkgctl's CSV writer escaped it is unescaped (unescape).
func (r *rowReader) str(slot int) string {
	if j := r.hdr.col[slot]; j >= 0 && j < len(r.cells) {
		s := trim(r.cells[j])
		if s != "" && s[0] == '\'' {
			return r.unescape(slot, s)
		}
		return s
	}
	return ""
}

// controls files a problem for every mapped cell of the row that holds a control
// character, in slot order (so before the row's other problems, whatever order they
// are read in). It does nothing unless r.ctl.
func (r *rowReader) controls() {
	if !r.ctl {
		return
	}
	for slot, j := range r.hdr.col {
		if j < 0 || j >= len(r.cells) {
			continue
		}
		if s := r.cells[j]; controlAt(s) >= 0 {
			i := controlAt(s)
			c, _ := utf8.DecodeRuneInString(s[i:])
			what := "control character"
			if c >= 0xfffe {
				what = "noncharacter" // no XML text, and so no workbook cell, can hold it
			}
			r.fail(slot, "%s %U at character %d of %s: remove it (a value may hold tabs and line breaks, no other control character)",
				what, c, utf8.RuneCountInString(s[:i])+1, value.Quote(s))
		}
	}
}

// controlAt is the index of the first character of s that no value may hold, or -1: a
// C0 control other than a tab or a line break (NUL, an escape, a backspace…), DEL, a C1
// control (U+0080–U+009F: U+009B starts a terminal's escape sequence as ESC [ does), or
// the noncharacters U+FFFE and U+FFFF, which no XML text holds.
func controlAt(s string) int {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r', c == 0x7f:
			return i
		case c == 0xc2: // U+0080–U+00BF
			if i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] < 0xa0 {
				return i
			}
		case c == 0xef: // U+F000–U+FFFF
			if i+2 < len(s) && s[i+1] == 0xbf && s[i+2] >= 0xbe {
				return i
			}
		}
	}
	return -1
}

// hasControl reports whether a text holds a character controlAt finds. It looks at
// eight bytes at a time for a byte below 0x20 or a DEL (a line end, most often), then
// for the two lead bytes of the others, only in a text that has a byte above ASCII.
func hasControl(b []byte) bool {
	const lows, ones, dels, highs = 0x2020202020202020, 0x0101010101010101, 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		d := x ^ dels // a zero byte where x has a DEL
		if ((x-lows)&^x|(d-ones)&^d)&highs != 0 && controlAt(string(b[i:i+8])) >= 0 {
			return true
		}
	}
	if controlAt(string(b[i:])) >= 0 {
		return true
	}
	return highControl(b)
}

// highControl reports whether b holds a C1 control, U+FFFE or U+FFFF (controlAt's
// characters above ASCII), found from their lead bytes.
func highControl(b []byte) bool {
	for _, lead := range [...]byte{0xc2, 0xef} {
		for rest := b; ; {
			k := bytes.IndexByte(rest, lead)
			if k < 0 {
				break
			}
			end := min(k+3, len(rest))
			if controlAt(string(rest[k:end])) >= 0 {
				return true
			}
			rest = rest[k+1:]
		}
	}
	return false
}

// scanText is hasControl, and whether the text holds a byte above ASCII, in one pass
// that costs what hasControl's does: the words are looked at for both until one of
// them is found, then for the other only.
func scanText(b []byte) (ctl, high bool) {
	const lows, ones, highs = 0x2020202020202020, 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		switch {
		case ((x-lows)|x|(x+ones))&highs == 0: // neither: every byte from 0x20 to 0x7E
		case x&highs != 0:
			return hasControl(b[i:]), true
		case controlAt(string(b[i:i+8])) >= 0:
			return true, !ascii(b[i:])
		}
	}
	return controlAt(string(b[i:])) >= 0, !ascii(b[i:])
}

// trim is strings.TrimSpace, without a call for a cell that starts and ends with a
// printable ASCII byte (no space of any kind).
func trim(s string) string {
	if n := len(s); n > 0 && s[0] > ' ' && s[0] < 0x7f && s[n-1] > ' ' && s[n-1] < 0x7f {
		return s
	}
	return strings.TrimSpace(s)
}

// need returns the cell of a required slot; blank is a problem.
func (r *rowReader) need(slot int) string {
	s := r.str(slot)
	if s == "" {
		r.fail(slot, "required value is blank")
	}
	return s
}

// time parses an optional (or, with req, required) timestamp; blank is the zero time.
func (r *rowReader) time(slot int, req bool) time.Time {
	s := r.str(slot)
	if s == "" {
		if req {
			r.fail(slot, "required value is blank")
		}
		return time.Time{}
	}
	var t time.Time
	var err error
	if r.c != nil {
		t, err = r.c.time(s, r.loc)
	} else {
		t, _, err = value.ParseTime(s, r.loc)
	}
	if r.check(slot, err) {
		r.notTooEarly(slot, t)
	}
	return t
}

// end parses a required expiration: the exclusive end instant (value.ParseEnd).
func (r *rowReader) end(slot int) time.Time {
	s := r.need(slot)
	if s == "" {
		return time.Time{}
	}
	t, err := value.ParseEnd(s, r.loc)
	if r.check(slot, err) {
		r.notTooEarly(slot, t)
	}
	return t
}

// earliest is the first instant a time in an input may be: a day into year 2, so that
// no midnight pkgctl makes of an input's days, months or years, in any zone, is Go's
// zero time (0001-01-01 00:00 UTC), which pkgctl reads as "no time" (a blank
// destroyed_time, a bill without a date, a FOCUS month without its start).
var earliest = time.Date(2, 1, 2, 0, 0, 0, 0, time.UTC)

// notTooEarly fails slot when t is before earliest.
func (r *rowReader) notTooEarly(slot int, t time.Time) {
	if t.Before(earliest) {
		r.fail(slot, "%s (%s UTC) is before the times pkgctl takes (0002-01-02 00:00:00 UTC and later)",
			stamp(t), stamp(t.UTC()))
	}
}

// amount parses an optional non-negative amount in currency (fee, refund, unit price):
// a decimal, which may start with the currency's symbol (value.ParseMoney).
func (r *rowReader) amount(slot int, currency string) decimal.NullDecimal {
	s := r.str(slot)
	if s == "" {
		return decimal.NullDecimal{}
	}
	d, err := r.parseDecimal(s)
	if err != nil {
		d, err = value.ParseMoney(s, currency)
	}
	if err == nil {
		err = r.commaOf(s)
	}
	if !r.check(slot, err) {
		return decimal.NullDecimal{}
	}
	if d.Sign() < 0 {
		r.fail(slot, "negative value %s", value.Quote(s))
	}
	return decimal.NullDecimal{Decimal: d, Valid: true}
}

// quantity parses a quantity that may carry its unit ("100 GB") and the unit column:
// the unit comes from the unit column, else from the value; both must agree. With req,
// a blank quantity or no unit at all is a problem; a negative quantity always is.
func (r *rowReader) quantity(qslot, uslot int, req bool) (decimal.NullDecimal, string) {
	s, unit := r.str(qslot), r.sym(uslot)
	if s == "" {
		if req {
			r.fail(qslot, "required value is blank")
		}
		return decimal.NullDecimal{}, unit
	}
	q, own, err := r.parseQuantity(s)
	if err == nil {
		err = r.commaOf(s)
	}
	if !r.check(qslot, err) {
		return decimal.NullDecimal{}, unit
	}
	if q.Sign() < 0 {
		r.fail(qslot, "negative value %s", value.Quote(s))
	}
	return decimal.NullDecimal{Decimal: q, Valid: true}, r.unitOf(qslot, uslot, s, unit, own, req)
}

// unitOf is the unit of quantity text s: the unit column's (unit), else the one the
// value names (own); both must agree, and with req one must be there.
func (r *rowReader) unitOf(qslot, uslot int, s, unit, own string, req bool) string {
	switch {
	case unit == "":
		unit = own
	case own != "" && !value.SameUnit(own, unit):
		r.fail(uslot, "unit %s does not match the unit %s of %s %s", value.Quote(unit), value.Quote(own), r.s.cols[qslot].name, value.Quote(s))
	}
	if req && unit == "" {
		r.fail(uslot, "required value is blank (and %s %s names no unit)", r.s.cols[qslot].name, value.Quote(s))
	}
	return unit
}

// recordQuantity is quantity (required) for a usage record, as an Amount: a plain
// number (the common case) is read without allocating, with the same checks.
func (r *rowReader) recordQuantity(qslot, uslot int) (exact.Amount, string) {
	s := r.str(qslot)
	if c, e, ok := value.FastParts(s); ok { // no sign, no unit of its own
		return exact.NewAmount(c, e), r.unitOf(qslot, uslot, s, r.sym(uslot), "", true)
	}
	q, unit := r.quantity(qslot, uslot, true)
	if !q.Valid {
		return exact.Amount{}, unit
	}
	return exact.AmountOf(q.Decimal), unit
}

// tags parses a tag set.
func (r *rowReader) tags(slot int) model.Tags {
	var t model.Tags
	var err error
	if r.c != nil {
		t, err = r.c.parseTags(r.str(slot))
	} else {
		t, err = value.ParseTags(r.str(slot))
	}
	r.check(slot, err)
	return t
}

// currency returns the row's currency or the default, in capitals: a currency code is
// one whatever its case (rules.md §1.5), and everything that groups by currency (the
// footers, --by, the summaries) then sees one currency, not "usd" beside "USD".
func (r *rowReader) currency(slot int, def string) string {
	if c := r.sym(slot); c != "" {
		return value.CurrencyCode(c)
	}
	return def
}

// sym is str, interned when the reader caches: for the few-valued columns.
func (r *rowReader) sym(slot int) string {
	if r.c != nil {
		return r.c.intern(r.str(slot))
	}
	return r.str(slot)
}

// needSym is need, interned when the reader caches.
func (r *rowReader) needSym(slot int) string {
	if r.c != nil {
		return r.c.intern(r.need(slot))
	}
	return r.need(slot)
}

// commaOf refuses the number s of a CSV file delimited by ";" (what a spreadsheet
// saves where the comma is the decimal separator) when its one comma may as well be a
// decimal comma as a thousands separator: "1,500" is 1.5 or 1500, which a money column
// cannot guess. Tab-delimited console exports write thousands as "10,000 calls".
func (r *rowReader) commaOf(s string) error {
	if r.csv == nil || r.csv.comma != ';' {
		return nil
	}
	i := strings.IndexByte(s, ',')
	if i < 0 || strings.IndexByte(s[i+1:], ',') >= 0 || strings.IndexByte(s, '.') >= 0 {
		return nil // no comma, or two (thousands), or a decimal point beside it
	}
	return fmt.Errorf("%s in a file delimited by %q: is the comma a decimal comma or a thousands separator? write the number without it (1500, or 1.5 with a point)",
		value.Quote(s), string(r.csv.comma))
}

func (r *rowReader) parseDecimal(s string) (decimal.Decimal, error) {
	if r.c != nil {
		return r.c.decimal(s)
	}
	return value.ParseDecimal(s)
}

func (r *rowReader) parseQuantity(s string) (decimal.Decimal, string, error) {
	if r.c != nil {
		return r.c.quantity(s)
	}
	return value.ParseQuantity(s)
}

// stamp renders an instant for messages.
func stamp(t time.Time) string { return t.Format(stampLayout) }

// stamps renders two instants a message compares, as its arguments: with their offsets
// when those differ, so that two times of an hour a zone repeats never read the same or
// the wrong way round (Europe/Berlin's 02:40+01:00 is after its 02:10+02:00).
func stamps(a, b time.Time) []any {
	_, oa := a.Zone()
	if _, ob := b.Zone(); oa != ob {
		return []any{a.Format(stampLayout + "Z07:00"), b.Format(stampLayout + "Z07:00")}
	}
	return []any{stamp(a), stamp(b)}
}

// stampLayout is time.DateTime with the fraction of a second when there is one, so
// that a message comparing two times never shows them the same.
const stampLayout = "2006-01-02 15:04:05.999999999"
