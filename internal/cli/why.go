package cli

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/explain"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
)

type whyOptions struct {
	*GlobalOptions
	In         inputFlags
	Records    []string
	Resource   string
	Reason     string
	All        bool
	Candidates string
}

func newCmdWhy(g *GlobalOptions) *cobra.Command {
	opts := &whyOptions{GlobalOptions: g}
	cmd := &cobra.Command{
		Use:   "why --packages P --usage U [--record ID]... [--resource ID] [--reason CODE] [--all] [--candidates N|all]",
		Short: "Explain why usage was not deducted from a package",
		Long: `Why replays the usage and, for every record with a pay-per-use part, ranks the
packages of the same product by how close each came to deducting it and reports their
failing checks. Reason codes, in order:
` + strings.Join(explain.Codes[:4], ", ") + `,
` + strings.Join(explain.Codes[4:9], ", ") + `,
` + strings.Join(explain.Codes[9:], ", ") + `.
The primary reason is the first failing check of the closest package. Each record lists
in full the packages it was deducted from and the closest others (--candidates, 3 by
default, or all); the rest are counted by their first failing check. One selected
record gets a readable explanation; several get a summary by reason and one line each.
Records are written as they are explained, in every format.`,
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
	f.StringVar(&opts.Candidates, "candidates", strconv.Itoa(explain.DefaultCandidates),
		"closest packages listed in full per record besides those it was deducted from, or all")
	return cmd
}

// parseCandidates reads --candidates: a count of at least 1, or "all".
func parseCandidates(s string) (int, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	if v == "all" {
		return explain.AllCandidates, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, &usageError{msg: fmt.Sprintf("--candidates %q: want a number of packages (1 or more) or all", s),
			hint: "e.g. --candidates 5, or --candidates all to list every package of the product"}
	}
	return n, nil
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
	candidates, err := parseCandidates(opts.Candidates)
	if err != nil {
		return err
	}
	format, err := opts.outputFormat(false)
	if err != nil {
		return err
	}
	l, in, err := opts.replay(&opts.In)
	if err != nil {
		return err
	}
	limitGarbage() // what is explained is written and dropped: the heap stays the replay's
	x := explain.NewExplainer(l, candidates)
	recs, err := x.Select(explain.Selection{Records: opts.Records, Resource: opts.Resource,
		Reason: opts.Reason, All: opts.All}, 0)
	var ue *explain.UnknownRecordsError
	if errors.As(err, &ue) {
		return &usageError{msg: "--record: " + err.Error(), hint: "check the id, or pass a later --as-of"}
	} else if err != nil {
		return err
	}
	if len(recs) == 0 && !opts.Quiet {
		if len(l.Records) == 0 {
			fmt.Fprintln(opts.IO.ErrOut, "pkgctl: note: no usage record was deducted by --as-of; nothing to explain")
		} else {
			fmt.Fprintln(opts.IO.ErrOut, "pkgctl: note: no record matches; --all also lists fully deducted records")
		}
	}
	if err := opts.emitStream(whyDocument(opts.GlobalOptions, x, recs), format, opts.In.paths()); err != nil {
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
	{Key: "packages", Kind: report.KindInt},
}

var whySummaryColumns = []report.Column{
	{Key: "code", Kind: report.KindText},
	{Key: "records", Kind: report.KindInt, Total: true},
	{Key: "quantity", Kind: report.KindQuantity},
	{Key: "unit", Kind: report.KindText},
	{Key: "cost", Kind: report.KindMoney},
	{Key: "currency", Kind: report.KindText},
}

var whyListColumns = []report.Column{
	{Key: "record_id", Kind: report.KindText}, {Key: "outcome", Kind: report.KindText},
	{Key: "pay_per_use", Kind: report.KindQuantity}, {Key: "unit", Kind: report.KindText},
	{Key: "primary_reason", Kind: report.KindText}, {Key: "message", Kind: report.KindText}}

// whyListing is the selected records (ledger indices, in replay order), explained as
// they are written; every explanation made is counted in the summary once.
type whyListing struct {
	x     *explain.Explainer
	recs  []int
	tally *explain.Tally
	pool  sync.Pool // *explain.Explanation, their lists reused
}

// with explains the k-th selected record, counts it in the summary and hands it to
// fn, which keeps nothing of it but its strings.
func (w *whyListing) with(k int, fn func(e *explain.Explanation)) {
	e, _ := w.pool.Get().(*explain.Explanation)
	if e == nil {
		e = new(explain.Explanation)
	}
	w.x.ExplainInto(w.recs[k], e)
	w.tally.Add(k, e)
	fn(e)
	w.pool.Put(e)
}

// summary is the summary of every selected record: those not explained yet are now.
func (w *whyListing) summary() []explain.SummaryRow {
	for _, k := range w.tally.Missing() {
		w.with(k, func(*explain.Explanation) {})
	}
	return w.tally.Rows()
}

// whyDocument renders the explanations as they are made: Records, Reasons and Summary
// tables (csv, xlsx, markdown), the JSON object (records streamed, then the
// summary), and a human text (one record explained, or the summary and one line per
// record). The summary is accumulated from the explanations written before it; only the
// text output, which puts it first, explains the records twice (its columns are
// measured before anything is printed).
func whyDocument(g *GlobalOptions, x *explain.Explainer, recs []int) *report.Document {
	w := &whyListing{x: x, recs: recs, tally: explain.NewTally(len(recs))}
	l := x.Ledger()
	rt := &report.Table{Name: "Records", Columns: whyRecordColumns, N: len(recs), Concurrent: true,
		Row: func(k int, row []report.Cell) []report.Cell {
			w.with(k, func(e *explain.Explanation) { row = whyRecordRow(row, e) })
			return row
		}}
	xt := &report.Table{Name: "Reasons", Columns: whyReasonColumns,
		Stream: func(yield func([]report.Cell) error) error {
			var rows [][]report.Cell
			var err error
			for k := 0; k < len(recs) && err == nil; k++ {
				w.with(k, func(e *explain.Explanation) { rows = reasonRows(rows[:0], e) })
				for _, row := range rows {
					if err = yield(row); err != nil {
						break
					}
				}
			}
			return err
		}}
	st := &report.Table{Name: "Summary", Columns: whySummaryColumns,
		Stream: func(yield func([]report.Cell) error) error {
			for _, s := range w.summary() {
				if err := yield(whySummaryRow(s)); err != nil {
					return err
				}
			}
			return nil
		}}
	doc := g.newDoc(rt, xt, st)
	doc.JSON = report.Object{
		{Key: "records", Value: &report.Array{N: len(recs), Concurrent: true, Item: func(k int, enc *report.Encoder) error {
			w.with(k, func(e *explain.Explanation) { writeWhyJSON(enc, e) })
			return nil
		}}},
		{Key: "summary", Value: doc.RowObjects(st)},
	}
	doc.Text = func(out io.Writer) error {
		if len(recs) == 1 {
			var err error
			w.with(0, func(e *explain.Explanation) { err = explain.WriteText(out, l, e) })
			return err
		}
		list := &report.Table{Name: "Records", Columns: whyListColumns,
			Stream: func(yield func([]report.Cell) error) error {
				row := make([]report.Cell, 0, len(whyListColumns))
				var err error
				for k := 0; k < len(recs) && err == nil; k++ {
					w.with(k, func(e *explain.Explanation) {
						row = append(row[:0], report.Text(e.Rec.ID), report.Text(e.Outcome), qtyCell(e.PayPerUse),
							report.Text(e.Rec.Unit), report.Text(e.Primary.Code), report.Text(explain.ShortMessage(e)))
					})
					err = yield(row)
				}
				return err
			}}
		return report.Render(out, g.newDoc(st, list), report.FormatTable)
	}
	return doc
}

// whyRecordRow appends a record's Records row: its values, the primary reason with the
// closest package and its message, the deductions and the suggestion.
func whyRecordRow(row []report.Cell, e *explain.Explanation) []report.Cell {
	r := e.Rec
	return append(row, report.Text(r.ID), report.Text(r.ResourceID), report.Time(r.Deduct()),
		report.Text(e.Outcome), qtyCell(r.Quantity), qtyCell(e.Deducted), qtyCell(e.PayPerUse),
		report.Text(r.Unit), whyMoney(e.Cost), report.Text(r.Currency), report.Text(e.Primary.Code),
		report.Text(e.Primary.PackageID), report.Text(e.Primary.Message), report.Text(deductionsText(e)),
		report.Text(e.Suggestion))
}

// reasonRows appends a record's Reasons rows: one per listed package and failing check
// (NO_PACKAGE_FOR_PRODUCT: one without a package), then one per first failing check
// counting the packages not listed (packages: how many).
func reasonRows(rows [][]report.Cell, e *explain.Explanation) [][]report.Cell {
	id := report.Text(e.Rec.ID)
	for _, pc := range e.Packages {
		for _, f := range pc.Failures {
			rows = append(rows, []report.Cell{id, report.Text(pc.PackageID), report.Text(f.Code), report.Text(f.Message), report.Empty()})
		}
	}
	if e.Primary.Code == replay.CodeNoPackage {
		rows = append(rows, []report.Cell{id, report.Text(""), report.Text(e.Primary.Code), report.Text(e.Primary.Message), report.Empty()})
	}
	for _, o := range e.Others {
		rows = append(rows, []report.Cell{id, report.Text(""), report.Text(o.Code),
			report.Text(otherMessage(e, o)), report.Int(int64(o.Packages))})
	}
	return rows
}

// otherMessage says what a count of packages not listed stands for: "1,020 other
// packages of product OBS: region differs".
func otherMessage(e *explain.Explanation, o explain.OtherCount) string {
	noun := "packages"
	if o.Packages == 1 {
		noun = "package"
	}
	return fmt.Sprintf("%s other %s of product %s: %s", explain.Thousands(o.Packages), noun, e.Rec.Product,
		explain.CheckWords(o.Code))
}

func whySummaryRow(s explain.SummaryRow) []report.Cell {
	return []report.Cell{report.Text(s.Code), report.Int(int64(s.Records)),
		report.Qty(s.Quantity), report.Text(s.Unit), whyMoney(s.Cost), report.Text(s.Currency)}
}

// The keys of why's JSON records, quoted once.
var (
	jRecordID, jOutcome, jQuantity        = report.NewName("record_id"), report.NewName("outcome"), report.NewName("quantity")
	jDeducted, jPayPerUse, jUnit          = report.NewName("deducted"), report.NewName("pay_per_use"), report.NewName("unit")
	jPrimary, jDeductions, jPackages      = report.NewName("primary_reason"), report.NewName("deductions"), report.NewName("packages")
	jPackageID, jReasons, jCode           = report.NewName("package_id"), report.NewName("reasons"), report.NewName("code")
	jMessage, jSuggestion, jOtherPackages = report.NewName("message"), report.NewName("suggestion"), report.NewName("other_packages")
)

// otherNames are the keys of other_packages (replay.OtherCodes), quoted once.
var otherNames = func() []report.Name {
	ns := make([]report.Name, len(replay.OtherCodes))
	for i, c := range replay.OtherCodes {
		ns[i] = report.NewName(c)
	}
	return ns
}()

// otherName is the quoted key of code (one of replay.OtherCodes).
func otherName(code string) report.Name {
	for i, c := range replay.OtherCodes {
		if c == code {
			return otherNames[i]
		}
	}
	return report.NewName(code)
}

// writeWhyJSON writes one record of the JSON "records" array, then the counts of the
// packages not listed by first failing check (other_packages: {"REGION_MISMATCH": 1020,
// "EXPIRED": 111}; "" counts those failing none).
func writeWhyJSON(enc *report.Encoder, e *explain.Explanation) {
	enc.BeginObject()
	enc.Field(jRecordID)
	enc.String(e.Rec.ID)
	enc.Field(jOutcome)
	enc.String(e.Outcome)
	enc.Field(jQuantity)
	enc.Cell(qtyCell(e.Rec.Quantity), -1)
	enc.Field(jDeducted)
	enc.Cell(qtyCell(e.Deducted), -1)
	enc.Field(jPayPerUse)
	enc.Cell(qtyCell(e.PayPerUse), -1)
	enc.Field(jUnit)
	enc.String(e.Rec.Unit)
	enc.Field(jPrimary)
	enc.String(e.Primary.Code)
	enc.Field(jDeductions)
	enc.BeginArray()
	for _, d := range e.Deductions {
		enc.BeginObject()
		enc.Field(jPackageID)
		enc.String(d.PackageID)
		enc.Field(jQuantity)
		enc.Cell(qtyCell(d.Quantity), -1)
		enc.EndObject()
	}
	enc.EndArray()
	enc.Field(jPackages)
	enc.BeginArray()
	for _, pc := range e.Packages {
		enc.BeginObject()
		enc.Field(jPackageID)
		enc.String(pc.PackageID)
		enc.Field(jReasons)
		enc.BeginArray()
		for _, f := range pc.Failures {
			enc.BeginObject()
			enc.Field(jCode)
			enc.String(f.Code)
			enc.Field(jMessage)
			enc.String(f.Message)
			enc.EndObject()
		}
		enc.EndArray()
		enc.EndObject()
	}
	enc.EndArray()
	enc.Field(jSuggestion)
	enc.String(e.Suggestion)
	enc.Field(jOtherPackages)
	enc.BeginObject()
	for _, o := range e.Others {
		enc.Field(otherName(o.Code))
		enc.Int(int64(o.Packages))
	}
	enc.EndObject()
	enc.EndObject()
}

// deductionsText renders the deductions as "PKG:qty; PKG:qty" (record unit).
func deductionsText(e *explain.Explanation) string {
	switch len(e.Deductions) {
	case 0:
		return ""
	case 1:
		return e.Deductions[0].PackageID + ":" + qtyString(e.Deductions[0].Quantity)
	}
	parts := make([]string, len(e.Deductions))
	for i, d := range e.Deductions {
		parts[i] = d.PackageID + ":" + qtyString(d.Quantity)
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

// qtyString prints a ledger amount as a quantity (normalized).
func qtyString(a replay.Amount) string { return report.QtyString(a.Dec()) }
