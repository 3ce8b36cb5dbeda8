package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/explain"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
)

type whyOptions struct {
	*GlobalOptions
	In       inputFlags
	Records  []string
	Resource string
	Reason   string
	All      bool
}

func newCmdWhy(g *GlobalOptions) *cobra.Command {
	opts := &whyOptions{GlobalOptions: g}
	cmd := &cobra.Command{
		Use:   "why --packages P --usage U [--record ID]... [--resource ID] [--reason CODE] [--all]",
		Short: "Explain why usage was not deducted from a package",
		Long: `Why replays the usage and, for every record with a pay-per-use part, examines each
package of the same product and reports every failing check. Reason codes, in order:
` + strings.Join(explain.Codes[:4], ", ") + `,
` + strings.Join(explain.Codes[4:9], ", ") + `,
` + strings.Join(explain.Codes[9:], ", ") + `.
The primary reason is the first failing check of the closest package. One selected
record gets a readable explanation; several get a summary by reason and one line each.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			return run(func() error { return whyRun(opts) })
		},
	}
	addInputFlags(cmd, &opts.In, true, true, false)
	f := cmd.Flags()
	f.StringSliceVar(&opts.Records, "record", nil, "explain this record, even if fully deducted (repeatable)")
	f.StringVar(&opts.Resource, "resource", "", "only records of this resource id")
	f.StringVar(&opts.Reason, "reason", "", "only records whose primary reason is this code")
	f.BoolVar(&opts.All, "all", false, "also list fully deducted records")
	return cmd
}

func whyRun(opts *whyOptions) error {
	if err := opts.In.require(true, true); err != nil {
		return err
	}
	if opts.Reason != "" {
		if _, err := explain.ParseCode(opts.Reason); err != nil {
			return &usageError{msg: "--reason: " + err.Error(), hint: "see 'pkgctl why --help'"}
		}
	}
	format, err := opts.outputFormat(false)
	if err != nil {
		return err
	}
	l, in, err := opts.replay(&opts.In)
	if err != nil {
		return err
	}
	res, err := explain.Explain(l, explain.Selection{Records: opts.Records, Resource: opts.Resource,
		Reason: opts.Reason, All: opts.All})
	var ue *explain.UnknownRecordsError
	if errors.As(err, &ue) {
		return &usageError{msg: "--record: " + err.Error(), hint: "check the id, or pass a later --as-of"}
	} else if err != nil {
		return err
	}
	if len(res.Records) == 0 && !opts.Quiet {
		if len(l.Records) == 0 {
			fmt.Fprintln(opts.IO.ErrOut, "pkgctl: note: no usage record was deducted by --as-of; nothing to explain")
		} else {
			fmt.Fprintln(opts.IO.ErrOut, "pkgctl: note: no record matches; --all also lists fully deducted records")
		}
	}
	if err := opts.emit(whyDocument(opts.GlobalOptions, l, res), format, opts.In.paths()); err != nil {
		return err
	}
	return opts.writeRejected(in.Reports, opts.In.paths()) // only once the output is written
}

var whyRecordColumns = []report.Column{
	{Key: "record_id", Kind: report.KindText},
	{Key: "resource_id", Kind: report.KindText},
	{Key: "deduct_time", Kind: report.KindTime},
	{Key: "outcome", Kind: report.KindText},
	{Key: "quantity", Kind: report.KindQuantity},
	{Key: "deducted", Kind: report.KindQuantity},
	{Key: "pay_per_use", Kind: report.KindQuantity},
	{Key: "unit", Kind: report.KindText},
	{Key: "cost", Kind: report.KindMoney},
	{Key: "currency", Kind: report.KindText},
	{Key: "primary_reason", Kind: report.KindText},
	{Key: "package_id", Kind: report.KindText},
	{Key: "message", Kind: report.KindText},
	{Key: "deductions", Kind: report.KindText},
	{Key: "suggestion", Kind: report.KindText},
}

var whyReasonColumns = []report.Column{
	{Key: "record_id", Kind: report.KindText},
	{Key: "package_id", Kind: report.KindText},
	{Key: "code", Kind: report.KindText},
	{Key: "message", Kind: report.KindText},
}

var whySummaryColumns = []report.Column{
	{Key: "code", Kind: report.KindText},
	{Key: "records", Kind: report.KindInt, Total: true},
	{Key: "quantity", Kind: report.KindQuantity},
	{Key: "unit", Kind: report.KindText},
	{Key: "cost", Kind: report.KindMoney},
	{Key: "currency", Kind: report.KindText},
}

// whyDocument renders the explanations: Records, Reasons and Summary tables (csv, xlsx,
// markdown), the §4.1 JSON object, and a human text (one record explained, or the
// summary and one line per record).
func whyDocument(g *GlobalOptions, l *replay.Ledger, res *explain.Result) *report.Document {
	rt := &report.Table{Name: "Records", Columns: whyRecordColumns}
	xt := &report.Table{Name: "Reasons", Columns: whyReasonColumns}
	for i := range res.Records {
		e := &res.Records[i]
		r := e.Rec
		rt.Rows = append(rt.Rows, []report.Cell{report.Text(r.ID), report.Text(r.ResourceID), report.Time(r.Deduct()),
			report.Text(e.Outcome), qtyCell(r.Quantity), report.Qty(e.Deducted), report.Qty(e.PayPerUse),
			report.Text(r.Unit), whyMoney(e.Cost), report.Text(r.Currency), report.Text(e.Primary.Code),
			report.Text(e.Primary.PackageID), report.Text(e.Primary.Message), report.Text(deductionsText(e)),
			report.Text(e.Suggestion)})
		xt.Rows = append(xt.Rows, reasonRows(e)...)
	}
	st := whySummaryTable(res.Summary)
	doc := g.newDoc(rt, xt, st)
	doc.JSON = report.Object{{Key: "records", Value: whyJSON(res)}, {Key: "summary", Value: doc.RowObjects(st)}}
	doc.Text = func(w io.Writer) error {
		if len(res.Records) == 1 {
			return explain.WriteText(w, l, &res.Records[0])
		}
		return report.Render(w, g.newDoc(st, whyListTable(res)), report.FormatTable)
	}
	return doc
}

// reasonRows is one row per package and failing check; NO_PACKAGE_FOR_PRODUCT gets a
// row without a package.
func reasonRows(e *explain.Explanation) [][]report.Cell {
	var rows [][]report.Cell
	id := report.Text(e.Rec.ID)
	for _, pc := range e.Packages {
		for _, f := range pc.Failures {
			rows = append(rows, []report.Cell{id, report.Text(pc.PackageID), report.Text(f.Code), report.Text(f.Message)})
		}
	}
	if e.Primary.Code == replay.CodeNoPackage {
		rows = append(rows, []report.Cell{id, report.Text(""), report.Text(e.Primary.Code), report.Text(e.Primary.Message)})
	}
	return rows
}

func whySummaryTable(rows []explain.SummaryRow) *report.Table {
	st := &report.Table{Name: "Summary", Columns: whySummaryColumns}
	for _, s := range rows {
		st.Rows = append(st.Rows, []report.Cell{report.Text(s.Code), report.Int(int64(s.Records)),
			report.Qty(s.Quantity), report.Text(s.Unit), whyMoney(s.Cost), report.Text(s.Currency)})
	}
	return st
}

// whyListTable is the human one-line-per-record listing.
func whyListTable(res *explain.Result) *report.Table {
	t := &report.Table{Name: "Records", Columns: []report.Column{
		{Key: "record_id", Kind: report.KindText}, {Key: "outcome", Kind: report.KindText},
		{Key: "pay_per_use", Kind: report.KindQuantity}, {Key: "unit", Kind: report.KindText},
		{Key: "primary_reason", Kind: report.KindText}, {Key: "message", Kind: report.KindText}}}
	for i := range res.Records {
		e := &res.Records[i]
		t.Rows = append(t.Rows, []report.Cell{report.Text(e.Rec.ID), report.Text(e.Outcome),
			report.Qty(e.PayPerUse), report.Text(e.Rec.Unit), report.Text(e.Primary.Code),
			report.Text(explain.ShortMessage(e))})
	}
	return t
}

// whyJSON is the §4.1 "records" array.
func whyJSON(res *explain.Result) []report.Object {
	out := make([]report.Object, 0, len(res.Records))
	for i := range res.Records {
		e := &res.Records[i]
		deds := make([]report.Object, 0, len(e.Deductions))
		for _, d := range e.Deductions {
			deds = append(deds, report.Object{{Key: "package_id", Value: d.PackageID},
				{Key: "quantity", Value: report.QtyString(d.Quantity)}})
		}
		pkgs := make([]report.Object, 0, len(e.Packages))
		for _, pc := range e.Packages {
			reasons := make([]report.Object, 0, len(pc.Failures))
			for _, f := range pc.Failures {
				reasons = append(reasons, report.Object{{Key: "code", Value: f.Code}, {Key: "message", Value: f.Message}})
			}
			pkgs = append(pkgs, report.Object{{Key: "package_id", Value: pc.PackageID}, {Key: "reasons", Value: reasons}})
		}
		out = append(out, report.Object{
			{Key: "record_id", Value: e.Rec.ID}, {Key: "outcome", Value: e.Outcome},
			{Key: "quantity", Value: report.QtyString(e.Rec.Quantity.Dec())},
			{Key: "deducted", Value: report.QtyString(e.Deducted)},
			{Key: "pay_per_use", Value: report.QtyString(e.PayPerUse)},
			{Key: "unit", Value: e.Rec.Unit}, {Key: "primary_reason", Value: e.Primary.Code},
			{Key: "deductions", Value: deds}, {Key: "packages", Value: pkgs},
			{Key: "suggestion", Value: e.Suggestion},
		})
	}
	return out
}

// deductionsText renders the deductions as "PKG:qty; PKG:qty" (record unit).
func deductionsText(e *explain.Explanation) string {
	parts := make([]string, len(e.Deductions))
	for i, d := range e.Deductions {
		parts[i] = d.PackageID + ":" + report.QtyString(d.Quantity)
	}
	return strings.Join(parts, "; ")
}

// whyMoney is a money cell, empty when the amount is unknown.
func whyMoney(d decimal.NullDecimal) report.Cell {
	if !d.Valid {
		return report.Empty()
	}
	return report.Money(d.Decimal)
}
