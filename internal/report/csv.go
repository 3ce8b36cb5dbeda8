package report

import (
	"bufio"
	"io"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pkgctl/pkgctl/internal/mem"
)

// renderCSV writes Tables[0] as RFC 4180 CSV: one header row of column keys, then one
// record per row in rules.md §4.1 text. Further tables are not written (a CSV file has one
// header); no totals row. A document without tables writes nothing. The bytes are
// those encoding/csv writes (LF line ends); rows are appended to one buffer because
// listings run to millions of rows.
func renderCSV(w io.Writer, doc *Document) error {
	if len(doc.Tables) == 0 {
		return nil
	}
	return writeCSV(w, doc.Tables[0], csvForm{prec: doc.Precision, loc: doc.Location})
}

// csvForm is how CSV prints a row's cells: money with prec decimals, times in loc
// (rules.md §4.1), or, when utc, in UTC ending in Z (FOCUS files).
type csvForm struct {
	prec int32
	loc  *time.Location
	utc  bool
}

// writeCSV writes t to w as CSV in form f: the header of column keys, then the rows.
// The rows of a Concurrent table of at least two blocks are formatted in blocks of
// csvBlock rows on every core (writeBlocks): the bytes are those of the sequential path.
func writeCSV(w io.Writer, t *Table, f csvForm) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var line []byte
	for j, c := range t.Columns {
		line = appendCSVField(line, j, c.Key)
	}
	if _, err := bw.Write(append(line, '\n')); err != nil {
		return err
	}
	if t.Row != nil && t.Concurrent && t.N >= 2*csvBlock {
		sc, err := newStencils(t)
		if err != nil {
			return err
		}
		if err := writeBlocks(bw, t.N, csvBlock, func() blockFormatter {
			var row []Cell
			memo := make([]colMemo, len(t.Columns))
			return func(b []byte, lo, hi int) ([]byte, error) {
				var err error
				b, row, err = formatCSVRows(b, row, memo, t, sc, f, lo, hi)
				return b, err
			}
		}); err != nil {
			return err
		}
		return bw.Flush()
	}
	memo := make([]colMemo, len(t.Columns))
	err := t.each(func(_ int, row []Cell) error {
		line = line[:0]
		for j := range row {
			if j > 0 {
				line = append(line, ',')
			}
			line = f.appendCell(line, &row[j], &memo[j])
		}
		_, err := bw.Write(append(line, '\n'))
		return err
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// csvBlock is how many rows one goroutine formats at a time.
const csvBlock = 4096

// appendCell appends c as a CSV field in form f, quoted where encoding/csv quotes.
func (f csvForm) appendCell(b []byte, c *Cell, memo *colMemo) []byte {
	if f.utc && c.set() && c.kind() == KindTime {
		return appendUTC(b, c)
	}
	return c.appendCSV(b, f.prec, f.loc, memo)
}

// formatCSVRows appends rows [lo, hi) of t as CSV lines in form f to b, the rows with a
// stencil through sc (nil: t has none).
func formatCSVRows(b []byte, row []Cell, memo []colMemo, t *Table, sc *stencils, f csvForm, lo, hi int) ([]byte, []Cell, error) {
	for i := lo; i < hi; i++ {
		if t.Prefetch != nil && i+prefetchAhead < hi {
			t.Prefetch(i + prefetchAhead)
		}
		if sc != nil {
			var s int
			if s, row = t.Stencil(i, row[:0]); s != 0 {
				var err error
				if b, err = sc.appendRow(b, t, f, memo, i, s, row); err != nil {
					return b, row, err
				}
				continue
			}
		} else {
			row = t.Row(i, row[:0])
		}
		if len(row) != len(t.Columns) {
			return b, row, t.checkRow(i, row)
		}
		for j := range row {
			c := &row[j]
			if c.set() && c.kind() != t.Columns[j].Kind {
				return b, row, t.checkRow(i, row)
			}
			if j > 0 {
				b = append(b, ',')
			}
			b = f.appendCell(b, c, &memo[j])
		}
		b = append(b, '\n')
	}
	return b, row, nil
}

// appendCSVField appends field j of a record, quoted as encoding/csv quotes it.
func appendCSVField(b []byte, j int, s string) []byte {
	if j > 0 {
		b = append(b, ',')
	}
	return appendQuoted(b, s)
}

// appendQuoted appends s as a CSV field, quoted when encoding/csv would quote it.
func appendQuoted(b []byte, s string) []byte {
	if !csvNeedsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// csvSpecial marks the bytes that make encoding/csv quote a field wherever they are.
var csvSpecial = [256]bool{',': true, '"': true, '\r': true, '\n': true}

// csvNeedsQuotes is encoding/csv's rule for the comma delimiter.
func csvNeedsQuotes(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if csvSpecial[s[i]] {
			return true
		}
	}
	if s == `\.` {
		return true
	}
	if c := s[0]; c < utf8.RuneSelf {
		return c == ' ' || c == '\t' || c == '\v' || c == '\f'
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

// colMemo is what formatting a column's cells remembers: its recent times, and whether
// its recent texts needed quotes.
type colMemo struct {
	timeMemo
	quotes quoteMemo
	last   lastCell
}

// lastCell remembers the last cell of a column formatted through it and its text: a
// cell with the very same bits (the same text bytes, instant and zone, or number) prints
// the same. It is for the cells that vary between rows of a stencil, which repeat from
// one row to the next (a day's bills share their date and billing cycle).
type lastCell struct {
	c    Cell
	n    uint8 // text length; 0: none
	text [30]byte
}

// appendRepeat appends c as f prints it, remembering it as the column's last cell.
func (m *colMemo) appendRepeat(b []byte, c *Cell, f csvForm) []byte {
	if k := c.kind(); k != KindText && k != KindDate && k != KindTime {
		return f.appendCell(b, c, m) // numbers seldom repeat, and print as fast as copied
	}
	l := &m.last
	if l.n != 0 && *c == l.c {
		return append(b, l.text[:l.n]...)
	}
	n := len(b)
	b = f.appendCell(b, c, m)
	if k := len(b) - n; k > 0 && k <= len(l.text) {
		l.c, l.n = *c, uint8(k)
		copy(l.text[:], b[n:])
	}
	return b
}

// quoteMemo remembers whether recent texts needed quotes, by the address and length of
// their bytes (the very same string: listings repeat a package's, product's, unit's or
// tag set's text, one shared string, on many rows). Direct-mapped: a text's address picks
// its one entry. An entry holds its string, so that its bytes cannot be freed and
// reused for another text while the entry stands for them. (Like any Go code it counts on
// a string's bytes never changing: a string made with mem.String over a buffer that
// is later rewritten would break it.)
type quoteMemo [quoteMemoSize]struct {
	s     string
	quote bool
}

const (
	quoteMemoBits = 6
	quoteMemoSize = 1 << quoteMemoBits
)

// appendText appends s as a CSV field, as appendQuoted does.
func (m *quoteMemo) appendText(b []byte, s string) []byte {
	e := &m[quoteSlot(s)]
	if !mem.SameString(e.s, s) || len(s) == 0 {
		e.s, e.quote = s, csvNeedsQuotes(s)
	}
	if !e.quote {
		return append(b, s...)
	}
	return appendQuoted(b, s)
}

// quoteSlot is the entry of a quoteMemo for s: by its bytes' address and its length.
func quoteSlot(s string) uint64 { return mem.StringSlot(s, quoteMemoBits) }

// timeMemo remembers a column's recently formatted times, by their second (the text
// has no fraction): listings repeat the same instants (a record's deduct time on
// consecutive rows, a period's bounds on many), and formatting one costs more than the
// rest of a field. Direct-mapped: an instant's second picks its one entry.
type timeMemo struct {
	e [timeMemoSize]struct {
		sec  int64
		n    uint8 // text length; 0: empty
		text [25]byte
	}
}

const (
	timeMemoBits = 8
	timeMemoSize = 1 << timeMemoBits
)

// append appends t as TimeString prints it in loc.
func (m *timeMemo) append(b []byte, c *Cell, loc *time.Location) []byte {
	return m.appendWith(b, c, loc, appendTime)
}

// appendWith appends c's time in loc as format appends it: format prints one instant
// always the same way in one zone (m serves one format).
func (m *timeMemo) appendWith(b []byte, c *Cell, loc *time.Location, format func([]byte, time.Time) []byte) []byte {
	if loc == nil { // each time keeps its own zone: equal instants may print differently
		return format(b, c.when())
	}
	sec := c.num
	e := &m.e[uint64(sec)*0x9E3779B97F4A7C15>>(64-timeMemoBits)]
	if e.n != 0 && e.sec == sec {
		return append(b, e.text[:e.n]...)
	}
	n := len(b)
	b = format(b, c.when().In(loc))
	if k := len(b) - n; k <= len(e.text) {
		e.sec, e.n = sec, uint8(k)
		copy(e.text[:], b[n:])
	}
	return b
}
