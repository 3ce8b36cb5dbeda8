// Package report is pkgctl's one rendering layer: commands build a Document from their
// domain results, and Render turns any Document into any output format (table, csv, json,
// markdown, xlsx, parquet). WriteFile puts the result on disk atomically.
//
// Model: a Document is a list of Tables; a Table has typed Columns and rows of Cells,
// held (Rows), made on demand (N/Row) or produced by a generator (Stream). Tables whose
// rows are made are written as they come in every format, never held (stream.go).
// The cell's Kind decides how its value prints (rules.md §4.1), the column's Kind decides alignment,
// totals and spreadsheet number formats.
//
// Invariants:
//   - every row has exactly one cell per column, and every non-empty cell has its
//     column's Kind (Render checks this and returns an error otherwise);
//   - decimals never pass through float64: text formats print the decimal's exact
//     digits (money with Document.Precision decimals, quantities normalized), and
//     xlsx stores that same text in a numeric cell;
//   - output is a pure function of the Document: rendering twice gives the same bytes;
//   - a CSV text cell that a spreadsheet would run as a formula is written through
//     NeutralizeFormula; numbers never are;
//   - the text table streams its rows (two passes through Table.each), as CSV does.
package report

import (
	"fmt"
	"io"
	"time"
)

// Column describes one column of a Table.
type Column struct {
	Key   string // snake_case name: CSV header, JSON key, table and sheet header
	Kind  Kind   // the kind of every non-empty cell in the column
	Total bool   // sum the column in the table/markdown footer and the xlsx totals row
	Wide  bool   // detail left out of the human table output (present in every other format)
	// NumberText: the column's text cells may be NumberText (check's expected and
	// actual), numbers in xlsx with their decimals shown; a streamed sheet makes the
	// number format of every count of decimals such a cell may have before its rows (a
	// NumberText cell in a produced table's column without it is a bug: xlsx panics).
	NumberText bool
}

// Table is one listing: a sheet in xlsx, a titled block in table and markdown output.
type Table struct {
	Name    string // sheet name and title, e.g. "Bills"; JSON key in snake_case
	Columns []Column
	Rows    [][]Cell
	// Lazy, when set, makes Rows once a format is to write the table, not before: a
	// table beside a listing that some formats leave out (CSV and Parquet write the
	// first table only) costs those nothing.
	Lazy  func() [][]Cell
	Chart *Chart // optional; rendered by xlsx only
	// Charts are further charts (xlsx only), each drawn below the one before.
	Charts []*Chart
	// TotalIf, when set, says which rows count in the totals row (e.g. not provisional
	// ones); nil counts every row.
	TotalIf func(row int) bool
	// TotalBy, when set, is the key of a text column (e.g. "currency") whose values split
	// the totals: one totals row per value, so amounts of two currencies never add up.
	TotalBy string
	// TotalIn, when set (a table without a column to split the totals by), is the
	// currency of row's totalled amounts; known is false when an amount the row should
	// have is missing (a pay-per-use cost without a unit price). The totals row is left
	// out when the rows counted are in more than one currency or one is not known: it
	// would add up amounts that do not add.
	TotalIn func(row int) (currency string, known bool)
	// N and Row, when Row is set, produce the rows on demand instead of Rows: row i is
	// Row(i, buf), which may build it in buf. Large listings use them so that a million
	// rows are never held as cells at once.
	N   int
	Row func(i int, buf []Cell) []Cell
	// Concurrent says Row may be called from several goroutines at once (it only reads
	// shared data): CSV, JSON and Parquet output then make blocks of rows on every core.
	Concurrent bool
	// Prefetch, when set with Row, is called with a row's index some rows before Row is
	// (prefetchAhead), to start loading what Row will read (records reached through
	// pointers) so that those memory latencies overlap. It must change nothing.
	Prefetch func(i int)
	// Stencil, when set with Row, lets a CSV writer skip what rows of one kind share
	// (stencil.go): it returns row i's stencil s, 1 … Stencils, and only the cells of
	// the Vary columns (in order), when every row of stencil s has the very cells of
	// row i in the other columns; or 0 and the whole row, as Row gives it. Row still
	// gives every row whole (other formats, and the shared cells, come from it). The
	// bytes are those of formatting every row whole.
	Stencil  func(i int, buf []Cell) (int, []Cell)
	Stencils int
	Vary     []int // increasing column indexes
	// Stream, when set, produces the rows instead of Rows and N/Row, for listings whose
	// rows come from a generator and whose length is only known at the end: it calls
	// yield with each row in order (yield keeps nothing of it) and returns the first
	// error yield returns. Every format writes the rows as they come (see stream.go);
	// a format that must see every row first (the text table measures its columns)
	// calls Stream twice, so it must give the same rows each time.
	Stream func(yield func(row []Cell) error) error
}

// prefetchAhead is how many rows before Row a row's Prefetch is called.
const prefetchAhead = 8

// Len is the number of rows; -1 for a Stream table (known once its rows are written).
func (t *Table) Len() int {
	switch {
	case t.Stream != nil:
		return -1
	case t.Row != nil:
		return t.N
	}
	return len(t.Rows)
}

// each calls fn with every row in order, checking that the row fits the columns.
func (t *Table) each(fn func(i int, row []Cell) error) error {
	if t.Stream != nil {
		i := 0
		return t.Stream(func(row []Cell) error {
			if err := t.checkRow(i, row); err != nil {
				return err
			}
			i++
			return fn(i-1, row)
		})
	}
	var buf []Cell
	for i, n := 0, t.Len(); i < n; i++ {
		var row []Cell
		if t.Row != nil {
			buf = t.Row(i, buf[:0])
			row = buf
		} else {
			row = t.Rows[i]
		}
		if err := t.checkRow(i, row); err != nil {
			return err
		}
		if err := fn(i, row); err != nil {
			return err
		}
	}
	return nil
}

// checkRow enforces the invariants: one cell per column, each of its column's kind.
func (t *Table) checkRow(i int, row []Cell) error {
	if len(row) != len(t.Columns) {
		return fmt.Errorf("report: table %q row %d: %d cells for %d columns", t.Name, i+1, len(row), len(t.Columns))
	}
	for j := range row {
		if err := t.checkCell(i, j, &row[j]); err != nil {
			return err
		}
	}
	return nil
}

// checkCell enforces that cell c of row i is empty or of column j's kind.
func (t *Table) checkCell(i, j int, c *Cell) error {
	if c.set() && c.kind() != t.Columns[j].Kind {
		return fmt.Errorf("report: table %q row %d column %q: %s cell in a %s column",
			t.Name, i+1, t.Columns[j].Key, c.kind(), t.Columns[j].Kind)
	}
	return nil
}

// Chart is a stacked column chart drawn to the right of a table's data (xlsx only).
type Chart struct {
	Title    string
	Category string   // column key of the x axis
	Series   []string // column keys, one stacked series each
	// Line draws a line per series instead of stacked columns (ratios, running totals).
	Line bool
	// From and To, when To > 0, chart only the data rows [From, To) (0-based): one
	// chart per part of a listing, e.g. per package.
	From, To int
	// Per, when set, is a text column the rows are ordered by (a summary by currency,
	// then month): with several values there, the chart is drawn once per run of rows
	// sharing one, over those rows, titled with it ("… (USD)"), so that amounts in two
	// currencies never share a chart, nor two bars one month label.
	Per string
}

// Document is everything one command prints.
type Document struct {
	Tables    []*Table
	JSON      any            // the exact rules.md §4.1 object; nil renders the default object (see renderJSON)
	Precision int32          // decimals of Money cells
	Location  *time.Location // zone of Time cells; nil keeps each time's own zone
	// Text optionally replaces the human "table" output; nil renders every Table.
	Text func(w io.Writer) error
	// Width, when above zero, is the width of the terminal the table output goes to:
	// its text columns are narrowed to fit (see renderTable). Zero: full width.
	Width int
	// Cut is set by Render when it cut text cells to fit Width.
	Cut bool
	// Custom overrides the rendering of any format (e.g. FormatFocus); it wins over
	// Text and JSON.
	Custom map[Format]func(w io.Writer) error
}

// totalLabel is the text of the totals row's label cell.
const totalLabel = "total"

// noRows is what the table and markdown print under the header of a table without a
// row, so that an empty listing says it is empty.
const noRows = "(no rows)"
