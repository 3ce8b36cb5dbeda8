package report

import (
	"io"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// renderTable writes every table as an aligned ASCII table (tablewriter): headers are
// the column keys as written, numeric columns right-aligned, a "total" footer when a
// column is totalled. With several tables each is preceded by its Name on a line of its
// own, and tables are separated by a blank line.
func renderTable(w io.Writer, doc *Document) error {
	for i, t := range doc.Tables {
		if i > 0 {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
		}
		if len(doc.Tables) > 1 {
			if _, err := io.WriteString(w, t.Name+"\n"); err != nil {
				return err
			}
		}
		if err := writeTextTable(w, t, doc); err != nil {
			return err
		}
	}
	return nil
}

func writeTextTable(w io.Writer, t *Table, doc *Document) error {
	var shown []int // the columns not marked Wide
	for j, c := range t.Columns {
		if !c.Wide {
			shown = append(shown, j)
		}
	}
	pick := func(cells []string) []string {
		out := make([]string, len(shown))
		for i, j := range shown {
			out[i] = cells[j]
		}
		return out
	}
	align := make(tw.Alignment, len(shown))
	header := make([]string, len(shown))
	for i, j := range shown {
		c := t.Columns[j]
		header[i] = c.Key
		align[i] = tw.AlignLeft
		if c.Kind.numeric() {
			align[i] = tw.AlignRight
		}
	}
	tbl := tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithFooterAutoFormat(tw.Off),
		tablewriter.WithRowAutoFormat(tw.Off),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithFooterAutoWrap(tw.WrapNone),
		tablewriter.WithTrimSpace(tw.Off),
		tablewriter.WithAlignment(align),
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{Global: tw.AlignLeft, PerColumn: align}),
	)
	tbl.Header(header)
	tot := t.newTotaler()
	err := t.each(func(i int, row []Cell) error {
		tot.add(i, row)
		return tbl.Append(pick(displayRow(row, doc)))
	})
	if err != nil {
		return err
	}
	if rows := tot.rows(); len(rows) > 0 {
		tbl.Footer(footerLines(rows, doc, pick))
	}
	return tbl.Render()
}

// footerLines is the footer of several totals rows (one per currency): each cell holds
// the rows' texts one per line.
func footerLines(rows [][]Cell, doc *Document, pick func([]string) []string) []string {
	out := pick(displayRow(rows[0], doc))
	for _, row := range rows[1:] {
		for i, s := range pick(displayRow(row, doc)) {
			out[i] += "\n" + s
		}
	}
	return out
}
