package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/forecast"
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

const forecastLong = `Forecast projects every usage package valid at --as-of to its end, from its burn
rate: its mean daily demand (what it deducted, plus the pay-per-use usage it would have
taken had it had capacity left) over the --window whole days before as-of, a day
counting at most as much as the upper quartile of the days with use, so that a one-off
spike does not drive the projection. Each remaining period (the current one from what
it used so far) is projected at that rate: use beyond capacity spills into
pay-per-use, priced at the records' unit prices; capacity beyond use goes unused,
valued at the period's share of what the package cost (what the unused rows of
amortization will book). Packages are listed by money at stake (waste + spill cost),
most first, with a one-line recommendation. Storage packages and reserved instances,
which never run out, are not forecast.

--fail-on RULE (repeatable) alerts on a package whose forecast passes a threshold:
METRIC OP NUMBER [CURRENCY], where METRIC is waste, spill (its cost), at_stake (money),
utilization (projected, %) or days_left (until it runs out), and OP is >, >=, < or <=,
e.g. --fail-on 'waste>100' --fail-on 'days_left<14'. --junit FILE writes a JUnit report
with one test case per package. The xlsx output adds a Projection sheet with a chart
per package (the --charts first packages of the listing) of use against capacity.

Exit codes:
  0  success (no package passes a --fail-on threshold)
  1  a package passes a --fail-on threshold (the report lists its alerts)
  2  bad input or usage; nothing was written
  3  any other failure`

// errAlerts is returned when a forecast alert fires: exit 1, like check's differences.
var errAlerts = fmt.Errorf("forecast alerts: %w", errDifferences)

func newCmdForecast(g *GlobalOptions) *cobra.Command {
	opts := &forecastOptions{GlobalOptions: g}
	cmd := &cobra.Command{
		Use:   "forecast --packages P --usage U [--window DAYS] [--fail-on RULE]... [--junit FILE]",
		Short: "Project each active package to its end: waste, spill into pay-per-use, what to do",
		Long:  forecastLong,
		Example: `  pkgctl forecast --sample --as-of 2024-06-30
  pkgctl forecast --packages p.csv --usage u.csv --window 14 -o forecast.xlsx
  pkgctl forecast --packages p.csv --usage u.csv --fail-on 'at_stake>500' --junit reports/forecast.xml`,
		Args: cobra.NoArgs,
		RunE: runE(func() error { return forecastRun(opts) }),
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
				rules = append(rules, r)
			}
			if charts, err = present.ParseCharts(opts.Charts); err != nil {
				return usageErrorf("--charts %q: %v", opts.Charts, err)
			}
			return opts.checkJUnit(opts.JUnit, opts.In.paths())
		},
		doc: func(l *replay.Ledger, _ *loaded) (*report.Document, error) {
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
				if charts < 0 && len(res.Forecasts) > present.MaxCharts {
					return nil, &usageError{msg: fmt.Sprintf("--charts all would chart %d packages; a workbook holds at most %d charts", len(res.Forecasts), present.MaxCharts),
						hint: fmt.Sprintf("chart the first packages of the listing, e.g. --charts %d", present.MaxCharts)}
				}
				doc.Tables = append(doc.Tables, present.Projection(opts.present(), l, res, charts))
			}
			return doc, nil
		},
		after: func() error { return opts.verdict(res, rules) }})
}

// verdict writes the --junit report and says whether a package passed a --fail-on
// threshold (errAlerts: exit 1), as check does for its differences.
func (opts *forecastOptions) verdict(res *forecast.Result, rules []forecast.Rule) error {
	if err := opts.writeJUnit(opts.JUnit, opts.In.paths(), func(w io.Writer) error {
		return forecast.WriteJUnit(w, res, opts.Config.Precision)
	}); err != nil {
		return err
	}
	if len(rules) == 0 {
		return nil
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
