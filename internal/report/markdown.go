package report

import (
	"bufio"
	"io"
	"strings"
	"time"
)

// renderMarkdown writes every table as a GitHub table: header = column keys, numeric
// columns right-aligned (---:), pipes escaped, line breaks as <br>, a bold totals row
// when a column is totalled. With several tables each gets a "### Name" title and
// tables are separated by a blank line.
func renderMarkdown(w io.Writer, doc *Document) error {
	bw := bufio.NewWriter(w)
	for i, t := range doc.Tables {
		if i > 0 {
			bw.WriteString("\n")
		}
		if len(doc.Tables) > 1 {
			bw.WriteString("### " + mdEscape(t.Name) + "\n\n")
		}
		if err := writeMarkdownTable(bw, t, doc); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func writeMarkdownTable(bw *bufio.Writer, t *Table, doc *Document) error {
	header := make([]string, len(t.Columns))
	rule := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		header[j] = mdEscape(c.Key)
		rule[j] = "---"
		if c.Kind.numeric() {
			rule[j] = "---:"
		}
	}
	mdLine(bw, header)
	mdLine(bw, rule)
	tot := t.newTotaler()
	memo := make([]timeMemo, len(t.Columns))
	var line []byte
	rows := 0
	err := t.each(func(i int, row []Cell) error {
		rows++
		tot.add(i, row)
		line = appendMarkdownRow(line[:0], row, doc, memo, false)
		_, err := bw.Write(line)
		return err
	})
	if err != nil {
		return err
	}
	totals := tot.rows()
	for _, row := range totals {
		line = appendMarkdownRow(line[:0], row, doc, memo, true)
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	if rows == 0 && len(totals) == 0 { // a blank line first: a line right under a table is one of its rows
		_, err = bw.WriteString("\n_" + noRows + "_\n")
	}
	return err
}

// appendMarkdownRow appends row as a line of a GitHub table, each cell as display
// prints it, escaped (mdEscape), without a string made per cell (made, escaped and
// joined, they were most of a long listing's time: the allocator's and the
// collector's). memo holds the recent times of each column, printed as display prints
// them. bold (a totals row) puts each cell that is not empty between "**".
func appendMarkdownRow(b []byte, row []Cell, doc *Document, memo []timeMemo, bold bool) []byte {
	b = append(b, '|')
	for j := range row {
		b = append(b, ' ')
		if bold {
			b = append(b, "**"...)
		}
		n := len(b)
		c := &row[j]
		if c.set() && c.kind() == KindTime {
			b = memo[j].appendWith(b, c, doc.Location, appendDisplayTime)
		} else {
			b = AppendCell(b, *c, doc.Precision, doc.Location)
		}
		b = mdEscapeFrom(b, n)
		switch {
		case bold && len(b) == n: // empty: no "**"
			b = b[:n-2]
		case bold:
			b = append(b, "**"...)
		}
		b = append(b, " |"...)
	}
	return append(b, '\n')
}

// mdEscapeFrom escapes b[n:] as mdEscape does, in place when nothing needs it.
func mdEscapeFrom(b []byte, n int) []byte {
	for _, c := range b[n:] {
		if mdSpecial[c] {
			return append(b[:n], mdEscape(string(b[n:]))...)
		}
	}
	return b
}

// appendDisplayTime appends t as display prints a time: "2006-01-02 15:04:05", in t's
// zone.
func appendDisplayTime(b []byte, t time.Time) []byte {
	y, mo, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(b, time.DateTime)
	}
	h, mi, s := t.Clock()
	b = appendYMD(b, y, mo, d)
	b = append2(append(b, ' '), h)
	b = append2(append(b, ':'), mi)
	return append2(append(b, ':'), s)
}

func mdLine(bw *bufio.Writer, cells []string) {
	bw.WriteString("| " + strings.Join(cells, " | ") + " |\n")
}

// mdSpecial are the bytes mdEscape may change: the table's own (pipe, line breaks), the
// backslash, and the punctuation that starts inline markup in CommonMark and GitHub
// (emphasis, code, links, HTML, entities, strikethrough, math).
var mdSpecial = func() (t [256]bool) {
	for _, c := range []byte("\\|\r\n*_`[]<>&~$") {
		t[c] = true
	}
	return t
}()

// mdEscape makes s safe inside a GitHub table cell, shown as written: a pipe or a
// markup character is backslash-escaped, a line break is <br>. An underscore inside a
// word (bill_date) and an ampersand that starts no entity (AT&T, R&D; not &amp;) stay
// as they are, as no renderer reads them as markup.
func mdEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\r' && i+1 < len(s) && s[i+1] == '\n':
			continue // the <br> is written for the \n
		case c == '\r' || c == '\n':
			b.WriteString("<br>")
		case c == '_' && i > 0 && i+1 < len(s) && wordByte(s[i-1]) && wordByte(s[i+1]),
			c == '&' && !entityAt(s[i+1:]),
			!mdSpecial[c]:
			b.WriteByte(c)
		default:
			b.WriteByte('\\')
			b.WriteByte(c)
		}
	}
	return b.String()
}

// wordByte says whether c is part of a word for emphasis: a letter or digit, or a byte
// of a non-ASCII character.
func wordByte(c byte) bool { return isASCIILetter(c) || c >= '0' && c <= '9' || c >= 0x80 }

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// entityAt says whether s, what follows an ampersand, would make it an entity or a
// character reference: letters, digits or '#' up to a semicolon.
func entityAt(s string) bool {
	for i := 0; i < len(s) && i < 40; i++ {
		switch c := s[i]; {
		case c == ';':
			return i > 0
		case !wordByte(c) && c != '#' || c >= 0x80:
			return false
		}
	}
	return false
}
