package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/present"
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

// check refuses inputs that cannot be read together, whatever a command needs of them:
// --sample beside the files it replaces, or two inputs from stdin. Every command checks
// them (require), validate too.
func (in *inputFlags) check() error {
	if in.Sample && (in.Packages != "" || in.Usage != "") {
		return &usageError{msg: "--sample replaces --packages and --usage; give one or the other"}
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

// require checks that the packages, and the usage when wanted, are given (or --sample),
// and that the inputs can be read together (check).
func (in *inputFlags) require(usage bool) error {
	if err := in.check(); err != nil || in.Sample {
		return err
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
	return nil
}

// rereadable reports whether every input given can be read twice: a regular file, not
// stdin ("-") nor a pipe (`--packages <(…)`, /dev/stdin). A usage replayed in parts that
// turns out to be out of deduct order is replayed in memory after all, which reads every
// input again.
func (in *inputFlags) rereadable() bool {
	for _, p := range []string{in.Packages, in.Usage, in.Bills} {
		if p == "" {
			continue
		}
		if st, err := os.Stat(p); p == "-" || err != nil || !st.Mode().IsRegular() {
			return false
		}
	}
	return true
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

func (g *GlobalOptions) loadOptions() load.Options {
	return load.Options{
		Location:    g.Loc,
		Currency:    g.Config.Currency,
		Aliases:     g.Config.Columns,
		SkipInvalid: g.SkipInvalid,
		Limits:      g.Limits,
		Linear:      amortize.Linear(g.amortizeConfig()),
	}
}

// open opens the named input (- is stdin), with a progress reader when it is large.
func (g *GlobalOptions) open(path string) (load.File, error) {
	return load.OpenPath(path, g.IO.In, g.withProgress)
}

// readInputs loads packages, usage and bills as requested, all problems of every file
// together; warnings go to stderr unless --quiet. The bills (--bills) are read when
// billSink is set, which takes their rows as they are read (load.Inputs).
func (g *GlobalOptions) readInputs(in *inputFlags, wantPackages, wantUsage bool,
	billSink func(pkgs []model.Package, hint int) func(*model.BillRow)) (*load.Loaded, error) {
	return g.readWith(in, wantPackages, wantUsage, nil, billSink)
}

// readWith is readInputs with usage, when not nil, the report of the usage file read
// before as it went (validate), put in the usage's place among the reports.
func (g *GlobalOptions) readWith(in *inputFlags, wantPackages, wantUsage bool, usage *load.Report,
	billSink func(pkgs []model.Package, hint int) func(*model.BillRow)) (*load.Loaded, error) {
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
	if billSink != nil && in.Bills != "" {
		req.Bills = func() (load.File, error) {
			f, err := g.open(in.Bills)
			f.Alone = load.ShowsProgress(f.R) || in.Bills == "-" // its progress would mix with the usage's
			return f, err
		}
		req.BillSink = billSink
	}
	res, err := load.Read(req, g.loadOptions())
	if res != nil {
		if usage != nil { // read before, as it went: its place is the usage's
			at := 0
			if wantPackages {
				at = 1
			}
			res.Reports = slices.Insert(res.Reports, min(at, len(res.Reports)), usage)
		}
		g.warn(res.Reports) // warnings of valid rows, even when other rows have errors
		// A file read again: the rows it set aside before are let go of.
		for _, rep := range g.reports {
			if !slices.Contains(res.Reports, rep) {
				rep.Rejected.Close()
			}
		}
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

// warn prints load warnings, with or without --quiet (which hides notes only): per
// file the first shownWarnings, then how many more.
// A file read twice (a replay in parts given up for one in memory) warns once.
func (g *GlobalOptions) warn(reps []*load.Report) {
	for _, rep := range reps {
		if slices.Contains(g.warned, rep.File) {
			continue
		}
		g.warned = append(g.warned, rep.File)
		g.printWarnings(len(rep.Warnings), func(i int) string { return rep.Warnings[i].Error() }, rep.File)
	}
}

// closeReports lets go of the rows the inputs read set aside, and of their temporary
// files (load.RejectedRows), written out or not.
func (g *GlobalOptions) closeReports() {
	for _, rep := range g.reports {
		rep.Rejected.Close()
	}
}

// rejected is where the rows --skip-invalid set aside go (present.Rejected).
func (g *GlobalOptions) rejected(inputs []string) present.Rejected {
	return present.Rejected{Out: g.Out, Inputs: g.withConfig(inputs), JUnit: g.junit, BOM: g.csvBOM(), ErrOut: g.IO.ErrOut, Note: g.note}
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
