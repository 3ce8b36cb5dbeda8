package cli

import (
	"fmt"
	"io"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/check"
	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/present"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
	"github.com/pkgctl/pkgctl/internal/value"
)

type checkOptions struct {
	*GlobalOptions
	In        inputFlags
	Tolerance string
	JUnit     string
	Month     string
	From, To  string
}

func newCmdCheck(g *GlobalOptions) *cobra.Command {
	opts := &checkOptions{GlobalOptions: g}
	cmd := &cobra.Command{
		Use:         "check --packages P --usage U --bills B [--tolerance 0.01] [--junit FILE]",
		Annotations: globalFlags(replayFlags...),
		Short:       "Check an exported amortization bill against the recomputed bills (for CI)",
		Args:        cobra.NoArgs,
		RunE:        runE(func() error { return checkRun(opts) }),
	}
	addInputFlags(cmd, &opts.In, true, true, true)
	f := cmd.Flags()
	f.StringVar(&opts.Tolerance, "tolerance", "0.01", "largest accepted difference of an amount or quantity")
	f.StringVar(&opts.JUnit, "junit", "", "also write a JUnit XML report to FILE (one test case per package)")
	f.StringVar(&opts.Month, "month", "", "only compare the bills of this month (YYYY-MM)")
	f.StringVar(&opts.From, "from", "", "only compare bills dated on or after this day")
	f.StringVar(&opts.To, "to", "", "only compare bills dated on or before this day")
	return cmd
}

func checkRun(opts *checkOptions) error {
	var tol decimal.Decimal
	var window check.Window
	var res check.Result
	var export *check.Export
	table := false
	return opts.runJob(job{in: &opts.In, used: true, overview: true, amortized: true,
		billSink: func(pkgs []model.Package, rows int) func(*model.BillRow) {
			export = check.NewExport(pkgs, window, check.Options{Tolerance: tol, Precision: opts.Config.Precision, Warnings: opts.keptWarnings(),
				MaxBytes: mem.TotalMemory() / 2}, rows)
			return export.Add
		},
		check: func(format report.Format) (err error) {
			table = format == report.FormatTable && opts.Out == ""
			if opts.In.Bills == "" {
				return &usageError{msg: "missing --bills", hint: "name the exported amortization bill (CSV or XLSX)"}
			}
			if tol, err = value.ParseDecimal(opts.Tolerance); err != nil {
				return usageErrorf("--tolerance: %v; want a decimal >= 0", err)
			}
			if tol.Sign() < 0 {
				return usageErrorf("--tolerance %q: want a decimal >= 0", opts.Tolerance)
			}
			if window.From, window.To, err = present.BillDays(opts.Loc, opts.Month, opts.From, opts.To); err != nil {
				return err
			}
			opts.junit = opts.JUnit // the rejected rows' files are checked against it
			return report.CheckJUnit(opts.JUnit, opts.Out, opts.withConfig(opts.In.paths()))
		},
		doc: func(l *replay.Ledger, in *load.Loaded) (*report.Document, error) {
			if total := mem.TotalMemory(); export.Full() {
				return nil, &usageError{
					msg:  fmt.Sprintf("the export's sums passed half of this machine's %s before it was read to the end", aboutGiB(total)),
					hint: checkHint}
			}
			ar, err := opts.amortize(l)
			if err != nil {
				return nil, err
			}
			n, _ := ar.Count(window.From, window.To)
			if err := checkFits(n, export.Keys(), export.Held(), mem.TotalMemory()); err != nil {
				return nil, err
			}
			res = check.Run(l, ar, export)
			if res.Outside > 0 {
				opts.note("%s of the export outside the window not compared", present.Plural(res.Outside, "row"))
			}
			opts.printWarnings(res.WarningCount, func(i int) string { return res.Warnings[i] }, "")
			return present.Check(opts.present(), res), nil
		},
		beside: func() (*report.Pending, error) {
			return report.PrepareJUnit(opts.JUnit, opts.withConfig(opts.In.paths()), func(w io.Writer) error { return check.WriteJUnit(w, res) })
		},
		after: func() error {
			// The verdict once: the table printed on stdout ends with it; otherwise (a
			// file, or csv/json/xlsx/markdown) it goes to stderr, unless --quiet.
			if !opts.Quiet && !table {
				fmt.Fprintf(opts.IO.ErrOut, "pkgctl: %s\n", present.CheckSummary(res))
			}
			if !res.OK() {
				return errDifferences
			}
			return nil
		}})
}

// checkFits refuses a comparison of n expected bills, beside an export of keys keys
// that holds held bytes, whose sums would take more than half of total, the machine's
// memory (0: unknown, no bound): told at once, with what to do, rather than running out
// of memory after minutes (27,374 reserved instances valid ten years, 100M daily bills,
// against an export without them). A bill adds check.BillBytes where the export has no
// key for it, counted as the bills past the export's keys (a clean check adds none).
func checkFits(n, keys int, held, total int64) error {
	need := held + int64(max(n-keys, 0))*check.BillBytes
	if total <= 0 || need <= total/2 {
		return nil
	}
	return &usageError{
		msg: fmt.Sprintf("the comparison would hold the sums of %s bills and of the export, about %s: more than half of this machine's %s",
			value.Thousands(int64(n)), aboutGiB(need), aboutGiB(total)),
		hint: checkHint}
}

// checkHint is what to do about a comparison too large for the machine.
const checkHint = "compare a month at a time (--month YYYY-MM) or a span (--from, --to), or split the account by product (docs/performance.md)"

// aboutGiB is n bytes in GiB, to a tenth.
func aboutGiB(n int64) string {
	tenths := (n/(1<<20)*10 + 512) / 1024
	return fmt.Sprintf("%d.%d GiB", tenths/10, tenths%10)
}
