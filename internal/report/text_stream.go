package report

import (
	"bufio"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

// renderText writes the human table output: through tablewriter (table.go) when every
// table holds its rows or makes them on demand, else every table streamed (a Stream
// table is never held): each table's columns are measured over all its rows first, then
// the tables are printed, row by row, exactly as tablewriter's ASCII layout prints
// them (textLayout). A Stream is thus produced twice. The tables are measured last to
// first, so that a table may sum up the ones after it as they are measured (a summary
// printed above its listing, accumulated while the listing is measured).
func renderText(w io.Writer, doc *Document) error {
	streamed := false
	for _, t := range doc.Tables {
		streamed = streamed || t.Stream != nil
	}
	if !streamed {
		return renderTable(w, doc)
	}
	layouts := make([]*textLayout, len(doc.Tables))
	for i := len(doc.Tables) - 1; i >= 0; i-- {
		var err error
		if layouts[i], err = measureText(doc.Tables[i], doc); err != nil {
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

// textLayout is a table's text layout: the columns shown (not Wide), their widths and
// alignment, and the totals row.
type textLayout struct {
	shown  []int
	width  []int // content width per shown column
	right  []bool
	footer []string // nil without totals
	rows   int
}

// textLines is a cell's text as tablewriter prints it with pkgctl's settings: tabs at
// either end trimmed, the others expanded, one line per "\n".
func textLines(s string) []string {
	s = strings.Trim(s, "\t")
	if strings.Contains(s, "\t") {
		s = strings.ReplaceAll(s, "\t", strings.Repeat(" ", twwidth.TabWidth()))
	}
	return strings.Split(s, "\n")
}

// measureText goes through t's rows once for the widths and the totals.
func measureText(t *Table, doc *Document) (*textLayout, error) {
	lay := &textLayout{}
	for j, c := range t.Columns {
		if !c.Wide {
			lay.shown = append(lay.shown, j)
			lay.right = append(lay.right, c.Kind.numeric())
		}
	}
	lay.width = make([]int, len(lay.shown))
	fit := func(cells []string) {
		for k, j := range lay.shown {
			for _, line := range textLines(cells[j]) {
				lay.width[k] = max(lay.width[k], twwidth.Width(line))
			}
		}
	}
	header := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		header[j] = c.Key
	}
	fit(header)
	tot := newTotaler(t)
	err := t.each(func(i int, row []Cell) error {
		tot.add(i, row)
		fit(displayRow(row, doc))
		lay.rows++
		return nil
	})
	if err != nil {
		return nil, err
	}
	if tot != nil {
		lay.footer = displayRow(tot.row(), doc)
		fit(lay.footer)
	}
	return lay, nil
}

// print writes the table: border, header, separator, rows, then the totals between
// separators and the bottom border (without rows or totals, the header's separator
// closes the table).
func (lay *textLayout) print(bw *bufio.Writer, t *Table, doc *Document) error {
	var rule strings.Builder
	rule.WriteByte('+')
	for _, w := range lay.width {
		rule.WriteString(strings.Repeat("-", w+2))
		rule.WriteByte('+')
	}
	rule.WriteByte('\n')
	border := rule.String()
	bw.WriteString(border)
	header := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		header[j] = c.Key
	}
	lay.line(bw, header, false)
	bw.WriteString(border)
	rows := 0
	err := t.each(func(_ int, row []Cell) error {
		lay.line(bw, displayRow(row, doc), true)
		rows++
		return nil
	})
	if err != nil {
		return err
	}
	if rows != lay.rows {
		return errStreamChanged(t)
	}
	if lay.footer != nil {
		bw.WriteString(border)
		lay.line(bw, lay.footer, false)
	}
	if lay.footer != nil || rows > 0 {
		bw.WriteString(border)
	}
	return nil
}

// line writes one row of cells (several lines when a cell has several); in data rows a
// continuation line that is blank everywhere is left out, as tablewriter does.
func (lay *textLayout) line(bw *bufio.Writer, cells []string, data bool) {
	simple := true // one line each, no tab (most rows): no splitting
	for _, j := range lay.shown {
		simple = simple && !strings.ContainsAny(cells[j], "\t\n")
	}
	if simple {
		bw.WriteByte('|')
		for k, j := range lay.shown {
			lay.cell(bw, cells[j], k)
		}
		bw.WriteByte('\n')
		return
	}
	lines := make([][]string, len(lay.shown))
	height := 1
	for k, j := range lay.shown {
		lines[k] = textLines(cells[j])
		height = max(height, len(lines[k]))
	}
	for n := range height {
		if n > 0 && data {
			blank := true
			for k := range lines {
				if n < len(lines[k]) && strings.Trim(lines[k][n], "\t") != "" {
					blank = false
				}
			}
			if blank {
				continue
			}
		}
		bw.WriteByte('|')
		for k := range lay.shown {
			s := ""
			if n < len(lines[k]) {
				s = lines[k][n]
			}
			lay.cell(bw, s, k)
		}
		bw.WriteByte('\n')
	}
}

// cell writes one line of shown column k, padded and aligned, and the border after it.
func (lay *textLayout) cell(bw *bufio.Writer, s string, k int) {
	pad := max(0, lay.width[k]-twwidth.Width(s))
	bw.WriteByte(' ')
	if lay.right[k] {
		writeSpaces(bw, pad)
		bw.WriteString(s)
	} else {
		bw.WriteString(s)
		writeSpaces(bw, pad)
	}
	bw.WriteString(" |")
}

var spaces = strings.Repeat(" ", 128)

func writeSpaces(bw *bufio.Writer, n int) {
	for n > 0 {
		k := min(n, len(spaces))
		bw.WriteString(spaces[:k])
		n -= k
	}
}
