package load

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/xuri/excelize/v2"
)

var rawCells = excelize.Options{RawCellValue: true}

// openXLSX opens a workbook and finds the first sheet whose header row maps.
func openXLSX(file string, data []byte, s *schema, ix aliasIndex) (*table, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, Errors{{Src: model.Source{File: file}, Msg: "not a readable XLSX workbook: " + err.Error()}}
	}
	props, _ := f.GetWorkbookProps()
	conv := &dateConv{f: f, date1904: props.Date1904 != nil && *props.Date1904, kinds: map[int]fmtKind{}}
	var fail *detector
	for _, sheet := range f.GetSheetList() {
		t, d, err := openSheet(file, f, sheet, s, ix, conv)
		if err != nil {
			_ = f.Close()
			return nil, err
		}
		if t != nil {
			return t, nil
		}
		if fail == nil || d.bestHits > fail.bestHits {
			fail = d
		}
	}
	_ = f.Close()
	if fail == nil {
		return nil, Errors{{Src: model.Source{File: file}, Msg: "the workbook has no sheet"}}
	}
	return nil, Errors{fail.failure(file)}
}

// openSheet looks for the header in the first rows of one sheet; when it is found the
// table streams the rest of the sheet.
func openSheet(file string, f *excelize.File, sheet string, s *schema, ix aliasIndex, conv *dateConv) (*table, *detector, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, nil, Errors{{Src: model.Source{File: file, Sheet: sheet}, Msg: "cannot read the sheet: " + err.Error()}}
	}
	d := &detector{s: s, ix: ix}
	it := &xlsxIter{f: f, rows: rows, file: file, sheet: sheet}
	for !d.done() && it.next() {
		cells, n, _ := it.row()
		src := model.Source{File: file, Sheet: sheet, Line: n}
		if m, ok := d.try(cells, src); ok {
			if errs := headerProblems(m, src); errs != nil {
				_ = rows.Close()
				return nil, nil, errs
			}
			it.conv = conv
			for _, slot := range s.times {
				if c := m.col[slot]; c >= 0 {
					it.timeCols = append(it.timeCols, c)
				}
			}
			return &table{file: file, sheet: sheet, hdr: m.header, rows: it}, d, nil
		}
	}
	_ = rows.Close()
	if err := it.err(); err != nil {
		return nil, nil, err
	}
	return nil, d, nil
}

// xlsxIter streams the rows of a sheet; date cells of the time columns become text.
type xlsxIter struct {
	f           *excelize.File
	rows        *excelize.Rows
	file, sheet string
	conv        *dateConv // nil while looking for the header
	timeCols    []int
	n           int
	cells       []string
	bad, e      error
}

func (it *xlsxIter) next() bool {
	if !it.rows.Next() {
		if err := it.rows.Error(); err != nil {
			it.fatal(err)
		}
		return false
	}
	it.n++
	cells, err := it.rows.Columns(rawCells)
	if err != nil {
		it.fatal(err)
		return false
	}
	it.cells, it.bad = cells, nil
	if it.conv != nil {
		it.bad = it.conv.apply(it.sheet, it.n, cells, it.timeCols)
	}
	return true
}

// fatal records an unreadable sheet as bad input at the current row.
func (it *xlsxIter) fatal(err error) {
	it.e = Errors{{Src: model.Source{File: it.file, Sheet: it.sheet, Line: it.n}, Msg: "cannot read the row: " + err.Error()}}
}

func (it *xlsxIter) row() ([]string, int, error) { return it.cells, it.n, it.bad }
func (it *xlsxIter) err() error                  { return it.e }

func (it *xlsxIter) close() error {
	err := it.rows.Close()
	if cerr := it.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// dateConv turns numeric cells with a date number format into timestamp text.
type dateConv struct {
	f        *excelize.File
	date1904 bool
	kinds    map[int]fmtKind // by style id
}

// apply rewrites, in place, the date cells among cols of one row.
func (c *dateConv) apply(sheet string, row int, cells []string, cols []int) error {
	for _, j := range cols {
		if j >= len(cells) || !looksNumeric(cells[j]) {
			continue
		}
		serial, err := strconv.ParseFloat(cells[j], 64)
		if err != nil {
			continue
		}
		name, err := excelize.CoordinatesToCellName(j+1, row)
		if err != nil {
			return err
		}
		// Only a number is a date serial: a text cell "45292" shows as 45292 in the
		// spreadsheet, whatever its style, and is read as the text it is.
		switch typ, err := c.f.GetCellType(sheet, name); {
		case err != nil:
			return err
		case typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber && typ != excelize.CellTypeDate:
			continue
		}
		style, err := c.f.GetCellStyle(sheet, name)
		if err != nil {
			return err
		}
		if k := c.kind(style); k != fmtNumber {
			if cells[j], err = c.text(serial, k); err != nil {
				return fmt.Errorf("cell %s: %w", name, err)
			}
		}
	}
	return nil
}

// kind classifies a style's number format, once per style.
func (c *dateConv) kind(style int) fmtKind {
	if k, ok := c.kinds[style]; ok {
		return k
	}
	k := fmtNumber
	if st, err := c.f.GetStyle(style); err == nil {
		if st.CustomNumFmt != nil {
			k = customFmtKind(*st.CustomNumFmt)
		} else {
			k = builtinFmtKind(st.NumFmt)
		}
	}
	c.kinds[style] = k
	return k
}

// text renders a date serial, rounded to the second, as the value parsers read it.
func (c *dateConv) text(serial float64, k fmtKind) (string, error) {
	t, err := excelize.ExcelDateToTime(serial, c.date1904)
	if err != nil {
		return "", fmt.Errorf("invalid date serial %v", serial)
	}
	t = t.Round(time.Second)
	switch {
	case k == fmtDate:
		return t.Format(time.DateOnly), nil
	case k == fmtTime && serial < 1 && t.Second() == 0:
		return t.Format("15:04"), nil
	case k == fmtTime && serial < 1:
		return t.Format(time.TimeOnly), nil
	}
	return t.Format(time.DateTime), nil
}

// looksNumeric is a cheap filter before ParseFloat: digits, '.', '-', 'E', '+'.
func looksNumeric(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == '.', c == '-', c == '+', c == 'E', c == 'e':
		default:
			return false
		}
	}
	return true
}
