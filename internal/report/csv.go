package report

import (
	"encoding/csv"
	"io"
)

// renderCSV writes Tables[0] as RFC 4180 CSV: one header row of column keys, then one
// record per row in §4.1 text. Further tables are not written (a CSV file has one
// header); no totals row. A document without tables writes nothing.
func renderCSV(w io.Writer, doc *Document) error {
	if len(doc.Tables) == 0 {
		return nil
	}
	t := doc.Tables[0]
	cw := csv.NewWriter(w)
	header := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		header[j] = c.Key
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, row := range t.Rows {
		if err := cw.Write(formatRow(row, doc)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// formatRow prints every cell of row as §4.1 text.
func formatRow(row []Cell, doc *Document) []string {
	out := make([]string, len(row))
	for j, c := range row {
		out[j] = c.format(doc.Precision, doc.Location)
	}
	return out
}

// displayRow prints a row for people (table and markdown).
func displayRow(row []Cell, doc *Document) []string {
	out := make([]string, len(row))
	for j, c := range row {
		out[j] = c.display(doc.Precision, doc.Location)
	}
	return out
}
