package load

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/pkgctl/pkgctl/internal/model"
)

const (
	sampleSize = 1 << 20  // bytes examined to tell UTF-8 from GB18030
	headSize   = 64 << 10 // decoded bytes in which the header row and delimiter are looked for
)

// newCSVReader is the one reader configuration used both to find the header and to read.
func newCSVReader(r io.Reader, comma rune) *csv.Reader {
	cr := csv.NewReader(r)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return cr
}

// dataStart is where the data rows begin: the byte offset after the header record in
// the decoded text, and the number of that line. ok is false when the header record may
// go on past the sample.
type dataStart struct {
	off  int64
	line int
	ok   bool
}

// findCSVHeader looks for the header row in the decoded start of the file (all of it
// when whole) with each delimiter in turn (',', ';', tab); it returns the delimiter,
// the header match, its line and where the data rows start.
func findCSVHeader(file string, head []byte, whole bool, s *schema, ix aliasIndex) (rune, headerMatch, int, dataStart, error) {
	var fail *detector
	for _, comma := range []rune{',', ';', '\t'} {
		d := &detector{s: s, ix: ix}
		cr := newCSVReader(bytes.NewReader(head), comma)
		for !d.done() {
			rec, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				continue // a malformed title line, or the cut end of the sample
			}
			line, _ := cr.FieldPos(0)
			if m, ok := d.try(rec, model.Source{File: file, Line: line}); ok {
				off := cr.InputOffset()
				start := dataStart{off: off, line: 1 + bytes.Count(head[:off], []byte{'\n'}), ok: whole || off < int64(len(head))}
				return comma, m, line, start, nil
			}
		}
		if fail == nil || d.bestHits > fail.bestHits {
			fail = d
		}
	}
	return 0, headerMatch{}, 0, dataStart{}, newErrors(fail.failure(file))
}

// openCSV decodes the input, finds the header row and delimiter, and positions the
// reader on the first data row. No row may be longer than maxRow bytes.
func openCSV(file string, br *bufio.Reader, size int64, s *schema, ix aliasIndex, maxRow int64) (*table, error) {
	text, cs, err := decode(br)
	if err != nil {
		return nil, err
	}
	guard := &rowGuard{r: text, max: maxRow + headSize}
	dr := bufio.NewReaderSize(guard, headSize)
	head, err := dr.Peek(headSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, err
	}
	cr := crLineEnds(head, err == io.EOF)
	if cr { // through crLines, whose buffer reads ahead as far again
		guard.max += headSize
		guard.cr = true
		dr = bufio.NewReaderSize(crLines{dr}, headSize)
		if head, err = dr.Peek(headSize); err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return nil, err
		}
	}
	comma, m, line, start, err := findCSVHeader(file, head, err == io.EOF, s, ix)
	if err != nil {
		return nil, err
	}
	sample := head // its data rows, when known
	if start.ok && start.off <= int64(len(head)) {
		sample = head[start.off:]
	}
	t := &table{file: file, hdr: m.header, rowsHint: estimateRows(size, sample, comma, len(m.header.cells)),
		csv: &csvRows{fields: len(m.header.cells), comma: comma, cs: cs}}
	if w := cs.warning(cr); w != "" {
		t.warn = append(t.warn, Problem{Src: model.Source{File: file}, Msg: w})
	}
	if errs := headerProblems(m, t.src(line)); errs != nil {
		return nil, errs
	}
	it := &csvIter{r: newCSVReader(dr, comma), file: file, guard: guard, maxRow: maxRow, after: 1}
	for it.next() { // skip the title lines and the header itself
		if _, l, _ := it.row(); l >= line {
			break
		}
	}
	if it.e != nil {
		return nil, it.e
	}
	t.rows = it
	if start.ok && it.r.InputOffset() == start.off {
		t.stream = &csvStream{r: dr, comma: byte(comma), line: start.line, maxRow: maxRow, guard: guard}
	}
	return t, nil
}

// rowGuard stops the reading of a CSV text when one record goes on past max bytes
// (the row limit plus what the buffer above it reads ahead): start is where the current
// record starts, in bytes of the text, as the reader of the records sets it.
type rowGuard struct {
	r          io.Reader
	given, max int64
	start      int64
	off        bool // the text is read in chunks, which bound their records themselves
	// kept is the text given from offset keptAt on (the current record's start), for
	// a record encoding/csv cannot read (csvIter.unread); cr: its lone CRs end lines.
	kept   []byte
	keptAt int64
	cr     bool
}

// errRowTooLong stops a CSV reader at a record longer than the row limit.
var errRowTooLong = errors.New("row too long")

func (g *rowGuard) Read(b []byte) (int, error) {
	if !g.off && g.given-g.start > g.max {
		return 0, errRowTooLong
	}
	n, err := g.r.Read(b)
	if !g.off {
		drop := g.start - g.keptAt
		g.kept = append(g.kept[:copy(g.kept, g.kept[drop:])], b[:n]...)
		g.keptAt = g.start
	}
	g.given += int64(n)
	return n, err
}

// text is the text given from offset from to offset to, within the current record,
// its lines ended as the records' reader read them (crLines).
func (g *rowGuard) text(from, to int64) string {
	t := []byte(string(g.kept[from-g.keptAt : to-g.keptAt]))
	if g.cr {
		for i, c := range t {
			if c == '\r' && (i+1 == len(t) || t[i+1] != '\n') {
				t[i] = '\n'
			}
		}
	}
	return string(t)
}

// rowTooLong is the problem of a CSV record longer than the row limit, located at the
// line where it starts.
func rowTooLong(file string, line int, max int64) Errors {
	return fatal(model.Source{File: file, Line: line}, limitHint("row_size"),
		"the row starting here is longer than %s (limits.row_size): a damaged file, or a quote never closed", Size(max))
}

// csvIter iterates the records of a CSV reader.
type csvIter struct {
	r    *csv.Reader
	base int // number of lines before the reader's first
	rec  []string
	line int
	bad  error
	e    error
	// guard, when set, bounds the records to maxRow bytes; file names the file then.
	guard  *rowGuard
	maxRow int64
	file   string
	after  int // the line after the last record read
	// start is where the current record starts, in bytes of what r reads; text, when
	// not empty, is all of that (a chunk's), else guard keeps what an unreadable record
	// needs of it.
	start int64
	text  string
}

func (it *csvIter) next() bool {
	rec, err := it.r.Read()
	it.rec, it.bad = rec, nil
	var pe *csv.ParseError
	switch {
	case err == nil:
		it.line, _ = it.r.FieldPos(0)
		it.line += it.base
	case errors.As(err, &pe):
		it.line, it.bad, it.rec = it.base+pe.StartLine, pe.Err, it.unread(rec)
		if errors.Is(pe.Err, csv.ErrQuote) && pe.Line > pe.StartLine {
			it.bad = fmt.Errorf("the quote opened on line %d is not closed where its value ends: lines %d to %d were read as one value "+
				"(close the quote, or write a quote inside a value as \"\")", it.line, it.line, it.base+pe.Line)
		}
		it.start = it.r.InputOffset()
		if it.guard != nil {
			it.guard.start, it.after = it.start, it.base+pe.Line+1
		}
		return true
	case err == io.EOF:
		return false
	case errors.Is(err, errRowTooLong):
		it.e = rowTooLong(it.file, it.after, it.maxRow)
		return false
	default:
		it.e = err
		return false
	}
	end := it.r.InputOffset()
	if it.guard != nil {
		if end-it.guard.start > it.maxRow { // shorter than the guard's slack
			it.e = rowTooLong(it.file, it.after, it.maxRow)
			return false
		}
		it.guard.start = end
		if n := len(rec); n > 0 {
			last, _ := it.r.FieldPos(n - 1)
			it.after = it.base + last + strings.Count(rec[n-1], "\n") + 1
		}
	}
	it.start = end
	return true
}

// unread is what was read of a record encoding/csv could not read: its text read again
// with lazy quotes, as one record (a quote never closed runs to where encoding/csv
// stopped, the end of the file at worst), so that a row set aside holds it (rules.md
// §1.8); read, the fields before the error, when its text is not at hand.
func (it *csvIter) unread(read []string) []string {
	var text string
	switch end := it.r.InputOffset(); {
	case it.text != "":
		text = it.text[it.start:end]
	case it.guard != nil && !it.guard.off:
		text = it.guard.text(it.start, end)
	default:
		return read
	}
	text = strings.TrimSuffix(strings.TrimSuffix(text, "\n"), "\r") // its line end
	r := csv.NewReader(strings.NewReader(text))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = it.r.Comma, -1, true
	if rec, _ := r.Read(); len(rec) > 0 {
		return rec
	}
	return read
}

func (it *csvIter) row() ([]string, int, error) { return it.rec, it.line, it.bad }
func (it *csvIter) err() error                  { return it.e }
func (it *csvIter) close() error                { return nil }
