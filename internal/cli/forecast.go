package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/forecast"
	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/present"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
)

type forecastOptions struct {
	*GlobalOptions
	In     inputFlags
	Window int
	FailOn []string
	JUnit  string
	Charts string
}

// errAlerts is returned when a forecast alert fires: exit 1, like check's differences.
var errAlerts = fmt.Errorf("forecast alerts: %w", errDifferences)

func newCmdForecast(g *GlobalOptions) *cobra.Command {
	opts := &forecastOptions{GlobalOptions: g}
	cmd := &cobra.Command{
		Use:         "forecast --packages P --usage U [--window DAYS] [--fail-on RULE]... [--junit FILE]",
		Annotations: globalFlags(replayFlags...),
		Short:       "Project each active package to its end: waste, spill into pay-per-use, what to do",
		Args:        cobra.NoArgs,
		RunE:        runE(func() error { return forecastRun(opts) }),
	}
	addInputFlags(cmd, &opts.In, true, true, false)
	f := cmd.Flags()
	f.IntVar(&opts.Window, "window", forecast.DefaultWindow, "days of use the burn rate is measured over")
	f.StringArrayVar(&opts.FailOn, "fail-on", nil, "alert (exit 1) on a package past this threshold, e.g. 'waste>100' (repeatable)")
	f.StringVar(&opts.JUnit, "junit", "", "also write a JUnit XML report to FILE (one test case per package)")
	f.StringVar(&opts.Charts, "charts", "10", "xlsx: chart the first N packages of the listing (at most 500, or all)")
	return cmd
}

func forecastRun(opts *forecastOptions) error {
	var rules []forecast.Rule
	var charts int
	var res *forecast.Result
	xlsx := false
	return opts.runJob(job{in: &opts.In,
		check: func(format report.Format) (err error) {
			xlsx = format == report.FormatXLSX
			if opts.Window < 1 || opts.Window > forecast.MaxWindow {
				return usageErrorf("--window %d: want 1 to %d days", opts.Window, forecast.MaxWindow)
			}
			for _, s := range opts.FailOn {
				r, err := forecast.ParseRule(s)
				if err != nil {
					return &usageError{msg: "--fail-on " + err.Error(), hint: "write e.g. --fail-on 'waste>100' (see pkgctl forecast --help)"}
				}
				for _, before := range rules {
					if before.Text == r.Text { // its packages would be counted twice
						return usageErrorf("--fail-on %q: the rule %s is given twice", s, r.Text)
					}
				}
				rules = append(rules, r)
			}
			if charts, err = present.ParseCharts(opts.Charts); err != nil {
				return usageErrorf("--charts %q: %v", opts.Charts, err)
			}
			opts.junit = opts.JUnit // the rejected rows' files are checked against it
			return report.CheckJUnit(opts.JUnit, opts.Out, opts.withConfig(opts.In.paths()))
		},
		doc: func(l *replay.Ledger, _ *load.Loaded) (*report.Document, error) {
			am, err := opts.amortize(l)
			if err != nil {
				return nil, err
			}
			res, err = forecast.Run(l, am, forecast.Options{Location: opts.Loc, AsOf: opts.AsOfTime,
				Precision: opts.Config.Precision, Window: opts.Window, Rules: rules})
			if err != nil {
				return nil, err
			}
			doc := present.Forecast(opts.present(), res)
			if xlsx {
				t, err := present.Projection(opts.present(), l, res, charts)
				if err != nil {
					return nil, err
				}
				doc.Tables = append(doc.Tables, t)
			}
			return doc, nil
		},
		beside: func() (*report.Pending, error) {
			return report.PrepareJUnit(opts.JUnit, opts.withConfig(opts.In.paths()), func(w io.Writer) error {
				return forecast.WriteJUnit(w, res, opts.Config.Precision)
			})
		},
		after: func() error { return opts.verdict(res, rules) }})
}

// verdict says whether a package passed a --fail-on threshold (errAlerts: exit 1), as
// check does for its differences.
func (opts *forecastOptions) verdict(res *forecast.Result, rules []forecast.Rule) error {
	if len(rules) == 0 {
		return nil
	}
	for _, r := range rules {
		if r.Currency != "" && !slices.ContainsFunc(res.Forecasts, func(f forecast.Forecast) bool { return strings.EqualFold(f.Currency, r.Currency) }) {
			opts.warnings([]string{fmt.Sprintf("--fail-on %s: no package forecast is billed in %s: the rule cannot fire", r.Text, r.Currency)})
		}
	}
	if res.Alerted > 0 {
		if !opts.Quiet {
			fmt.Fprintf(opts.IO.ErrOut, "pkgctl: error: %s of %d past the --fail-on thresholds (%s)\n",
				present.Plural(res.Alerted, "package"), len(res.Forecasts), res.AlertCounts(rules))
		}
		return errAlerts
	}
	opts.note("no alerts: %s forecast", present.Plural(len(res.Forecasts), "package"))
	return nil
}
