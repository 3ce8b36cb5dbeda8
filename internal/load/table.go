package load

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

// headerScan is how many leading rows may hold the header (title lines come first).
const headerScan = 20

// rowIter yields the data rows of a table, after its header.
type rowIter interface {
	// next advances to the next row; false at the end or on a fatal error (see err).
	next() bool
	// row returns the current row's cells (valid until the next call to next), its
	// 1-based line or row number, and a parse error that makes the row a problem.
	row() (cells []string, line int, bad error)
	// err returns the fatal error that stopped the iteration, if any.
	err() error
	close() error
}

// table is an opened input file whose header has been found.
type table struct {
	file, sheet string
	hdr         header
	rows        rowIter
	rowsHint    int // estimated number of data rows (0: unknown), to size the results
	// stream, for CSV, is the same rows as text, to read in chunks instead of through
	// rows (which is then left unused); nil when the data start is not known exactly.
	stream *csvStream
	// csv, for CSV, is what its rows are checked against besides their values (nil for
	// XLSX); warn is what reading the file is worth a warning (read as GB18030).
	csv  *csvRows
	warn []Problem
}

// maxHint bounds the row estimate, so a wrong estimate cannot allocate absurdly.
const maxHint = 1 << 24

// inputSize is the size of a regular file or in-memory reader; 0 when unknown.
func inputSize(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size()
		}
	case interface{ Len() int }:
		return int64(v.Len())
	}
	return 0
}

// estimateRows scales the count of the sample's lines that could be rows to the whole
// input: with fields fields separated by comma, the lines with as many delimiters as the
// first line that has any (at most fields−1: rows may leave out trailing columns), and
// with one field, the lines that are not blank. Blank lines and the lines of a value
// broken across them are not counted: a file of blank lines would otherwise have memory
// reserved for a row per byte or two.
func estimateRows(size int64, sample []byte, comma rune, fields int) int {
	if size <= 0 || len(sample) == 0 {
		return 0
	}
	sep, need, rows := []byte(string(comma)), 0, 0
	if fields <= 1 {
		need = -1 // a line with a byte to it, whatever it holds
	}
	for rest := sample; len(rest) > 0; {
		n := bytes.IndexByte(rest, '\n')
		if n < 0 {
			break
		}
		line := bytes.TrimSuffix(rest[:n], []byte{'\r'})
		rest = rest[n+1:]
		switch c := bytes.Count(line, sep); {
		case need < 0:
			if len(line) > 0 {
				rows++
			}
		case need == 0 && c > 0:
			need = min(c, fields-1)
			rows++
		case need > 0 && c >= need:
			rows++
		}
	}
	return int(min(size*int64(rows)/int64(len(sample)), maxHint))
}

// src locates a line of the table.
func (t *table) src(line int) model.Source {
	return model.Source{File: t.file, Sheet: t.sheet, Line: line}
}

// isXLSX reports whether a file is read as XLSX: by extension, or for an unknown extension
// by its content (a ZIP archive).
func isXLSX(name string, head []byte) (bool, error) {
	switch ext := strings.ToLower(filepath.Ext(name)); {
	case ext == ".xlsx":
		return true, nil
	case ext == ".csv" || ext == ".tsv" || ext == ".txt" || name == "-" || name == "stdin":
		return false, nil
	case ext == ".xls":
		return false, errors.New("the old .xls format is not supported: save it as .xlsx or .csv")
	case ext == ".json" || ext == ".md" || ext == ".markdown" || ext == ".xml" || ext == ".parquet" || ext == ".pdf" || ext == ".ods":
		return false, fmt.Errorf("a %s file is not an export pkgctl reads: give the CSV or XLSX export "+
			"(pkgctl's own bills are read back when written with -f csv or -o bills.xlsx)", ext)
	}
	return bytes.HasPrefix(head, []byte("PK\x03\x04")), nil
}

// detector finds the header among the first rows of a table.
type detector struct {
	s        *schema
	ix       aliasIndex
	seen     int
	best     headerMatch
	bestSrc  model.Source
	bestHits int
}

// try matches one row; it returns the match and true when the row is the header.
// cells are copied when kept.
func (d *detector) try(cells []string, src model.Source) (headerMatch, bool) {
	d.seen++
	m := matchHeader(d.s, d.ix, cells)
	if len(m.missing) == 0 {
		m.cells = append([]string(nil), cells...)
		return m, true
	}
	hits := 0
	for _, c := range m.col {
		if c >= 0 {
			hits++
		}
	}
	if d.seen == 1 || hits > d.bestHits {
		m.cells = append([]string(nil), cells...)
		d.best, d.bestSrc, d.bestHits = m, src, hits
	}
	return m, false
}

// done reports whether the scan window is used up.
func (d *detector) done() bool { return d.seen >= headerScan }

// failure is the problem of a table without a header row.
func (d *detector) failure(file string) Problem {
	if d.seen == 0 {
		return Problem{Src: model.Source{File: file}, Msg: "the file is empty: no header row", Fatal: true,
			Hint: "export the file again; pkgctl sample DIR writes files in the expected format"}
	}
	missing := d.best.missing
	seen := make([]string, 0, len(d.best.cells))
	for _, c := range d.best.cells {
		if c = strings.TrimSpace(c); c != "" {
			seen = append(seen, value.Quote(c))
		}
	}
	return Problem{Src: d.bestSrc, Fatal: true, Msg: fmt.Sprintf(
		"no header row in the first %d rows: missing required columns %s (closest row has headers %s)",
		headerScan, strings.Join(missing, ", "), strings.Join(seen, ", ")),
		Hint: "name the columns as docs/formats.md lists them, or add your names as aliases (columns: in the config file)"}
}

// headerProblems locates the conflicts of a header row (Errors); nil when there are none.
func headerProblems(m headerMatch, src model.Source) error {
	if len(m.problems) == 0 {
		return nil
	}
	var errs Errors
	for _, p := range m.problems {
		errs.add(Problem{Src: src, Column: p.column, Msg: p.msg, Fatal: true})
	}
	return errs
}

// openTable opens an input as CSV or XLSX (isXLSX) and finds its header row. An XLSX
// file is read whole (the ZIP format needs random access), its sheets are streamed; CSV
// is streamed.
func openTable(file string, r io.Reader, s *schema, ix aliasIndex, lim Limits) (*table, error) {
	size := inputSize(r)
	buf := sampleSize
	if size > 0 && size < sampleSize {
		buf = int(size) + 16 // small input: no need for a full sample buffer
	}
	br := bufio.NewReaderSize(r, buf)
	head, err := br.Peek(4)
	if err != nil && err != io.EOF {
		return nil, err
	}
	x, err := isXLSX(file, head)
	if err != nil {
		return nil, newErrors(Problem{Src: model.Source{File: file}, Msg: err.Error(), Fatal: true})
	}
	if !x {
		return openCSV(file, br, size, s, ix, lim.RowSize)
	}
	data, err := readAll(br, size, lim.XLSXTotalSize+1)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > lim.XLSXTotalSize {
		return nil, fatal(model.Source{File: file}, limitHint("xlsx_total_size"),
			"the file is larger than %s (limits.xlsx_total_size)", Size(lim.XLSXTotalSize))
	}
	return openXLSX(file, data, s, ix, lim)
}

// readAll is io.ReadAll of at most limit bytes of r, into one buffer of the input's
// size when it is known (size > 0): not grown, and cleared, again and again as it is
// read (a 70 MB workbook took 0.9 s so).
func readAll(r io.Reader, size, limit int64) ([]byte, error) {
	if size <= 0 || size >= limit {
		return io.ReadAll(io.LimitReader(r, limit))
	}
	b := make([]byte, 0, size+1) // +1: the end is found without growing
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) { // larger than it was: the rest as io.ReadAll reads it
			rest, err := io.ReadAll(io.LimitReader(r, limit-int64(len(b))))
			return append(b, rest...), err
		}
	}
}
