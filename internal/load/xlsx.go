package load

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/par"
	"github.com/pkgctl/pkgctl/internal/value"
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
		return nil, fatal(model.Source{File: file}, "", "the workbook has no sheet")
	}
	sst, err := book.sharedStrings()
	if err != nil {
		return nil, err
	}
	var fail *detector
	for _, ref := range book.sheets {
		t, d, err := openSheet(file, book, ref, sst, s, ix)
		if err != nil {
			return nil, err
		}
		if t != nil {
			return t, nil
		}
		if fail == nil || d.bestHits > fail.bestHits {
			fail = d
		}
	}
	return nil, newErrors(fail.failure(file))
}

// openSheet looks for the header in the first rows of one sheet; when it is found the
// table streams the rest of the sheet.
func openSheet(file string, book *xlsxBook, ref xlsxSheetRef, sst *sstTable, s *schema, ix aliasIndex) (*table, *detector, error) {
	part, err := book.a.open(ref.part)
	if err != nil {
		return nil, nil, err
	}
	rc := newAheadReader(part) // inflated on a core of its own
	d := &detector{s: s, ix: ix}
	read := &countReader{r: rc}
	it := &xlsxIter{book: book, part: rc, file: file, sheet: ref.name,
		sr: newSheetReader(read, book.a.lim.RowSize, sst)}
	if sst != nil {
		lim := book.a.lim.XLSXRatio
		it.sr.refs = &sharedRefs{ratio: lim, sst: sst.size, read: read, fail: func(row int, n, strs, sheet int64) error {
			return fatal(model.Source{File: file, Sheet: ref.name, Line: row}, limitHint("xlsx_ratio"),
				"the cells up to here refer to %s bytes of shared strings, more than %d times the %s bytes of the shared strings plus %d times the %s bytes of the sheet so far (limits.xlsx_ratio): an archive bomb, not an export",
				value.Thousands(n), lim, value.Thousands(strs), sheetRefs, value.Thousands(sheet))
		}}
	}
	for !d.done() && it.next() {
		cells, n, _ := it.row()
		src := model.Source{File: file, Sheet: ref.name, Line: n}
		if m, ok := d.try(cells, src); ok {
			if errs := headerProblems(m, src); errs != nil {
				_ = rc.Close()
				return nil, nil, errs
			}
			it.dates = true
			it.sr.width = len(cells) // the header's columns, as a rejected row keeps them
			if refs := it.sr.refs; refs != nil {
				refs.cols = make([]bool, len(cells))
				for _, c := range m.col {
					if c >= 0 && c < len(cells) {
						refs.cols[c] = true
					}
				}
			}
			for _, slot := range s.times {
				if c := m.col[slot]; c >= 0 {
					it.timeCols = append(it.timeCols, c)
				}
			}
			for _, slot := range s.numbers {
				if c := m.col[slot]; c >= 0 {
					it.numberCols = append(it.numberCols, c)
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
// Once the header is found (dates set), the rows are read on a goroutine of its own, a
// few batches ahead of the loader, which parses them meanwhile (rowsAhead).
type xlsxIter struct {
	book        *xlsxBook
	part        interface{ Close() error }
	sr          *sheetReader
	file, sheet string
	dates       bool // convert date cells (false while looking for the header)
	timeCols    []int
	numberCols  []int // the columns of decimals (schema.numbers)
	bad, e      error
	ahead       *rowsAhead
}

// readRowsAhead turns the reading of rows ahead on (a variable: tests compare it with
// reading them in turn).
var readRowsAhead = true

func (it *xlsxIter) next() bool {
	if it.dates && (readRowsAhead || it.ahead != nil) {
		if it.ahead == nil {
			it.ahead = newRowsAhead(it)
		}
		return it.ahead.next()
	}
	return it.read()
}

// read reads the next row into sr (its problem into bad), or the reading's error into e.
func (it *xlsxIter) read() bool {
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
		it.convertNumbers()
		it.bad = it.convertDates()
	}
	return true
}

func (it *xlsxIter) row() ([]string, int, error) {
	if it.ahead != nil {
		return it.ahead.row()
	}
	return it.sr.cells, it.sr.row, it.bad
}

func (it *xlsxIter) err() error {
	if it.ahead != nil {
		return it.ahead.err
	}
	return it.e
}

func (it *xlsxIter) close() error {
	if it.ahead != nil {
		it.ahead.stop()
	}
	return it.part.Close()
}

// rowsAhead runs an xlsxIter's read on a goroutine of its own, which fills batches of
// rows (their cells copied into the batch: aheadRows rows, or aheadBytes of texts) up
// to aheadBatches ahead of the reader; the goroutine has the xlsxIter's sheet reader,
// problem and error to itself from then on. The reader sees the rows, their problems
// and the final error as read gives them. A panic of the goroutine's (a bug) is raised
// again by next.
type rowsAhead struct {
	full  chan *rowBatch
	free  chan *rowBatch
	quit  chan struct{}
	done  chan struct{}
	cur   *rowBatch
	i     int   // the rows of cur given so far
	err   error // the reading's error, once the last batch is read
	ended bool
}

type rowBatch struct {
	cells []string // the rows' cells, one after the other
	rows  []aheadRow
	last  bool  // no row after these
	err   error // with last: the reading's error
	p     *par.Panic
}

type aheadRow struct {
	end, n int // the end of its cells in cells; its number
	bad    error
}

const (
	aheadBatches = 2
	aheadRows    = 1024
	aheadBytes   = 4 << 20 // a batch's texts at most (and one row's): huge rows are held a few at a time
)

func newRowsAhead(it *xlsxIter) *rowsAhead {
	a := &rowsAhead{full: make(chan *rowBatch, aheadBatches), free: make(chan *rowBatch, aheadBatches+2),
		quit: make(chan struct{}), done: make(chan struct{})}
	for range aheadBatches + 1 {
		a.free <- &rowBatch{}
	}
	go func() {
		defer close(a.done)
		if p := par.Catch(func() { a.run(it) }); p != nil {
			select {
			case a.full <- &rowBatch{last: true, p: p}:
			case <-a.quit:
			}
		}
	}()
	return a
}

// run reads it's rows into batches until the last, or until stop.
func (a *rowsAhead) run(it *xlsxIter) {
	for {
		var b *rowBatch
		select {
		case b = <-a.free:
		case <-a.quit:
			return
		}
		b.cells, b.rows = b.cells[:0], b.rows[:0]
		for size := 0; len(b.rows) < aheadRows && size < aheadBytes; {
			if !it.read() {
				b.last, b.err = true, it.e
				break
			}
			for _, c := range it.sr.cells {
				size += len(c) + 16
			}
			b.cells = append(b.cells, it.sr.cells...)
			b.rows = append(b.rows, aheadRow{end: len(b.cells), n: it.sr.row, bad: it.bad})
		}
		select {
		case a.full <- b:
		case <-a.quit:
			return
		}
		if b.last {
			return
		}
	}
}

// next moves to the next row; false after the last (err is then the reading's error).
func (a *rowsAhead) next() bool {
	for a.cur == nil || a.i == len(a.cur.rows) {
		if a.ended {
			return false
		}
		if a.cur != nil {
			a.free <- a.cur // the reader is past its rows
		}
		a.cur, a.i = <-a.full, 0
		if a.cur.p != nil {
			panic(a.cur.p)
		}
		if a.cur.last {
			a.ended, a.err = true, a.cur.err
		}
	}
	a.i++
	return true
}

// row is the current row: its cells, number and problem.
func (a *rowsAhead) row() ([]string, int, error) {
	r := &a.cur.rows[a.i-1]
	start := 0
	if a.i > 1 {
		start = a.cur.rows[a.i-2].end
	}
	return a.cur.cells[start:r.end:r.end], r.n, r.bad
}

// stop ends the goroutine (it waits for it): the sheet is closed.
func (a *rowsAhead) stop() {
	close(a.quit)
	<-a.done
}

// located makes an error met while reading a part of the workbook bad input: located at
// src (a sheet's row where it stopped, when known), saying what to do.
func located(err error, src model.Source, what string) error {
	const resave = "open the file in a spreadsheet program and save it again, or export it again"
	var le Errors
	var xp *xmlProblem
	var lp *limitProblem
	var hp *heldProblem
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
	case errors.As(err, &hp):
		return fatal(src, limitHint("xlsx_strings_size"), "%s: %v", what, hp)
	}
	return fatal(src, resave, "%s is damaged: %v", what, err)
}

// convertNumbers rewrites, in place, the number cells of the columns of decimals whose
// text is not the number a spreadsheet shows (excelNumber: 0.57999999999999996 is
// 0.58). The time columns keep the serial as saved (convertDates), and the others
// (ids, texts) their text as written: an id is never rounded.
func (it *xlsxIter) convertNumbers() {
	cells, info := it.sr.cells, it.sr.cols
	for _, j := range it.numberCols {
		if j >= len(cells) || !info[j].number {
			continue
		}
		if v, ok := excelNumber(cells[j]); ok {
			cells[j] = v
		}
	}
}

// convertDates rewrites, in place, the date cells among the time columns of the row:
// a number cell (not text: a text "45292" shows as 45292 in the spreadsheet, whatever
// its style) whose style has a date or time number format, and a date cell (isoText).
func (it *xlsxIter) convertDates() error {
	cells, info := it.sr.cells, it.sr.cols
	for _, j := range it.timeCols {
		if j < len(cells) && info[j].date && cells[j] != "" {
			text, err := isoText(cells[j], it.book.kind(info[j].style))
			if err != nil {
				return fmt.Errorf("cell %s: %w", cellName(j+1, it.sr.row), err)
			}
			cells[j] = text
			continue
		}
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
// A date format that hides a time of day (2024-01-01 shown, 12:00 held) does not drop
// it: the cell is read with its time; only a midnight is a date alone (which, as an
// expiration_time, means the end of that day) — a midnight to the millisecond, as a
// spreadsheet shows the cell: 45657.99999999 (2024-12-31 23:59:59.999, shown as
// 2024-12-31) is the timestamp 2025-01-01 00:00:00, the end of 2024-12-31, never the
// date 2025-01-01, whose end is a day later.
//
// In the 1900 date system serial 1 is 1900-01-01 and 59 is 1900-02-28, as a spreadsheet
// shows them; 60 is 1900-02-29, a day that never was (Excel counts 1900 as a leap
// year, as Lotus 1-2-3 did), which is not a date: an error. So is a serial a spreadsheet
// shows as no date: below 1 (1900-01-00) unless shown as a time alone, negative, or
// past 9999-12-31 (shown as #####).
func dateText(serial float64, k fmtKind, date1904 bool) (string, error) {
	first, end := "1900-01-01", 2958466.0 // 10000-01-01
	if date1904 {
		first, end = "1904-01-01", end-1462
	}
	switch {
	case !(serial >= 0): // NaN too
		return "", fmt.Errorf("date serial %v is before %s, the first date a spreadsheet shows: not a date", serial, first)
	case serial >= end:
		return "", fmt.Errorf("date serial %v is after 9999-12-31, the last date a spreadsheet shows: not a date", serial)
	case !date1904 && serial < 1 && k != fmtTime:
		return "", fmt.Errorf("date serial %v is 1900-01-00, a day that does not exist (a spreadsheet shows a time of day "+
			"without a date so): not a date; write the date as text (2006-01-02)", serial)
	}
	if !date1904 && serial >= 60 && serial < 61 {
		return "", fmt.Errorf("date serial %v is 1900-02-29, a day that does not exist (a spreadsheet counts 1900 as a leap year): "+
			"not a date; write the date as text (2006-01-02)", serial)
	}
	t, err := excelize.ExcelDateToTime(serial, date1904)
	if err != nil {
		return "", fmt.Errorf("invalid date serial %v", serial)
	}
	ms := math.Round((serial - math.Floor(serial)) * 86_400_000) // the time of day, in milliseconds
	return clockText(t, k, ms, serial < 1), nil
}

// clockText renders the wall clock t of a date cell, rounded to the second, as
// dateText says: a date alone when the format shows no time and the time of day, ms
// milliseconds, is a midnight; a clock when the format shows a time alone and the cell
// has no date (timeOnly); else the date and time.
func clockText(t time.Time, k fmtKind, ms float64, timeOnly bool) string {
	t = t.Round(time.Second)
	switch {
	case k == fmtDate && (ms == 0 || ms == 86_400_000):
		return t.Format(time.DateOnly)
	case k == fmtTime && timeOnly && t.Second() == 0:
		return t.Format("15:04")
	case k == fmtTime && timeOnly:
		return t.Format(time.TimeOnly)
	}
	return t.Format(time.DateTime)
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
