package load

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

// Options configures loading.
type Options struct {
	// Location is the zone of timestamps written without one; nil means Asia/Shanghai.
	Location *time.Location
	// Currency is the currency of rows without one (config `currency`); "" means USD.
	Currency string
	// Aliases adds header names: kind ("packages", "usage", "bills") → canonical column →
	// names (config `columns`).
	Aliases map[string]map[string][]string
	// SkipInvalid drops bad rows into Report.Rejected instead of failing.
	SkipInvalid bool
	// Limits bound the size of what a file may make pkgctl read; zero fields are
	// DefaultLimits'.
	Limits Limits
	// Linear reports whether a package with a fee is amortized linearly, day by day
	// (amortize.Linear under the configuration): their days count against
	// Limits.LinearDays. nil: no package's days are counted.
	Linear func(*model.Package) bool
}

func (o Options) location() *time.Location {
	if o.Location != nil {
		return o.Location
	}
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("GMT+08:00", 8*3600)
}

func (o Options) currency() string {
	if c := strings.TrimSpace(o.Currency); c != "" {
		return value.CurrencyCode(c)
	}
	return "USD"
}

// typedColumns marks the columns of h that s reads as numbers or times (Report.Typed).
func typedColumns(s *schema, h *header) []bool {
	typed := make([]bool, len(h.cells))
	for _, slots := range [][]int{s.numbers, s.times} {
		for _, slot := range slots {
			if j := h.col[slot]; j >= 0 && j < len(typed) {
				typed[j] = true
			}
		}
	}
	return typed
}

// loader drives the reading of one table: it hands every non-blank data row to a row
// function and files the row's problems as errors or rejections.
type loader struct {
	opt  Options
	t    *table
	rep  *Report
	errs firstProblems // without SkipInvalid: the problems reported
	rr   rowReader
	// deferBad leaves the filing of a mapped row's problems to the row function's caller
	// (packages are checked across rows first); unparsable rows are filed at once.
	deferBad bool
	// badRows counts the rows filed as bad; from collectFrom of them on, the garbage
	// collector runs until close calls collected (mem.CollectForNow).
	badRows   int
	collected func()
}

// collectFrom is the number of bad rows from which a file is read with the garbage
// collector on: a bad row leaves about 500 bytes of garbage (its parse, its problems'
// text), which pkgctl, collecting nothing while it reads (mem.ConfigureRuntime), would
// otherwise keep for every bad row of the file.
const collectFrom = 1 << 12

// newLoader opens the table of one input file.
func newLoader(file string, r io.Reader, opt Options, s *schema) (*loader, error) {
	ix, err := newAliasIndex(s, opt.Aliases[s.kind])
	if err != nil {
		return nil, newErrors(Problem{Src: model.Source{File: file}, Msg: err.Error(), Fatal: true,
			Hint: "fix the columns: section of the config file (docs/formats.md lists the column names)"})
	}
	t, err := openTable(file, r, s, ix, opt.limits())
	if err != nil {
		return nil, err
	}
	l := &loader{opt: opt, t: t, rep: &Report{File: file, Kind: s.kind, Sheet: t.sheet, CSV: t.csv != nil, Typed: typedColumns(s, &t.hdr),
		Header: t.hdr.cells, Warnings: t.warn}}
	l.rr = rowReader{s: s, hdr: &t.hdr, loc: opt.location(), ctl: true, csv: t.csv, fields: math.MaxInt}
	if t.csv != nil {
		l.rr.fields, l.rr.text = t.csv.fields, t.csv.cs.check
	}
	return l, nil
}

// each calls fn for every non-blank data row; fn reads the row through rr and keeps its
// value only when rr.ok(). It returns a fatal (I/O) error only.
func (l *loader) each(fn func(rr *rowReader)) error {
	defer l.t.rows.close()
	rr := &l.rr
	for l.t.rows.next() {
		cells, line, bad := l.t.rows.row()
		rr.reset(cells, l.t.src(line))
		if bad == nil && blank(cells) {
			continue
		}
		l.rep.Rows++
		if bad = rr.unreadable(bad); bad != nil {
			rr.fail(-1, "%v", bad)
			l.bad(rr.src, cells, rr.probs)
			continue
		}
		rr.undecoded()
		rr.controls()
		fn(rr)
		if !rr.ok() && !l.deferBad {
			l.bad(rr.src, cells, rr.probs)
		}
	}
	return l.t.rows.err()
}

// bad files the problems of a row: rejected under SkipInvalid, else errors.
func (l *loader) bad(src model.Source, cells []string, probs []Problem) {
	var packed packedCells
	if l.opt.SkipInvalid {
		packed = packCells(cells)
	}
	l.badPacked(src, packed, probs)
}

// badPacked is bad of a row whose cells are packed already (with SkipInvalid).
func (l *loader) badPacked(src model.Source, cells packedCells, probs []Problem) {
	if l.badRows++; l.badRows == collectFrom {
		l.collected = mem.CollectForNow()
	}
	if !l.opt.SkipInvalid {
		l.errs.add(probs)
		return
	}
	l.rep.Rejected.Add(newRejected(src, cells, probs))
}

// warn records a warning.
func (l *loader) warn(src model.Source, column, format string, args ...any) {
	l.rep.Warnings = append(l.rep.Warnings, Problem{Src: src, Column: column, Msg: fmt.Sprintf(format, args...)})
}

// finish sorts what was collected and returns the Errors of the file, if any.
func (l *loader) finish() error {
	sortProblems(l.rep.Warnings)
	if l.errs.any() {
		return l.errs.errors()
	}
	return nil
}

// close ends the reading: the collector is left as it was before the file.
func (l *loader) close() {
	if l.collected != nil {
		l.collected()
	}
}

// blank reports whether every cell is blank.
func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// place renders a location within the same file for messages: "line 7" or "row 7".
func place(src model.Source) string {
	if src.Sheet != "" {
		return fmt.Sprintf("row %d", src.Line)
	}
	return fmt.Sprintf("line %d", src.Line)
}
