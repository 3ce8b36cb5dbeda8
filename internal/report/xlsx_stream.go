package report

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// Streamed sheets. The sheet of a table whose rows are produced (N/Row, Stream) is
// written by pkgctl, row by row into its zip entry while the workbook is copied out
// (canonicalXLSX): excelize makes the workbook around it (styles, the header row,
// frozen panes, the autofilter, charts of other sheets) with the header only, and its
// in-memory writer never holds the rows. (excelize's StreamWriter cannot be used: it
// writes numbers only from Go ints and float64, and pkgctl stores a decimal's exact
// text in a numeric cell.) The cells are those excelize would store: numbers, dates and
// times as numbers with the same styles, booleans as booleans, text as inline strings
// escaped as excelize escapes them. Column widths come from the header and the first
// widthRows rows. A Stream table's length is known at the end: its sheet gets no
// dimension element (optional), its autofilter and the workbook's filter name are
// completed once the rows are written, and a sheet that outgrows Excel's limit stops the
// rendering with a *TooManyRowsError (the rows are still counted, for the message).

// widthRows is how many rows of a streamed sheet its column widths are measured on.
const widthRows = 1000

// sheetStream is a streamed sheet: its table and the styles of its columns.
type sheetStream struct {
	t      *Table
	index  int   // the sheet's position in the workbook
	styles []int // per column, the style of its cells (0: none)
	// per NumberText column, the style of a NumberText cell by its count of decimals
	// (nil for other columns)
	numStyles [][]int
	rows      int // data rows written
}

// maxNumberTextDecimals is the most decimals a NumberText cell stored as a number may
// have (numberText: at most 15 digits, one of them before the point).
const maxNumberTextDecimals = 14

// produced reports whether t makes its rows (N/Row, Stream) rather than holding them.
func (t *Table) produced() bool { return t.Row != nil || t.Stream != nil }

// templateSheet writes a streamed table's sheet as excelize holds it: the header, the
// layout (frozen header, autofilter and dimension over the header and its N rows when N
// is known, else over the header alone), the chart; the rows come later (stream).
func templateSheet(f *excelize.File, t *Table, index int, doc *Document, st *xlsxStyles) (*sheetStream, error) {
	s := &sheetStream{t: t, index: index, styles: make([]int, len(t.Columns))}
	for j, c := range t.Columns {
		if err := writeXLSXCell(f, t.Name, cellRef(j, 1), Text(c.Key), doc, st, styleKey{bold: true}); err != nil {
			return nil, err
		}
		id, err := st.id(styleKey{kind: c.Kind})
		if err != nil {
			return nil, err
		}
		s.styles[j] = id
		if c.NumberText {
			if s.numStyles == nil {
				s.numStyles = make([][]int, len(t.Columns))
			}
			s.numStyles[j] = make([]int, maxNumberTextDecimals+1)
			for n := range s.numStyles[j] { // the style writeXLSXCell gives such a cell
				if s.numStyles[j][n], err = st.id(styleKey{kind: c.Kind, decimals: int8(n + 1)}); err != nil {
					return nil, err
				}
			}
		}
	}
	if len(t.Columns) == 0 {
		return s, nil
	}
	err := f.SetPanes(t.Name, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	})
	if err != nil {
		return nil, err
	}
	last := cellRef(len(t.Columns)-1, max(t.Len(), 0)+1)
	if err := f.AutoFilter(t.Name, "A1:"+last, nil); err != nil {
		return nil, err
	}
	if err := f.SetSheetDimension(t.Name, "A1:"+last); err != nil {
		return nil, err
	}
	if t.Chart != nil && t.Stream != nil {
		return nil, errors.New("a streamed table cannot carry a chart")
	}
	return s, addChart(f, t)
}

var (
	dimensionElem  = regexp.MustCompile(`<dimension [^>]*(/>|></dimension>)`)
	autoFilterElem = regexp.MustCompile(`<autoFilter ref="[^"]*"`)
)

// stream writes the sheet's part: template is excelize's (header row only), the rows
// are made now.
func (s *sheetStream) stream(w io.Writer, template []byte, doc *Document) error {
	t := s.t
	open, end := bytes.Index(template, []byte("<sheetData>")), bytes.LastIndex(template, []byte("</sheetData>"))
	if open < 0 || end < open {
		return fmt.Errorf("report: sheet %q: no sheet data in the workbook excelize made", t.Name)
	}
	head, header, tail := template[:open], template[open+len("<sheetData>"):end], template[end:]
	if t.Stream != nil {
		head = dimensionElem.ReplaceAllLiteral(head, nil) // the length is known at the end only
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	names := make([]string, len(t.Columns))
	for j := range names {
		names[j] = colName(j)
	}
	widths := make([]int, len(t.Columns))
	for j, c := range t.Columns {
		widths[j] = textWidth(c.Key) + 3
	}
	var buf []byte // the first rows, until the widths are known
	started := false
	start := func() {
		bw.Write(head)
		bw.WriteString("<cols>")
		for j, w := range widths {
			fmt.Fprintf(bw, `<col customWidth="true" max="%d" min="%d" width="%d"></col>`, j+1, j+1,
				min(max(w, minColWidth), maxColWidth))
		}
		bw.WriteString("</cols><sheetData>")
		bw.Write(header)
		bw.Write(buf)
		buf, started = nil, true
	}
	memo := make([]colMemo, len(t.Columns))
	var line []byte
	total := 0
	err := t.each(func(i int, row []Cell) error {
		total++
		if i+2 > excelize.TotalRows {
			return nil // counted, not written
		}
		var err error
		if line, err = s.appendRow(line[:0], i+2, row, names, memo, doc); err != nil {
			return err
		}
		if started {
			_, err := bw.Write(line)
			return err
		}
		for j := range row {
			if row[j].set() {
				widths[j] = max(widths[j], shownWidth(row[j], doc)+2)
			}
		}
		buf = append(buf, line...)
		if i+1 == widthRows {
			start()
		}
		return nil
	})
	if err != nil {
		return err
	}
	if total+1 > excelize.TotalRows {
		return &TooManyRowsError{Sheet: t.Name, Rows: total, Max: excelize.TotalRows - 1}
	}
	if !started {
		start()
	}
	s.rows = total
	if t.Stream != nil && len(t.Columns) > 0 {
		tail = autoFilterElem.ReplaceAllLiteral(tail, []byte(`<autoFilter ref="`+s.filterRef()+`"`))
	}
	bw.Write(tail)
	return bw.Flush()
}

// filterRef is the absolute range of the header and the rows written.
func (s *sheetStream) filterRef() string {
	last := colName(len(s.t.Columns) - 1)
	return fmt.Sprintf("$A$1:$%s$%d", last, s.rows+1)
}

// appendRow appends row r's XML; a text longer than a cell holds is a *TextTooLongError.
func (s *sheetStream) appendRow(b []byte, r int, row []Cell, names []string, memo []colMemo, doc *Document) ([]byte, error) {
	rs := strconv.Itoa(r)
	b = append(append(append(b, `<row r="`...), rs...), `">`...)
	for j := range row {
		c := &row[j]
		if !c.set() {
			continue
		}
		b = append(append(append(append(b, `<c r="`...), names[j]...), rs...), '"')
		id := s.styles[j]
		decimals, number := c.numberText()
		if number {
			if s.numStyles == nil || s.numStyles[j] == nil {
				panic(fmt.Sprintf("report: column %q holds NumberText cells but is not declared NumberText", s.t.Columns[j].Key))
			}
			id = s.numStyles[j][decimals]
		}
		if id != 0 {
			b = append(strconv.AppendInt(append(b, ` s="`...), int64(id), 10), '"')
		}
		if !c.excelDay(doc.Location) { // a day Excel cannot hold: its text
			b = appendInlineString(b, string(AppendCell(nil, *c, doc.Precision, doc.Location)))
			continue
		}
		switch c.kind() {
		case KindText:
			if number { // the exact text, in a numeric cell
				b = append(append(b, `><v>`...), c.str()...)
				break
			}
			if err := fitCell(s.t, r, j, c); err != nil {
				return b, err
			}
			b = appendInlineString(b, c.str())
			continue
		case KindBool:
			v := byte('0')
			if c.truth() {
				v = '1'
			}
			b = append(append(b, ` t="b"><v>`...), v)
		case KindInt:
			b = strconv.AppendInt(append(b, `><v>`...), c.num, 10)
		case KindMoney, KindQuantity:
			b = c.appendCSV(append(b, `><v>`...), doc.Precision, doc.Location, &memo[j]) // the exact text
		case KindDate:
			b = append(append(b, `><v>`...), dateSerial(c.when())...)
		case KindTime:
			b = append(append(b, `><v>`...), timeSerial(inZone(c.when(), doc.Location))...)
		}
		b = append(b, `</v></c>`...)
	}
	return append(b, `</row>`...), nil
}
