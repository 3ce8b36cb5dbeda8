package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

// renderTable writes every table as an aligned ASCII table: headers are the column keys
// as written, numeric columns right-aligned, a "total" footer when a column is totalled.
// With several tables each is preceded by its Name on a line of its own, and tables are
// separated by a blank line.
//
// A table streams: its rows are read twice through Table.each, once to measure the
// columns and once to print them, so a million-row listing is never held as text. The
// bytes are those of tablewriter's ASCII style (TestTableMatchesTablewriter), whose
// display widths (twwidth) it uses. With Document.Width (a terminal) the text columns
// are narrowed until the table fits, their longer cells cut with "…"; numbers, times and
// dates are never cut. A line break or tab in a cell prints as a space, so that every
// row is one line.
func renderTable(w io.Writer, doc *Document) error {
	// Every table is measured first, last to first, then printed: a table may sum up the
	// ones after it while they are measured (why's Summary above its Records).
	layouts := make([]*textTable, len(doc.Tables))
	for i := len(doc.Tables) - 1; i >= 0; i-- {
		var err error
		if layouts[i], err = measureTextTable(doc.Tables[i], doc); err != nil {
			return err
		}
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	for i, t := range doc.Tables {
		if i > 0 {
			bw.WriteString("\n")
		}
		if len(doc.Tables) > 1 {
			bw.WriteString(t.Name + "\n")
		}
		if err := layouts[i].print(bw, t, doc); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// textTable is the layout of one table: the columns shown (not Wide), their widths and
// alignment, and its totals rows.
type textTable struct {
	shown   []int // indexes of the shown columns
	header  []string
	width   []int // display width of each shown column
	right   []bool
	cut     []bool // the column was narrowed: longer cells are cut
	didCut  bool   // a cell was cut
	footers [][]Cell
	rows    int
	line    []byte
	border  []byte
}

// measureTextTable reads t's rows once: the widths, the totals (one row per currency
// with TotalBy) and, on a terminal, the narrowing that fits it.
func measureTextTable(t *Table, doc *Document) (*textTable, error) {
	tt := &textTable{}
	for j, c := range t.Columns {
		if !c.Wide {
			tt.shown = append(tt.shown, j)
			tt.header = append(tt.header, c.Key)
			tt.width = append(tt.width, displayWidth(c.Key))
			tt.right = append(tt.right, c.Kind.numeric())
		}
	}
	tt.cut = make([]bool, len(tt.shown))
	measure := func(row []Cell) {
		for i, j := range tt.shown {
			if w := displayWidth(cellText(row[j], doc)); w > tt.width[i] {
				tt.width[i] = w
			}
		}
	}
	tot := t.newTotaler()
	err := t.each(func(i int, row []Cell) error {
		tot.add(i, row)
		measure(row)
		tt.rows++
		return nil
	})
	if err != nil {
		return nil, err
	}
	tt.footers = tot.rows()
	for _, f := range tt.footers {
		measure(f)
	}
	if doc.Width > 0 {
		tt.fit(t, tt.header, doc.Width)
	}
	return tt, nil
}

// print writes the table as measured: border, header, rows, totals, border.
func (tt *textTable) print(bw *bufio.Writer, t *Table, doc *Document) error {
	tt.border = tt.rule()
	bw.Write(tt.border)
	tt.writeLine(bw, tt.header)
	bw.Write(tt.border)
	cells := make([]string, len(tt.shown))
	rows := 0
	err := t.each(func(_ int, row []Cell) error {
		rows++
		for i, j := range tt.shown {
			cells[i] = cellText(row[j], doc)
		}
		_, err := tt.writeLine(bw, cells)
		return err
	})
	if err != nil {
		return err
	}
	if rows != tt.rows {
		return fmt.Errorf("report: table %q gave %d rows when printed, %d when measured", t.Name, rows, tt.rows)
	}
	if len(tt.footers) > 0 {
		bw.Write(tt.border)
		for _, footer := range tt.footers {
			for i, j := range tt.shown {
				cells[i] = cellText(footer[j], doc)
			}
			tt.writeLine(bw, cells)
		}
	}
	doc.Cut = doc.Cut || tt.didCut
	if rows == 0 && len(tt.footers) == 0 { // as tablewriter, an empty table ends under its header: say so
		_, err = bw.WriteString(noRows + "\n")
		return err
	}
	_, err = bw.Write(tt.border)
	return err
}

// cellText is a cell as the table prints it: display text, one line.
func cellText(c Cell, doc *Document) string {
	s := c.display(doc.Precision, doc.Location)
	if c.kind() == KindText && strings.ContainsAny(s, "\t\n\r") {
		s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ").Replace(s)
	}
	return s
}

// minCut is the narrowest a text column is made to fit a terminal (or its header's width,
// when that is wider).
const minCut = 12

// fit narrows the text columns, widest first, until the table is at most width wide or
// no text column can be narrowed further.
func (tt *textTable) fit(t *Table, header []string, width int) {
	total := 1
	for _, w := range tt.width {
		total += w + 3
	}
	for total > width {
		best := -1
		for i, j := range tt.shown {
			if t.Columns[j].Kind != KindText || tt.width[i] <= max(minCut, displayWidth(header[i])) {
				continue
			}
			if best < 0 || tt.width[i] > tt.width[best] {
				best = i
			}
		}
		if best < 0 {
			return
		}
		tt.width[best]--
		tt.cut[best] = true
		total--
	}
}

// rule is a border line: +----+----+.
func (tt *textTable) rule() []byte {
	b := []byte{'+'}
	for _, w := range tt.width {
		for range w + 2 {
			b = append(b, '-')
		}
		b = append(b, '+')
	}
	return append(b, '\n')
}

// writeLine writes one row of cells in the columns' alignment: | a    |    1 |.
func (tt *textTable) writeLine(bw *bufio.Writer, cells []string) (int, error) {
	b := append(tt.line[:0], '|')
	for i, s := range cells {
		w := displayWidth(s)
		if tt.cut[i] && w > tt.width[i] {
			tt.didCut = true
			s = cutTo(s, tt.width[i])
			w = displayWidth(s)
		}
		pad := tt.width[i] - w
		b = append(b, ' ')
		if tt.right[i] {
			b = appendSpaces(b, pad)
			b = append(b, s...)
		} else {
			b = append(b, s...)
			b = appendSpaces(b, pad)
		}
		b = append(b, ' ', '|')
	}
	b = append(b, '\n')
	tt.line = b
	return bw.Write(b)
}

func appendSpaces(b []byte, n int) []byte {
	for range n {
		b = append(b, ' ')
	}
	return b
}

// displayWidth is the terminal width of s: its length for printable ASCII, else as
// tablewriter measures it (wide CJK characters count two).
func displayWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return twwidth.Width(s)
		}
	}
	return len(s)
}

// cutTo shortens s to at most width display columns, ending it with "…".
func cutTo(s string, width int) string {
	if width <= 1 {
		return "…"
	}
	used, end := 0, 0
	for i, r := range s {
		rw := displayWidth(string(r))
		if used+rw > width-1 {
			break
		}
		used += rw
		end = i + utf8.RuneLen(r)
	}
	return s[:end] + "…"
}
