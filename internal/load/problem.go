package load

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

// Problem is one located input problem (an error or a warning).
type Problem struct {
	Src    model.Source
	Column string // canonical column name; empty when the problem is not about one column
	Msg    string
	// Hint says what to do about the problem, when Msg alone does not ("" for row
	// problems: fix the row, or set it aside with SkipInvalid).
	Hint string
	// Fatal marks a problem of the whole file (no header, a damaged or oversized file):
	// the file cannot be read past it, and SkipInvalid does not help.
	Fatal bool
}

// Error renders `FILE:LINE: column "NAME": message` (XLSX: `FILE[Sheet]:ROW: ...`).
func (p Problem) Error() string { return string(p.appendError(nil)) }

// appendError appends p.Error() to b.
func (p Problem) appendError(b []byte) []byte {
	b = append(b, p.Src.File...)
	if p.Src.Line > 0 {
		if p.Src.Sheet != "" {
			b = append(append(append(b, '['), p.Src.Sheet...), ']')
		}
		b = strconv.AppendInt(append(b, ':'), int64(p.Src.Line), 10)
	}
	b = append(b, ": "...)
	if p.Column != "" {
		b = append(strconv.AppendQuote(append(b, "column "...), p.Column), ": "...)
	}
	return append(b, p.Msg...)
}

// maxListed is how many problems Errors.Error lists before "and N more".
const maxListed = 50

// Errors is the problems of a bad input, by location: every one of them up to
// maxListed, and how many more there were, with their hints (Hints). Only what is
// reported is held, so a file of a million bad rows takes no more memory than a file of
// fifty. It is the error type of bad input: a caller maps it to exit code 2 with
// errors.As(err, &load.Errors{}).
type Errors struct {
	// Problems are the problems listed: all of them, or the first maxListed when
	// More > 0.
	Problems []Problem
	// More is the number of problems found past Problems.
	More int
	// moreHints are the hints of the problems past Problems that none of Problems has,
	// each once, in their order; moreRows says one of those problems is a row's,
	// moreFatal one is a whole file's.
	moreHints []string
	moreRows  bool
	moreFatal bool
}

// newErrors makes Errors of ps, which are in order.
func newErrors(ps ...Problem) Errors {
	var e Errors
	e.add(ps...)
	return e
}

// Len is the number of problems found.
func (e Errors) Len() int { return len(e.Problems) + e.More }

// add files problems that come after those of e, in their order: those past the first
// maxListed are counted, their hints kept.
func (e *Errors) add(ps ...Problem) {
	for _, p := range ps {
		if len(e.Problems) < maxListed {
			e.Problems = append(e.Problems, p)
			continue
		}
		e.More++
		e.moreRows = e.moreRows || !p.Fatal
		e.moreFatal = e.moreFatal || p.Fatal
		if p.Hint != "" && !slices.Contains(e.moreHints, p.Hint) && !e.listsHint(p.Hint) {
			e.moreHints = append(e.moreHints, p.Hint)
		}
	}
}

// join files the problems of o after those of e.
func (e *Errors) join(o Errors) {
	e.add(o.Problems...)
	e.More += o.More
	e.moreRows, e.moreFatal = e.moreRows || o.moreRows, e.moreFatal || o.moreFatal
	for _, h := range o.moreHints {
		if !slices.Contains(e.moreHints, h) && !e.listsHint(h) {
			e.moreHints = append(e.moreHints, h)
		}
	}
}

func (e *Errors) listsHint(h string) bool {
	return slices.ContainsFunc(e.Problems, func(p Problem) bool { return p.Hint == h })
}

// Error lists up to 50 problems, one a line, then "and N more".
func (e Errors) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i == maxListed {
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Error())
	}
	if n := e.Len(); n > maxListed {
		fmt.Fprintf(&b, "\nand %d more", n-maxListed)
	}
	return b.String()
}

// sortProblems orders problems by location, keeping the order of one row's problems.
func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].Src, ps[j].Src
		if a.Sheet != b.Sheet {
			return a.Sheet < b.Sheet
		}
		return a.Line < b.Line
	})
}

// Report describes one loaded file: its header, its warnings and its rejected rows.
type Report struct {
	File  string
	Kind  string // what the file holds: KindPackages, KindUsage or KindBills
	Sheet string // XLSX: the sheet read
	CSV   bool   // read as CSV: its cells are texts as a CSV writer escapes them (rules.md §4.1)
	// Typed marks the file's columns read as numbers or times, which the reader never
	// unescapes (rules.md §1.5): a rejected row's cell there is written as it was read.
	Typed    []bool
	Header   []string // the raw header cells
	Rows     int      // data rows read (blank rows not counted)
	Warnings []Problem
	Rejected RejectedRows
}

// WriteRejected writes the rejected rows of rep as CSV: the original header plus an
// "error" column holding the row's problems, located, joined by "; ". Every cell goes
// through text (the output's defence against formula injection; nil: as it is, raw),
// so that the row reads back with the values it had: a CSV file's text cells are
// unescaped first (`'=x` is the text =x, which text escapes again), and a number or time
// cell that starts with an apostrophe, which the reader takes as written (`'+5` is no
// quantity), stays as written. text must not keep the string it is given: the error
// column's is a buffer reused for every row.
func WriteRejected(w io.Writer, rep *Report, text func(string) string) error {
	unescape := rep.CSV && text != nil
	if text == nil {
		text = func(s string) string { return s }
	}
	cw := csv.NewWriter(w)
	n := len(rep.Header)
	header := make([]string, 0, n+1)
	for _, h := range rep.Header {
		header = append(header, text(h))
	}
	if err := cw.Write(append(header, "error")); err != nil {
		return err
	}
	// One row's cells and messages are read into buffers used for every row: a file
	// may hold millions of rows, and what a row leaves behind is not collected while
	// the output is written (mem.ConfigureRuntime).
	var cells []string
	var msgs []byte
	row := make([]string, n+1)
	err := rep.Rejected.Each(func(r Rejected) error {
		var probs string
		cells, probs = r.cells(cells[:0])
		clear(row)
		for i := range min(n, len(cells)) {
			cell := cells[i]
			switch {
			case !unescape:
				row[i] = text(cell)
			case i < len(rep.Typed) && rep.Typed[i]:
				if !strings.HasPrefix(cell, "'") { // already safe from a spreadsheet
					cell = text(cell)
				}
				row[i] = cell
			default:
				row[i] = text(value.UnescapeFormula(cell))
			}
		}
		msgs = msgs[:0]
		for d := unpacker(probs); d != ""; {
			if len(msgs) > 0 {
				msgs = append(msgs, "; "...)
			}
			msgs = d.problem(r.Src).appendError(msgs)
		}
		// A view of msgs, used by Write only: msgs is written again for the next row.
		row[n] = text(mem.String(msgs))
		return cw.Write(row)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// Hints are the hints of the problems, each once, then the way out for bad rows (set
// them aside with --skip-invalid) when a problem is a row's and none is a whole file's
// (--skip-invalid does not set a file aside: the run would fail again).
func (le Errors) Hints() []string {
	var hints []string
	rows, fatal := le.moreRows, le.moreFatal
	for _, p := range le.Problems {
		rows, fatal = rows || !p.Fatal, fatal || p.Fatal
		if p.Hint != "" && !slices.Contains(hints, p.Hint) {
			hints = append(hints, p.Hint)
		}
	}
	for _, h := range le.moreHints {
		if !slices.Contains(hints, h) {
			hints = append(hints, h)
		}
	}
	if rows && !fatal {
		hints = append(hints, "fix the rows above, or pass --skip-invalid to set them aside")
	}
	return hints
}
