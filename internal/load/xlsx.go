package load

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/xuri/excelize/v2"
)

// openXLSX opens a workbook within the limits and finds the first sheet whose header
// row maps.
func openXLSX(file string, data []byte, s *schema, ix aliasIndex, lim Limits) (*table, error) {
	a, err := openArchive(file, data, lim)
	if err != nil {
		return nil, err
	}
	book, err := openBook(a)
	if err != nil {
		return nil, err
	}
	if len(book.sheets) == 0 {
		_ = book.close()
		return nil, fatal(model.Source{File: file}, "", "the workbook has no sheet")
	}
	sst, err := book.sharedStrings()
	if err != nil {
		_ = book.close()
		return nil, err
	}
	var fail *detector
	for _, ref := range book.sheets {
		t, d, err := openSheet(file, book, ref, sst, s, ix)
		if err != nil {
			_ = book.close()
			return nil, err
		}
		if t != nil {
			return t, nil
		}
		if fail == nil || d.bestHits > fail.bestHits {
			fail = d
		}
	}
	_ = book.close()
	return nil, Errors{fail.failure(file)}
}

// openSheet looks for the header in the first rows of one sheet; when it is found the
// table streams the rest of the sheet.
func openSheet(file string, book *xlsxBook, ref xlsxSheetRef, sst []string, s *schema, ix aliasIndex) (*table, *detector, error) {
	part, err := book.a.open(ref.part)
	if err != nil {
		return nil, nil, err
	}
	rc := newAheadReader(part) // inflated on a core of its own
	d := &detector{s: s, ix: ix}
	it := &xlsxIter{book: book, part: rc, file: file, sheet: ref.name,
		sr: newSheetReader(rc, book.a.lim.RowSize, sst)}
	for !d.done() && it.next() {
		cells, n, _ := it.row()
		src := model.Source{File: file, Sheet: ref.name, Line: n}
		if m, ok := d.try(cells, src); ok {
			if errs := headerProblems(m, src); errs != nil {
				_ = rc.Close()
				return nil, nil, errs
			}
			it.dates = true
			for _, slot := range s.times {
				if c := m.col[slot]; c >= 0 {
					it.timeCols = append(it.timeCols, c)
				}
			}
			return &table{file: file, sheet: ref.name, hdr: m.header, rows: it}, d, nil
		}
	}
	_ = rc.Close()
	if err := it.err(); err != nil {
		return nil, nil, err
	}
	return nil, d, nil
}

// xlsxIter streams the rows of a sheet; date cells of the time columns become text.
type xlsxIter struct {
	book        *xlsxBook
	part        interface{ Close() error }
	sr          *sheetReader
	file, sheet string
	dates       bool // convert date cells (false while looking for the header)
	timeCols    []int
	bad, e      error
}

func (it *xlsxIter) next() bool {
	ok, err := it.sr.next()
	if err != nil {
		it.e = located(err, model.Source{File: it.file, Sheet: it.sheet, Line: it.sr.row}, "the sheet")
		return false
	}
	if !ok {
		return false
	}
	it.bad = nil
	if it.dates {
		it.bad = it.convertDates()
	}
	return true
}

func (it *xlsxIter) row() ([]string, int, error) { return it.sr.cells, it.sr.row, it.bad }
func (it *xlsxIter) err() error                  { return it.e }

func (it *xlsxIter) close() error {
	err := it.part.Close()
	if cerr := it.book.close(); err == nil {
		err = cerr
	}
	return err
}

// located makes an error met while reading a part of the workbook bad input: located at
// src (a sheet's row where it stopped, when known), saying what to do.
func located(err error, src model.Source, what string) error {
	const resave = "open the file in a spreadsheet program and save it again, or export it again"
	var le Errors
	var xp *xmlProblem
	var lp *limitProblem
	switch {
	case errors.As(err, &le):
		return le
	case errors.As(err, &xp):
		if xp.row > 0 {
			src.Line = xp.row
		}
		return fatal(src, resave, "%s is damaged %s: %v; no row from there on can be read", what, xp.where, xp.err)
	case errors.As(err, &lp):
		if lp.row > 0 {
			src.Line = lp.row
		}
		return fatal(src, limitHint("row_size"), "%s: %v", what, lp)
	}
	return fatal(src, resave, "%s is damaged: %v", what, err)
}

// convertDates rewrites, in place, the date cells among the time columns of the row:
// a number cell (not text: a text "45292" shows as 45292 in the spreadsheet, whatever
// its style) whose style has a date or time number format.
func (it *xlsxIter) convertDates() error {
	cells, info := it.sr.cells, it.sr.cols
	for _, j := range it.timeCols {
		if j >= len(cells) || !info[j].number || !looksNumeric(cells[j]) {
			continue
		}
		serial, err := strconv.ParseFloat(cells[j], 64)
		if err != nil {
			continue
		}
		if k := it.book.kind(info[j].style); k != fmtNumber {
			if cells[j], err = dateText(serial, k, it.book.date1904); err != nil {
				return fmt.Errorf("cell %s: %w", cellName(j+1, it.sr.row), err)
			}
		}
	}
	return nil
}

// dateText renders a date serial, rounded to the second, as the value parsers read it.
func dateText(serial float64, k fmtKind, date1904 bool) (string, error) {
	t, err := excelize.ExcelDateToTime(serial, date1904)
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
