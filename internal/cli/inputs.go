package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/report"
	"github.com/pkgctl/pkgctl/internal/sample"
)

// inputFlags are the input files of a command: --packages, --usage, --bills, or --sample.
type inputFlags struct {
	Packages string
	Usage    string
	Bills    string
	Sample   bool
}

// addInputFlags registers the input flags a command reads.
func addInputFlags(cmd *cobra.Command, in *inputFlags, packages, usage, bills bool) {
	f := cmd.Flags()
	if packages {
		f.StringVar(&in.Packages, "packages", "", "packages export (CSV or XLSX; - for CSV on stdin)")
	}
	if usage {
		f.StringVar(&in.Usage, "usage", "", "pay-per-use usage export (CSV or XLSX; - for CSV on stdin)")
	}
	if bills {
		f.StringVar(&in.Bills, "bills", "", "exported amortization bill (CSV or XLSX; - for CSV on stdin)")
	}
	f.BoolVar(&in.Sample, "sample", false, "use the embedded sample instead of files")
}

// require checks that the named inputs are given (or --sample).
func (in *inputFlags) require(packages, usage bool) error {
	if in.Sample {
		if in.Packages != "" || in.Usage != "" {
			return &usageError{msg: "--sample replaces --packages and --usage; give one or the other"}
		}
		return nil
	}
	var missing []string
	if packages && in.Packages == "" {
		missing = append(missing, "--packages")
	}
	if usage && in.Usage == "" {
		missing = append(missing, "--usage")
	}
	if len(missing) > 0 {
		return &usageError{msg: "missing " + strings.Join(missing, " and "),
			hint: "name the exported files, or try --sample"}
	}
	stdin := 0
	for _, p := range []string{in.Packages, in.Usage, in.Bills} {
		if p == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return usageErrorf("only one input can be read from stdin (-)")
	}
	return nil
}

// paths lists the input files given, for the refuse-to-overwrite check.
func (in *inputFlags) paths() []string {
	var ps []string
	for _, p := range []string{in.Packages, in.Usage, in.Bills} {
		if p != "" && p != "-" {
			ps = append(ps, p)
		}
	}
	return ps
}

// loaded is what a command read, with the reports of each file.
type loaded struct {
	Packages []model.Package
	Records  []model.Record
	Bills    []model.BillRow
	Reports  []*load.Report
}

func (g *GlobalOptions) loadOptions() load.Options {
	return load.Options{
		Location:    g.Loc,
		Currency:    g.Config.Currency,
		Aliases:     g.Config.Columns,
		SkipInvalid: g.SkipInvalid,
		Limits:      g.Limits,
	}
}

// open returns the named input's display name and content reader.
func (g *GlobalOptions) open(path string) (string, io.Reader, func(), error) {
	if path == "-" {
		return "stdin", g.IO.In, func() {}, nil
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return "", nil, nil, &usageError{msg: fmt.Sprintf("%s is a folder, not an exported file", path),
			hint: "name the CSV or XLSX file inside it"}
	}
	f, err := os.Open(path)
	if err != nil {
		return "", nil, nil, &usageError{msg: fmt.Sprintf("%s: %v", path, unwrapPathErr(err))}
	}
	return path, g.withProgress(path, f), func() { f.Close() }, nil
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// readInputs loads packages, usage and bills as requested, all problems of every file
// together; warnings go to stderr unless --quiet.
func (g *GlobalOptions) readInputs(in *inputFlags, wantPackages, wantUsage, wantBills bool) (*loaded, error) {
	defer collectWhileReadingXLSX(in.paths())()
	opt := g.loadOptions()
	res := &loaded{}
	var problems load.Errors
	collect := func(rep *load.Report, err error) error {
		if rep != nil {
			res.Reports = append(res.Reports, rep)
		}
		if le, ok := err.(load.Errors); ok {
			problems = append(problems, le...)
			return nil
		}
		return err
	}
	// Packages load on their own goroutine while the usage loads (the usage load leaves
	// some of the cores' time free), unless the packages show progress, which would mix
	// with the usage's on the terminal, or the usage comes from stdin. Problems are
	// collected in the same order, and a packages file that cannot be read at all still
	// stops the run before the usage is read (its file is closed under the usage load).
	var pkg struct {
		pkgs []model.Package
		rep  *load.Report
		err  error
	}
	var loadPackages func() // fills pkg; nil once run
	progress := false
	if wantPackages {
		name, r, done, err := g.source(in.Sample, in.Packages, sample.Packages())
		if err != nil {
			return nil, err
		}
		loadPackages = func() {
			defer done()
			pkg.pkgs, pkg.rep, pkg.err = load.Packages(name, r, opt)
		}
		_, progress = r.(*progressReader)
	}
	fatal := func(err error) bool {
		_, problems := err.(load.Errors)
		return err != nil && !problems
	}
	var usage struct {
		recs []model.Record
		rep  *load.Report
		err  error
	}
	if wantUsage {
		name, r, done, err := g.source(in.Sample, in.Usage, sample.Usage())
		if usage.err = err; err == nil {
			if loadPackages != nil && !progress && (in.Sample || in.Usage != "-") {
				loaded := make(chan struct{})
				go func() {
					defer close(loaded)
					if loadPackages(); fatal(pkg.err) {
						done() // the usage load stops at its next read; its result is not used
					}
				}()
				usage.recs, usage.rep, usage.err = load.Usage(name, r, opt)
				<-loaded
			} else {
				if loadPackages != nil {
					loadPackages()
				}
				if !fatal(pkg.err) {
					usage.recs, usage.rep, usage.err = load.Usage(name, r, opt)
				}
			}
			loadPackages = nil
			done()
		}
	}
	if loadPackages != nil { // no usage wanted, or its file did not open
		loadPackages()
	}
	if wantPackages {
		if err := collect(pkg.rep, pkg.err); err != nil {
			return nil, err
		}
		res.Packages = pkg.pkgs
	}
	if wantUsage {
		if err := collect(usage.rep, usage.err); err != nil {
			return nil, err
		}
		res.Records = usage.recs
	}
	if wantBills && in.Bills != "" {
		name, r, done, err := g.open(in.Bills)
		if err != nil {
			return nil, err
		}
		bills, rep, err := load.Bills(name, r, opt)
		done()
		if err := collect(rep, err); err != nil {
			return nil, err
		}
		res.Bills = bills
	}
	g.warn(res.Reports) // warnings of valid rows, even when other rows have errors
	g.reports = res.Reports
	if len(problems) > 0 {
		return nil, problems
	}
	return res, nil
}

func (g *GlobalOptions) source(useSample bool, path string, s sample.File) (string, io.Reader, func(), error) {
	if useSample || path == "" {
		return s.Name, bytes.NewReader(s.Data), func() {}, nil
	}
	return g.open(path)
}

// warn prints load warnings, with or without --quiet (which hides notes only).
func (g *GlobalOptions) warn(reps []*load.Report) {
	for _, rep := range reps {
		for _, w := range rep.Warnings {
			fmt.Fprintf(g.IO.ErrOut, "pkgctl: warning: %s\n", w.Error())
		}
	}
}

// writeRejected writes the rows --skip-invalid set aside: to <out>.rejected.csv when the
// command writes a file, else it names them on stderr. Nothing is dropped silently.
func (g *GlobalOptions) writeRejected(reps []*load.Report, inputs []string) error {
	n := 0
	for _, rep := range reps {
		n += len(rep.Rejected)
	}
	if n == 0 {
		return nil
	}
	if g.Out == "" || report.IsStream(g.Out) { // nothing to write beside: name them on stderr
		for _, rep := range reps {
			for _, r := range rep.Rejected {
				for _, p := range r.Problems {
					fmt.Fprintf(g.IO.ErrOut, "pkgctl: rejected: %s\n", p.Error())
				}
			}
		}
		fmt.Fprintf(g.IO.ErrOut, "pkgctl: note: %d invalid row(s) skipped (--skip-invalid)\n", n)
		return nil
	}
	paths := g.rejectedPaths(reps)
	for i, rep := range reps {
		if paths[i] == "" {
			continue
		}
		path := paths[i]
		if err := writeFileAtomic(path, inputs, func(w io.Writer) error { return g.writeRejectedCSV(w, rep) }); err != nil {
			return err
		}
		if !g.Quiet {
			fmt.Fprintf(g.IO.ErrOut, "pkgctl: note: %d invalid row(s) of %s skipped, written to %s\n", len(rep.Rejected), rep.File, path)
		}
	}
	return nil
}

// rejectedPaths are the files the rejected rows of each report go to ("" for a report
// without rejected rows, and for all when they are named on stderr instead).
func (g *GlobalOptions) rejectedPaths(reps []*load.Report) []string {
	paths := make([]string, len(reps))
	if g.Out == "" || report.IsStream(g.Out) {
		return paths
	}
	for i, rep := range reps {
		if len(rep.Rejected) == 0 {
			continue
		}
		paths[i] = g.Out + ".rejected.csv"
		if i > 0 && countWithRejects(reps[:i]) > 0 {
			paths[i] = g.Out + "." + strings.TrimSuffix(filepath.Base(rep.File), filepath.Ext(rep.File)) + ".rejected.csv"
		}
	}
	return paths
}

// checkOutputs refuses, before anything is written, an output the run would not be
// able to write: a rejected-rows file that is an input, the --out file or a folder. (The
// --out file itself is checked by outputFormat and WriteFile.)
func (g *GlobalOptions) checkOutputs(inputs []string) error {
	for _, p := range g.rejectedPaths(g.reports) {
		if p == "" {
			continue
		}
		if err := report.CheckNotInput(p, inputs); err != nil {
			return fmt.Errorf("the rejected rows: %w", err)
		}
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return usageErrorf("the rejected rows would go to %s, which is a folder", p)
		}
	}
	return nil
}

func countWithRejects(reps []*load.Report) int {
	n := 0
	for _, r := range reps {
		if len(r.Rejected) > 0 {
			n++
		}
	}
	return n
}

// collectWhileReadingXLSX turns the garbage collector on while inputs are read when one
// of them is a workbook, and returns what turns it back off. ConfigureRuntime leaves
// collection off because pkgctl keeps what it allocates; but reading a sheet's XML makes
// garbage (about 12 bytes per byte of XML), which would otherwise pile up to the memory
// limit. With the collector on, the memory of reading a sheet stays within about twice
// what is kept. When collection is already on (GOGC set, or in tests) it is left alone.
func collectWhileReadingXLSX(paths []string) (restore func()) {
	for _, p := range paths {
		if strings.EqualFold(filepath.Ext(p), ".xlsx") {
			if old := debug.SetGCPercent(100); old >= 0 {
				debug.SetGCPercent(old)
			} else {
				return func() { debug.SetGCPercent(old) }
			}
			break
		}
	}
	return func() {}
}
