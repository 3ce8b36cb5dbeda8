package present

import (
	"fmt"
	"io"
	"sync"

	"github.com/pkgctl/pkgctl/internal/explain"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
	"github.com/shopspring/decimal"
)

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

// whyListing is the selected records (ledger Indices, in replay order), explained as
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

// whyBlock is how many records a block of why's JSON array holds. A record lists the
// packages it was deducted from and its closest others; with every package listed
// (--candidates all) it is as long as its product has packages (about 150 bytes each:
// 300 KB for 2,000), so that blocks of the default 1,024 records, a few made ahead on
// every core, would hold gigabytes. Then a block holds about 8,192 packages' worth.
func whyBlock(x *explain.Explainer) int {
	if x.Candidates() != explain.AllCandidates {
		return 0
	}
	most, n := 0, map[string]int{}
	for i := range x.Ledger().Packages {
		p := x.Ledger().Packages[i].Pkg
		n[p.Product]++
		most = max(most, n[p.Product])
	}
	return max(1, 8192/max(most, 1))
}

// Why renders the explanations as they are made: Records, Reasons and Summary
// tables (csv, xlsx, markdown), the JSON object (records streamed, then the
// summary), and a human text (one record explained, or the summary and one line per
// record). The summary is accumulated from the explanations written before it; only the
// text output, which puts it first, explains the records twice (its columns are
// measured before anything is printed).
func Why(s *Settings, x *explain.Explainer, recs []int) *report.Document {
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
	doc := s.doc(rt, xt, st)
	pt := &whyPackageText{l: l}
	doc.JSON = report.Object{
		{Key: "records", Value: &report.Array{N: len(recs), Concurrent: true, Block: whyBlock(x), Item: func(k int, enc *report.Encoder) error {
			w.with(k, func(e *explain.Explanation) { writeWhyJSON(enc, e, pt) })
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
		return report.Render(out, s.doc(st, list), report.FormatTable)
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

// deductionsText renders the deductions as "PKG:qty; PKG:qty" (record unit).
func deductionsText(e *explain.Explanation) string {
	if len(e.Deductions) == 0 {
		return ""
	}
	var b []byte
	for i, d := range e.Deductions {
		if i > 0 {
			b = append(b, "; "...)
		}
		b = report.AppendCell(append(append(b, d.PackageID...), ':'), qtyCell(d.Quantity), 0, nil)
	}
	return string(b)
}

// whyMoney is a money cell, empty when the amount is unknown.
func whyMoney(d decimal.NullDecimal) report.Cell {
	if !d.Valid {
		return report.Empty()
	}
	return report.Money(d.Decimal)
}
