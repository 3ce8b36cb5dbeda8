package report

import (
	"bufio"
	"io"
	"strings"
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
	tot := newTotaler(t) // summed on the way: the rows are read once
	err := t.each(func(i int, row []Cell) error {
		tot.add(i, row)
		cells := displayRow(row, doc)
		for j := range cells {
			cells[j] = mdEscape(cells[j])
		}
		mdLine(bw, cells)
		return nil
	})
	if err != nil {
		return err
	}
	if tot != nil {
		cells := displayRow(tot.row(), doc)
		for j := range cells {
			if cells[j] != "" {
				cells[j] = "**" + mdEscape(cells[j]) + "**"
			}
		}
		mdLine(bw, cells)
	}
	return nil
}

func mdLine(bw *bufio.Writer, cells []string) {
	bw.WriteString("| " + strings.Join(cells, " | ") + " |\n")
}

var mdReplacer = strings.NewReplacer(`\`, `\\`, "|", `\|`, "\r\n", "<br>", "\n", "<br>", "\r", "<br>")

// mdEscape makes s safe inside a GitHub table cell.
func mdEscape(s string) string {
	if !strings.ContainsAny(s, "\\|\r\n") {
		return s
	}
	return mdReplacer.Replace(s)
}
