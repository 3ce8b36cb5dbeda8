package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/forecast"
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
		RunE: func(*cobra.Command, []string) error {
			return run(func() error { return forecastRun(opts) })
		},
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
	if err := opts.In.require(true, true); err != nil {
		return err
	}
	if opts.Window < 1 || opts.Window > forecast.MaxWindow {
		return usageErrorf("--window %d: want 1 to %d days", opts.Window, forecast.MaxWindow)
	}
	var rules []forecast.Rule
	for _, s := range opts.FailOn {
		r, err := forecast.ParseRule(s)
		if err != nil {
			return &usageError{msg: "--fail-on " + err.Error(), hint: "write e.g. --fail-on 'waste>100' (see pkgctl forecast --help)"}
		}
		rules = append(rules, r)
	}
	charts, err := chartCount(opts.Charts)
	if err != nil {
		return err
	}
	format, err := opts.outputFormat(false)
	if err != nil {
		return err
	}
	if err := junitPath(opts.JUnit, opts.Out, opts.In.paths()); err != nil {
		return err
	}
	l, in, err := opts.replay(&opts.In)
	if err != nil {
		return err
	}
	am, err := opts.amortizeWarn(l)
	if err != nil {
		return err
	}
	res, err := forecast.Run(l, am, forecast.Options{Location: opts.Loc, AsOf: opts.AsOfTime,
		Precision: opts.Config.Precision, Window: opts.Window, Rules: rules})
	if err != nil {
		return err
	}
	doc := forecastDocument(opts.GlobalOptions, res)
	if format == report.FormatXLSX {
		if charts < 0 && len(res.Forecasts) > maxCharts {
			return &usageError{msg: fmt.Sprintf("--charts all would chart %d packages; a workbook holds at most %d charts", len(res.Forecasts), maxCharts),
				hint: fmt.Sprintf("chart the first packages of the listing, e.g. --charts %d", maxCharts)}
		}
		doc.Tables = append(doc.Tables, projectionTable(opts.GlobalOptions, l, res, charts))
	}
	if err := opts.emit(doc, format, opts.In.paths()); err != nil {
		return err
	}
	if opts.JUnit != "" {
		if err := os.MkdirAll(filepath.Dir(opts.JUnit), 0o755); err != nil {
			return err
		}
		err := writeFileAtomic(opts.JUnit, opts.In.paths(), func(w io.Writer) error {
			return forecast.WriteJUnit(w, res, opts.Config.Precision)
		})
		if err != nil {
			return err
		}
	}
	if err := opts.writeRejected(in.Reports, opts.In.paths()); err != nil {
		return err
	}
	if len(rules) == 0 {
		return nil
	}
	if !opts.Quiet { // the verdict, as check prints its own
		if res.Alerted > 0 {
			fmt.Fprintf(opts.IO.ErrOut, "pkgctl: error: %s of %d past the --fail-on thresholds (%s)\n",
				plural(res.Alerted, "package"), len(res.Forecasts), alertCounts(res, rules))
		} else {
			fmt.Fprintf(opts.IO.ErrOut, "pkgctl: note: no alerts: %s forecast\n", plural(len(res.Forecasts), "package"))
		}
	}
	if res.Alerted > 0 {
		return errAlerts
	}
	return nil
}

// maxCharts is the most packages a workbook charts: each adds a row per day of its
// validity to the Projection sheet, and the workbook is built in memory (500 charts of
// a year take about 1 GB more than none).
const maxCharts = 500

// chartCount reads --charts: a number of packages, or all (-1).
func chartCount(s string) (int, error) {
	if strings.EqualFold(strings.TrimSpace(s), "all") {
		return -1, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > maxCharts {
		return 0, usageErrorf("--charts %q: want a number of packages up to %d, or all", s, maxCharts)
	}
	return n, nil
}

// junitPath refuses, before any work, a --junit file that is an input or the --out file.
func junitPath(junit, out string, inputs []string) error {
	if junit == "" {
		return nil
	}
	if out != "" && report.CheckNotInput(junit, []string{out}) != nil {
		return usageErrorf("--junit and --out name the same file %s", junit)
	}
	return report.CheckNotInput(junit, inputs)
}

// alertCounts says how many packages each rule caught: "waste>100: 3, days_left<14: 1".
func alertCounts(res *forecast.Result, rules []forecast.Rule) string {
	parts := make([]string, len(rules))
	for i, r := range rules {
		parts[i] = fmt.Sprintf("%s: %d", r.Text, res.Passed(r))
	}
	return strings.Join(parts, ", ")
}

var forecastColumns = []report.Column{
	{Key: "package_id", Kind: report.KindText},
	{Key: "product", Kind: report.KindText, Wide: true},
	{Key: "outlook", Kind: report.KindText},
	{Key: "unit", Kind: report.KindText},
	{Key: "capacity", Kind: report.KindQuantity},
	{Key: "used", Kind: report.KindQuantity},
	{Key: "period_start", Kind: report.KindTime, Wide: true},
	{Key: "period_end", Kind: report.KindTime, Wide: true},
	{Key: "end", Kind: report.KindTime, Wide: true},
	{Key: "window_days", Kind: report.KindInt, Wide: true},
	{Key: "burn_rate", Kind: report.KindQuantity},
	{Key: "periods", Kind: report.KindInt, Wide: true},
	{Key: "offered", Kind: report.KindQuantity, Wide: true},
	{Key: "projected", Kind: report.KindQuantity, Wide: true},
	{Key: "utilization_pct", Kind: report.KindQuantity},
	{Key: "unused", Kind: report.KindQuantity},
	{Key: "carried", Kind: report.KindQuantity, Wide: true},
	{Key: "upgraded_by", Kind: report.KindText, Wide: true},
	{Key: "spill", Kind: report.KindQuantity},
	{Key: "exhaustion", Kind: report.KindDate},
	{Key: "needed", Kind: report.KindQuantity, Wide: true},
	{Key: "price", Kind: report.KindQuantity, Wide: true},
	{Key: "waste", Kind: report.KindMoney, Total: true},
	{Key: "spill_cost", Kind: report.KindMoney, Total: true},
	{Key: "at_stake", Kind: report.KindMoney, Total: true},
	{Key: "currency", Kind: report.KindText},
	{Key: "recommendation", Kind: report.KindText, Wide: true},
	{Key: "alerts", Kind: report.KindText, Wide: true},
}

// forecastDocument renders the forecast listing; for people, the table is followed by
// one recommendation line per package.
func forecastDocument(g *GlobalOptions, res *forecast.Result) *report.Document {
	t := &report.Table{Name: "Forecast", Columns: forecastColumns, TotalBy: "currency"}
	for i := range res.Forecasts {
		f := &res.Forecasts[i]
		t.Rows = append(t.Rows, forecastRow(f, g))
	}
	doc := g.newDoc(t)
	doc.JSON = report.Object{{Key: "as_of", Value: report.TimeString(res.AsOf.In(g.Loc))},
		{Key: "window_days", Value: res.Window}, {Key: "forecasts", Value: doc.RowObjects(t)},
		{Key: "alerted", Value: res.Alerted}}
	doc.Text = func(w io.Writer) error {
		if err := report.Render(w, g.newDoc(t), report.FormatTable); err != nil {
			return err
		}
		for i := range res.Forecasts {
			f := &res.Forecasts[i]
			line := f.PackageID + ": " + f.Recommendation
			if len(f.Alerts) > 0 {
				line += " [alert: " + alertTexts(f) + "]"
			}
			if _, err := fmt.Fprintln(w, line); err != nil {
				return err
			}
		}
		return nil
	}
	return doc
}

func alertTexts(f *forecast.Forecast) string {
	texts := make([]string, len(f.Alerts))
	for i, a := range f.Alerts {
		texts[i] = a.Rule.Text
	}
	return strings.Join(texts, ", ")
}

func forecastRow(f *forecast.Forecast, g *GlobalOptions) []report.Cell {
	has := f.WindowDays > 0
	util, ok := f.Utilization()
	price := report.Empty()
	if f.Price.Valid {
		price = report.Qty(f.Price.Decimal)
	}
	nullMoney := func(ok bool, d report.Cell) report.Cell {
		if !ok {
			return report.Empty()
		}
		return d
	}
	return []report.Cell{report.Text(f.PackageID), report.Text(f.Product), report.Text(f.Outlook), report.Text(f.Unit),
		report.Qty(f.Capacity), report.Qty(f.Used), report.Time(f.PeriodStart), report.Time(f.PeriodEnd), report.Time(f.End),
		report.Int(int64(f.WindowDays)), qtyIf(f.Rate, has), report.Int(int64(f.Periods)), report.Qty(f.Offered),
		qtyIf(f.Projected, has), pctCell(util, ok && has), qtyIf(f.Unused, has), qtyIf(f.Carried, has),
		report.Text(f.UpgradedBy), qtyIf(f.Spill, has), dateIn(f.Exhaustion, g),
		qtyIf(f.Needed, has), price, nullMoney(f.Waste.Valid, report.Money(f.Waste.Decimal)),
		nullMoney(f.SpillCost.Valid, report.Money(f.SpillCost.Decimal)), nullMoney(has, report.Money(f.AtStake)),
		report.Text(f.Currency), report.Text(f.Recommendation), report.Text(alertTexts(f))}
}

// projectionTable lists, for the first n forecasts (all when n < 0), a row per day of
// validity: use so far, capacity and the projection, with a line chart per package.
func projectionTable(g *GlobalOptions, l *replay.Ledger, res *forecast.Result, n int) *report.Table {
	t := &report.Table{Name: "Projection", Columns: []report.Column{
		{Key: "package_id", Kind: report.KindText}, {Key: "day", Kind: report.KindDate},
		{Key: "used", Kind: report.KindQuantity}, {Key: "capacity", Kind: report.KindQuantity},
		{Key: "projected", Kind: report.KindQuantity}, {Key: "unit", Kind: report.KindText}}}
	for i := range res.Forecasts {
		if n >= 0 && i >= n {
			break
		}
		f := &res.Forecasts[i]
		from := len(t.Rows)
		for _, p := range forecast.Series(l, f, res.AsOf, g.Loc) {
			used, proj := report.Empty(), report.Empty()
			if p.Used.Valid {
				used = report.Qty(p.Used.Decimal)
			}
			if p.Projected.Valid {
				proj = report.Qty(p.Projected.Decimal)
			}
			t.Rows = append(t.Rows, []report.Cell{report.Text(f.PackageID), report.Date(p.Day), used,
				report.Qty(p.Capacity), proj, report.Text(f.Unit)})
		}
		if len(t.Rows) > from {
			t.Charts = append(t.Charts, &report.Chart{Title: fmt.Sprintf("%s: use against capacity (%s)", f.PackageID, f.Unit),
				Category: "day", Series: []string{"used", "capacity", "projected"}, Line: true, From: from, To: len(t.Rows)})
		}
	}
	return t
}

// dateIn is the calendar day of instant t in the configured zone (empty for zero).
func dateIn(t time.Time, g *GlobalOptions) report.Cell {
	if t.IsZero() {
		return report.Empty()
	}
	return report.Date(t.In(g.Loc))
}
