package report

import (
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// xlsxProps pins the workbook properties so the file does not depend on the clock
// (canonicalXLSX then writes docProps/core.xml in the form every reader accepts).
var xlsxProps = &excelize.DocProperties{
	Creator:        "pkgctl",
	LastModifiedBy: "pkgctl",
	Created:        "2000-01-01T00:00:00Z",
	Modified:       "2000-01-01T00:00:00Z",
}

// renderXLSX writes one sheet per table (named Table.Name, in order; no default
// "Sheet1"): a bold frozen header, typed cells, an autofilter over header and data,
// column widths from the content, and the table's Chart to the right of the data.
// Sheets hold data only, no totals row, so that pivot tables, filters and pkgctl's own
// loader (check --bills) read every row as data; totals live in the Summary sheets.
// Equal documents give equal bytes (see canonicalXLSX).
// Tables holding up to widthRows rows are written through excelize's in-memory writer;
// the sheets of longer ones and of tables that make their rows are written row by row as
// the workbook is copied out (xlsx_stream.go), so that no listing is ever held twice
// (excelize holds about 3 KB a cell row and takes 30 µs to place it).
func renderXLSX(w io.Writer, doc *Document) error {
	if len(doc.Tables) == 0 {
		return errors.New("report: an xlsx workbook needs at least one table")
	}
	for _, t := range doc.Tables { // before any work (a Stream's length is only known at its end)
		if n := t.Len(); n+1 > excelize.TotalRows {
			return &TooManyRowsError{Sheet: t.Name, Rows: n, Max: excelize.TotalRows - 1}
		}
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDocProps(xlsxProps); err != nil {
		return err
	}
	st := &xlsxStyles{f: f, prec: doc.Precision, ids: map[styleKey]int{}}
	streams := map[string]*sheetStream{} // by sheet name
	for i, t := range doc.Tables {
		var err error
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), t.Name)
		} else {
			_, err = f.NewSheet(t.Name)
		}
		if err != nil {
			return fmt.Errorf("report: sheet %q: %w", t.Name, err)
		}
		if !t.produced() && len(t.Rows) > widthRows {
			held := t.Rows
			c := *t // the document is not changed
			c.N, c.Row = len(held), func(i int, buf []Cell) []Cell { return append(buf, held[i]...) }
			t = &c
		}
		if t.produced() {
			s, err := templateSheet(f, t, i, doc, st)
			if err != nil {
				return fmt.Errorf("report: sheet %q: %w", t.Name, err)
			}
			streams[t.Name] = s
			continue
		}
		if err := writeSheet(f, t, doc, st); err != nil {
			if tl := (*TextTooLongError)(nil); errors.As(err, &tl) {
				return err // names the sheet itself
			}
			return fmt.Errorf("report: sheet %q: %w", t.Name, err)
		}
	}
	f.SetActiveSheet(0)
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	return canonicalXLSX(w, buf.Bytes(), streams, doc)
}

// MaxSheetRows is the most rows an xlsx sheet holds under its header row.
const MaxSheetRows = excelize.TotalRows - 1

// TooManyRowsError is returned by xlsx rendering when a table has more rows than a
// sheet holds under its header row (Excel's 1,048,576 rows in all). Nothing is written
// when the table's length is known beforehand; a Stream table is found out as its rows
// are written (they are counted to the end), so the output must be discarded
// (WriteFile does).
type TooManyRowsError struct {
	Sheet     string
	Rows, Max int
}

func (e *TooManyRowsError) Error() string {
	return fmt.Sprintf("report: sheet %q would have %d rows; an xlsx sheet holds %d under its header", e.Sheet, e.Rows, e.Max)
}

// writeSheet fills one sheet: charts, header, rows, then layout. The charts come first:
// placing one reads the height of every row above and below its anchor, each a scan of
// the sheet's rows, which on an empty sheet costs nothing (and no row has a height of
// its own, so the anchors are the same).
func writeSheet(f *excelize.File, t *Table, doc *Document, st *xlsxStyles) error {
	sheet := t.Name
	if err := addChart(f, t); err != nil {
		return err
	}
	for j, c := range t.Columns {
		if err := writeXLSXCell(f, sheet, cellRef(j, 1), Text(c.Key), doc, st, styleKey{bold: true}); err != nil {
			return err
		}
	}
	err := t.each(func(i int, row []Cell) error {
		for j, c := range row {
			if err := fitCell(t, i+2, j, &c); err != nil {
				return err
			}
			if err := writeXLSXCell(f, sheet, cellRef(j, i+2), c, doc, st, styleKey{kind: c.kind()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return layoutSheet(f, t, doc)
}

// cellRef names the cell at 0-based column j and 1-based row r ("B3").
func cellRef(j, r int) string {
	ref, _ := excelize.CoordinatesToCellName(j+1, r)
	return ref
}

// colName names the 0-based column j ("A", "AB").
func colName(j int) string {
	name, _ := excelize.ColumnNumberToName(j + 1)
	return name
}
