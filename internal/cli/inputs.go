package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/present"
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

// require checks that the packages, and the usage when wanted, are given (or --sample).
func (in *inputFlags) require(usage bool) error {
	if in.Sample {
		if in.Packages != "" || in.Usage != "" {
			return &usageError{msg: "--sample replaces --packages and --usage; give one or the other"}
		}
		return nil
	}
	var missing []string
	if in.Packages == "" {
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
type loaded = load.Loaded

func (g *GlobalOptions) loadOptions() load.Options {
	return load.Options{
		Location:    g.Loc,
		Currency:    g.Config.Currency,
		Aliases:     g.Config.Columns,
		SkipInvalid: g.SkipInvalid,
		Limits:      g.Limits,
	}
}

// open opens the named input (- is stdin), with a progress reader when it is large.
func (g *GlobalOptions) open(path string) (load.File, error) {
	if path == "-" {
		return load.File{Name: "stdin", R: g.IO.In, Close: func() {}}, nil
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return load.File{}, &usageError{msg: fmt.Sprintf("%s is a folder, not an exported file", path),
			hint: "name the CSV or XLSX file inside it"}
	}
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return load.File{}, &usageError{msg: fmt.Sprintf("%s: %v", path, err)}
	}
	return load.File{Name: path, R: g.withProgress(path, f), Close: func() { f.Close() }}, nil
}

// readInputs loads packages, usage and bills as requested, all problems of every file
// together; warnings go to stderr unless --quiet.
func (g *GlobalOptions) readInputs(in *inputFlags, wantPackages, wantUsage, wantBills bool) (*loaded, error) {
	defer mem.CollectWhileReading(slices.ContainsFunc(in.paths(), func(p string) bool {
		return strings.EqualFold(filepath.Ext(p), ".xlsx")
	}))()
	var req load.Inputs
	if wantPackages {
		req.Packages = func() (load.File, error) {
			f, err := g.source(in.Sample, in.Packages, sample.Packages())
			f.Alone = load.ShowsProgress(f.R) // its progress would mix with the usage's
			return f, err
		}
	}
	if wantUsage {
		req.Usage = func() (load.File, error) {
			f, err := g.source(in.Sample, in.Usage, sample.Usage())
			f.Alone = !in.Sample && in.Usage == "-"
			return f, err
		}
	}
	if wantBills && in.Bills != "" {
		req.Bills = func() (load.File, error) { return g.open(in.Bills) }
	}
	res, err := load.Read(req, g.loadOptions())
	if res != nil {
		g.warn(res.Reports) // warnings of valid rows, even when other rows have errors
		g.reports = res.Reports
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

func (g *GlobalOptions) source(useSample bool, path string, s sample.File) (load.File, error) {
	if useSample || path == "" {
		return load.File{Name: s.Name, R: bytes.NewReader(s.Data), Close: func() {}}, nil
	}
	return g.open(path)
}

// warn prints load warnings, with or without --quiet (which hides notes only).
func (g *GlobalOptions) warn(reps []*load.Report) {
	for _, rep := range reps {
		for _, w := range rep.Warnings {
			g.warnings([]string{w.Error()})
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
	return present.WriteRejected(g.Out, inputs, reps, g.csvBOM(), func(rep *load.Report, path string) {
		g.note("%d invalid row(s) of %s skipped, written to %s", len(rep.Rejected), rep.File, path)
	})
}

// checkOutputs refuses, before anything is written, an output the run would not be
// able to write: a rejected-rows file that is an input, the --out file or a folder. (The
// --out file itself is checked by outputFormat and WriteFile.)
func (g *GlobalOptions) checkOutputs(inputs []string) error {
	for _, p := range present.RejectedPaths(g.Out, g.reports) {
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

// withProgress wraps f in a progress reader when stderr is a terminal and the user did
// not ask for --quiet (load.WithProgress: only for a large file).
func (g *GlobalOptions) withProgress(name string, f *os.File) io.Reader {
	errf, ok := g.IO.ErrOut.(*os.File)
	if g.Quiet || !ok || !term.IsTerminal(int(errf.Fd())) {
		return f
	}
	return load.WithProgress(name, f, errf, g.Now)
}
