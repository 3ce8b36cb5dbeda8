package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/report"
)

type amortizeOptions struct {
	*GlobalOptions
	In       inputFlags
	Month    string
	From, To string
	By       []string
}

func newCmdAmortize(g *GlobalOptions) *cobra.Command {
	opts := &amortizeOptions{GlobalOptions: g}
	cmd := &cobra.Command{
		Use:   "amortize --packages P --usage U [--month YYYY-MM | --from D --to D] [--by KEYS]",
		Short: "Compute the amortization bills (used, unused, linear) per day",
		Long: `Amortize spreads what each package cost over its life, as the consoles' amortization
bills do: usage-based packages by what was deducted each day (Expenditure-resource
packages used) and what was left at the end of each period (…unused); others linearly
per day (Expenditure-purchase/renewal/change). Rows are allocated to the usage records'
enterprise projects and tags, and every package's final rows sum exactly to what it cost.

Rows that depend on a period still running as of --as-of are shown as provisional and
never counted in totals. --by sums the rows into groups: day, month, package, product,
bill_type, enterprise_project, tag:KEY (comma-separated).`,
		Example: `  pkgctl amortize --sample
  pkgctl amortize --packages p.xlsx --usage u.csv --month 2024-01 -o bills.xlsx
  pkgctl amortize --packages p.csv --usage u.csv --by month,enterprise_project -f csv
  pkgctl amortize --packages p.csv --usage u.csv -f focus --billing-account-id 0a1b2c -o costs.parquet`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			return run(func() error { return amortizeRun(opts) })
		},
	}
	addInputFlags(cmd, &opts.In, true, true, false)
	f := cmd.Flags()
	f.StringVar(&opts.Month, "month", "", "only bills of this month (YYYY-MM)")
	f.StringVar(&opts.From, "from", "", "only bills dated on or after this day")
	f.StringVar(&opts.To, "to", "", "only bills dated on or before this day")
	f.StringSliceVar(&opts.By, "by", nil, "group and sum by: day, month, package, product, bill_type, enterprise_project, tag:KEY")
	addFocusFlags(cmd)
	return cmd
}

func amortizeRun(opts *amortizeOptions) error {
	if err := opts.In.require(true, true); err != nil {
		return err
	}
	from, to, err := opts.billDays(opts.Month, opts.From, opts.To)
	if err != nil {
		return err
	}
	format, err := opts.outputFormat(true)
	if err != nil {
		return err
	}
	if err := checkByKeys(opts.By); err != nil {
		return err
	}
	if format == report.FormatFocus && len(opts.By) > 0 {
		return usageErrorf("--by cannot be combined with the focus format")
	}
	l, in, err := opts.replay(&opts.In)
	if err != nil {
		return err
	}
	res, err := opts.amortize(l)
	if err != nil {
		return err
	}
	for _, w := range res.Warnings { // warnings show even with --quiet, which hides notes
		fmt.Fprintf(opts.IO.ErrOut, "pkgctl: warning: %s\n", w)
	}
	bills := res.Between(from, to)
	var doc *report.Document
	if len(opts.By) > 0 {
		groups, err := amortize.Group(bills, opts.By)
		if err != nil {
			return &usageError{msg: "--by: " + err.Error()}
		}
		doc = groupDocument(opts.GlobalOptions, opts.By, groups)
	} else {
		doc = billsDocument(opts.GlobalOptions, bills, res.Totals, !from.IsZero() || !to.IsZero())
	}
	if format == report.FormatFocus { // checked before anything is written: bad values are bad input
		cfg, err := opts.focusConfig(res, l, opts.In.Sample, from, to)
		if err != nil {
			return err
		}
		f, err := amortize.NewFocus(res, l, cfg)
		if err != nil {
			return &usageError{msg: err.Error(), hint: "fix the value, or the focus settings in pkgctl.yaml (docs/focus.md)"}
		}
		if !opts.Quiet {
			for _, p := range unknownServices(res, l, &cfg) {
				fmt.Fprintf(opts.IO.ErrOut, "pkgctl: note: focus: product %q has no service category: Other (set focus.service_categories)\n", p)
			}
		}
		doc.Custom = map[report.Format]func(io.Writer) error{report.FormatFocus: focusWriter(f, opts.Out, opts.Config.Precision)}
	}
	if err := opts.emit(doc, format, opts.In.paths()); err != nil {
		return err
	}
	return opts.writeRejected(in.Reports, opts.In.paths()) // only once the output is written
}

// billDays turns --month or --from/--to into inclusive bill days (zero = open).
func (g *GlobalOptions) billDays(month, fromS, toS string) (from, to time.Time, err error) {
	if month != "" && (fromS != "" || toS != "") {
		return from, to, usageErrorf("--month and --from/--to exclude each other")
	}
	if month != "" {
		m, err := time.ParseInLocation("2006-01", month, g.Loc)
		if err != nil {
			return from, to, usageErrorf("--month %q: want YYYY-MM", month)
		}
		return m, m.AddDate(0, 1, -1), nil
	}
	f, t, err := g.dayRange(fromS, toS)
	if err != nil {
		return f, t, err
	}
	if !t.IsZero() {
		t = t.AddDate(0, 0, -1) // dayRange gives the exclusive end of the --to day
	}
	return f, t, nil
}

func (g *GlobalOptions) amortizeConfig() amortize.Config {
	return amortize.Config{
		Location: g.Loc, Precision: g.Config.Precision, AsOf: g.AsOfTime,
		UsageBasedFrom: g.usageBasedFrom(), UsageBasedProducts: g.Config.UsageBasedProducts,
	}
}

var billColumns = []report.Column{
	{Key: "bill_date", Kind: report.KindDate},
	{Key: "billing_cycle", Kind: report.KindText, Wide: true},
	{Key: "package_id", Kind: report.KindText},
	{Key: "product", Kind: report.KindText, Wide: true},
	{Key: "bill_type", Kind: report.KindText},
	{Key: "method", Kind: report.KindText, Wide: true},
	{Key: "quantity", Kind: report.KindQuantity},
	{Key: "unit", Kind: report.KindText},
	{Key: "amount", Kind: report.KindMoney, Total: true},
	{Key: "currency", Kind: report.KindText},
	{Key: "period_start", Kind: report.KindTime, Wide: true},
	{Key: "period_end", Kind: report.KindTime, Wide: true},
	{Key: "enterprise_project", Kind: report.KindText},
	{Key: "tags", Kind: report.KindText},
	{Key: "provisional", Kind: report.KindBool},
}

type totalJSON struct {
	PackageID   string `json:"package_id"`
	Method      string `json:"method"`
	Amortizable string `json:"amortizable"`
	Amortized   string `json:"amortized"`
	Currency    string `json:"currency"`
}

// billsDocument lists the bills (those of the window when windowed), the Summary and
// the whole-life Totals of every package. Footers sum exactly the rows shown, per
// currency; a windowed run's Totals have none (their amounts are not the window's).
func billsDocument(g *GlobalOptions, bills []amortize.Bill, totals []amortize.Total, windowed bool) *report.Document {
	prec := g.Config.Precision
	// Rows are built on demand: a month-end run can have millions of bills.
	tags := tagTexts{}
	t := &report.Table{Name: "Bills", Columns: billColumns, N: len(bills), Concurrent: true, TotalBy: "currency",
		Row: func(i int, row []report.Cell) []report.Cell { return billRow(&bills[i], tags, row) }}
	t.TotalIf = func(row int) bool { return !bills[row].Provisional }
	last := tagsKey{}
	for i := range bills {
		b := &bills[i]
		if k := keyOf(b.Tags); k != last {
			tags.add(b.Tags)
			last = k
		}
	}
	tt := &report.Table{Name: "Totals", TotalBy: "currency", Columns: []report.Column{
		{Key: "package_id", Kind: report.KindText}, {Key: "method", Kind: report.KindText},
		// no total of amortizable: an upgrade's moved-in remainder is also its original's
		{Key: "amortizable", Kind: report.KindMoney}, {Key: "amortized", Kind: report.KindMoney, Total: !windowed},
		{Key: "currency", Kind: report.KindText}}}
	tj := make([]totalJSON, 0, len(totals))
	for _, tot := range totals {
		tt.Rows = append(tt.Rows, []report.Cell{report.Text(tot.PackageID), report.Text(tot.Method.String()),
			report.Money(tot.Amortizable), report.Money(tot.Amortized), report.Text(tot.Currency)})
		tj = append(tj, totalJSON{PackageID: tot.PackageID, Method: tot.Method.String(),
			Amortizable: report.MoneyString(tot.Amortizable, prec), Amortized: report.MoneyString(tot.Amortized, prec), Currency: tot.Currency})
	}
	st := summaryTable(bills)
	doc := g.newDoc(t, st, tt)
	doc.JSON = report.Object{{Key: "bills", Value: billsJSON(bills, prec, g.Loc)}, {Key: "totals", Value: tj}}
	return doc
}

// billRow appends the cells of one bill to row.
func billRow(b *amortize.Bill, tags tagTexts, row []report.Cell) []report.Cell {
	qty := report.Empty()
	if b.Quantity.Valid {
		qty = report.Qty(b.Quantity.Decimal)
	}
	return append(row, report.Date(b.Date), report.Text(b.BillingCycle),
		report.Text(b.PackageID), report.Text(b.Product), report.Text(b.Type.String()),
		report.Text(b.Method.String()), qty, report.Text(b.Unit), report.Money(b.Amount),
		report.Text(b.Currency), report.Time(b.PeriodStart), report.Time(b.PeriodEnd),
		report.Text(b.EnterpriseProject), report.Text(tags.text(b.Tags)), report.Bool(b.Provisional))
}

// tagTexts holds the text of the tag sets bills share (a bill's tags are its record's
// or its package's, never modified): a million rows print a few hundred sets. Built
// before the rows are formatted, then only read (rows are formatted on several
// goroutines).
type tagTexts map[tagsKey]string

type tagsKey struct {
	first *model.Tag
	n     int
}

func keyOf(t model.Tags) tagsKey {
	if len(t) == 0 {
		return tagsKey{}
	}
	return tagsKey{&t[0], len(t)}
}

// add makes t's text.
func (c tagTexts) add(t model.Tags) {
	if k := keyOf(t); k.n > 0 {
		if _, ok := c[k]; !ok {
			c[k] = t.String()
		}
	}
}

// text is t.String(), made by add.
func (c tagTexts) text(t model.Tags) string {
	if s, ok := c[keyOf(t)]; ok || len(t) == 0 {
		return s
	}
	return t.String()
}

// billsJSON is the bills array of the amortize JSON (rules: JSON output), written bill by
// bill as the document streams out (in parallel blocks, in order), never held whole. A
// bill's fields are in billJSON's order; its tags an object (TestBillsJSONStreamed).
func billsJSON(bills []amortize.Bill, prec int32, loc *time.Location) *report.Array {
	return &report.Array{N: len(bills), Concurrent: true, Item: func(i int, e *report.Encoder) error {
		writeBillJSON(e, &bills[i], prec, loc)
		return nil
	}}
}

func writeBillJSON(e *report.Encoder, b *amortize.Bill, prec int32, loc *time.Location) {
	field := func(k, v string) { e.Key(k); e.String(v) }
	e.BeginObject()
	field("bill_date", report.DateString(b.Date))
	field("billing_cycle", b.BillingCycle)
	field("package_id", b.PackageID)
	field("product", b.Product)
	field("bill_type", b.Type.String())
	field("method", b.Method.String())
	qty := ""
	if b.Quantity.Valid {
		qty = report.QtyString(b.Quantity.Decimal)
	}
	field("quantity", qty)
	field("unit", b.Unit)
	field("amount", report.MoneyString(b.Amount, prec))
	field("currency", b.Currency)
	field("period_start", report.TimeString(b.PeriodStart.In(loc)))
	field("period_end", report.TimeString(b.PeriodEnd.In(loc)))
	field("enterprise_project", b.EnterpriseProject)
	e.Key("tags")
	e.BeginObject()
	for _, t := range b.Tags { // sorted by key, keys unique: as encoding/json writes a map
		field(t.Key, t.Value)
	}
	e.EndObject()
	e.Key("provisional")
	e.Cell(report.Bool(b.Provisional), -1)
	e.EndObject()
}

// summaryTable is the Summary sheet (amortize.Summarize) and its stacked column chart of
// used / unused / linear amounts.
func summaryTable(bills []amortize.Bill) *report.Table {
	t := &report.Table{Name: "Summary", TotalBy: "currency", Columns: []report.Column{
		{Key: "month", Kind: report.KindText},
		{Key: "used", Kind: report.KindMoney, Total: true},
		{Key: "unused", Kind: report.KindMoney, Total: true},
		{Key: "linear", Kind: report.KindMoney, Total: true},
		{Key: "refund", Kind: report.KindMoney, Total: true},
		{Key: "total", Kind: report.KindMoney, Total: true},
		{Key: "currency", Kind: report.KindText},
	}, Chart: &report.Chart{Title: "Amortized amount by month", Category: "month", Series: []string{"used", "unused", "linear"}}}
	for _, r := range amortize.Summarize(bills) {
		t.Rows = append(t.Rows, []report.Cell{report.Text(r.Month), report.Money(r.Used), report.Money(r.Unused),
			report.Money(r.Linear), report.Money(r.Refund), report.Money(r.Total()), report.Text(r.Currency)})
	}
	return t
}

func isDayKey(k string) bool { return strings.EqualFold(strings.TrimSpace(k), "day") }

// checkByKeys refuses a --by key given twice: it would only repeat a column.
func checkByKeys(keys []string) error {
	seen := map[string]bool{}
	for _, k := range keys {
		n := strings.ToLower(strings.TrimSpace(k))
		if n == "" {
			return usageErrorf("--by: an empty key")
		}
		if seen[n] {
			return usageErrorf("--by: %q is given twice", k)
		}
		seen[n] = true
	}
	return nil
}

func groupDocument(g *GlobalOptions, keys []string, groups []amortize.GroupRow) *report.Document {
	cols := make([]report.Column, 0, len(keys)+5)
	for _, k := range keys {
		kind := report.KindText
		if isDayKey(k) {
			kind = report.KindDate // a date cell in xlsx
		}
		cols = append(cols, report.Column{Key: strings.ReplaceAll(k, ":", "_"), Kind: kind})
	}
	cols = append(cols, report.Column{Key: "rows", Kind: report.KindInt, Total: true},
		report.Column{Key: "quantity", Kind: report.KindQuantity}, report.Column{Key: "unit", Kind: report.KindText},
		report.Column{Key: "amount", Kind: report.KindMoney, Total: true}, report.Column{Key: "currency", Kind: report.KindText})
	t := &report.Table{Name: "Groups", Columns: cols, TotalBy: "currency"}
	for _, gr := range groups {
		row := make([]report.Cell, 0, len(cols))
		for i, v := range gr.Keys {
			if d, err := time.ParseInLocation(time.DateOnly, v, g.Loc); err == nil && isDayKey(keys[i]) {
				row = append(row, report.Date(d))
				continue
			}
			row = append(row, report.Text(v))
		}
		qty := report.Empty()
		if gr.Quantity.Valid {
			qty = report.Qty(gr.Quantity.Decimal)
		}
		row = append(row, report.Int(int64(gr.Rows)), qty, report.Text(gr.Unit), report.Money(gr.Amount), report.Text(gr.Currency))
		t.Rows = append(t.Rows, row)
	}
	doc := g.newDoc(t)
	doc.JSON = report.Object{{Key: "groups", Value: doc.RowObjects(t)}}
	return doc
}
