package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
)

type deductOptions struct {
	*GlobalOptions
	In       inputFlags
	From, To string
	Packages []string
	Records  []string
}

func newCmdDeduct(g *GlobalOptions) *cobra.Command {
	opts := &deductOptions{GlobalOptions: g}
	cmd := &cobra.Command{
		Use:   "deduct --packages P --usage U [--from D --to D] [--package ID]... [--record ID]...",
		Short: "Show the deduction ledger: which usage went to which package",
		Long: `Deduct replays every usage record against the packages and lists one entry per
record and package deducted from (with the period, the capacity available before and
remaining after), and one pay-per-use entry for what no package covered.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			return run(func() error { return deductRun(opts) })
		},
	}
	addInputFlags(cmd, &opts.In, true, true, false)
	f := cmd.Flags()
	f.StringVar(&opts.From, "from", "", "only entries deducted on or after this day")
	f.StringVar(&opts.To, "to", "", "only entries deducted on or before this day")
	f.StringSliceVar(&opts.Packages, "package", nil, "only entries of this package (repeatable)")
	f.StringSliceVar(&opts.Records, "record", nil, "only entries of this record (repeatable)")
	return cmd
}

func deductRun(opts *deductOptions) error {
	if err := opts.In.require(true, true); err != nil {
		return err
	}
	from, to, err := opts.dayRange(opts.From, opts.To)
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
	if err := unknownIDs(l, opts.Packages, opts.Records); err != nil {
		return err
	}
	entries, recs := everyIndex(len(l.Entries)), everyIndex(len(l.Records))
	if sel := l.Select(replay.LedgerFilter{Packages: opts.Packages, Records: opts.Records, From: from, To: to}); !sel.All {
		entries, recs = indices{idx: sel.Entries}, indices{idx: sel.Records}
	}
	doc := deductDocument(opts.GlobalOptions, l, entries, recs)
	if err := opts.emit(doc, format, opts.In.paths()); err != nil {
		return err
	}
	return opts.writeRejected(in.Reports, opts.In.paths()) // only once the output is written
}

// indices is a subset of 0…n-1 in order: all of them, or those listed.
type indices struct {
	all bool
	n   int   // when all
	idx []int // when not all
}

func everyIndex(n int) indices { return indices{all: true, n: n} }

func (x indices) len() int {
	if x.all {
		return x.n
	}
	return len(x.idx)
}

func (x indices) at(k int) int {
	if x.all {
		return k
	}
	return x.idx[k]
}

var entryColumns = []report.Column{
	{Key: "record_id", Kind: report.KindText},
	{Key: "resource_id", Kind: report.KindText, Wide: true},
	{Key: "deduct_time", Kind: report.KindTime},
	{Key: "package_id", Kind: report.KindText},
	{Key: "period_start", Kind: report.KindTime, Wide: true},
	{Key: "period_end", Kind: report.KindTime},
	{Key: "quantity", Kind: report.KindQuantity},
	{Key: "unit", Kind: report.KindText},
	{Key: "available_before", Kind: report.KindQuantity},
	{Key: "remaining_after", Kind: report.KindQuantity},
	{Key: "pay_per_use_cost", Kind: report.KindMoney, Total: true},
}

var recordColumns = []report.Column{
	{Key: "record_id", Kind: report.KindText},
	{Key: "quantity", Kind: report.KindQuantity},
	{Key: "unit", Kind: report.KindText},
	{Key: "deducted", Kind: report.KindQuantity},
	{Key: "pay_per_use", Kind: report.KindQuantity},
	{Key: "outcome", Kind: report.KindText},
}

func deductDocument(g *GlobalOptions, l *replay.Ledger, entries, records indices) *report.Document {
	// Rows are built on demand: a million-entry ledger is never held as cells.
	et := &report.Table{Name: "Entries", Columns: entryColumns, N: entries.len(), Concurrent: true,
		Row: func(k int, row []report.Cell) []report.Cell { return entryRow(l, entries.at(k), row) },
		Prefetch: func(k int) {
			prefetchEntry(l, entries.at(k))
			if k >= 4 { // its record has been on its way for 4 rows: its ids' text now
				prefetchIDs(l, entries.at(k-4))
			}
		}}
	rt := &report.Table{Name: "Records", Columns: recordColumns, N: records.len(),
		Row: func(k int, row []report.Cell) []report.Cell {
			r := &l.Records[records.at(k)]
			return append(row, report.Text(r.Rec.ID), qtyCell(r.Rec.Quantity),
				report.Text(r.Rec.Unit), qtyCell(r.Deducted()), qtyCell(r.PayPerUse), report.Text(r.Outcome()))
		}}
	doc := g.newDoc(et, rt)
	doc.JSON = report.Object{{Key: "entries", Value: doc.RowObjects(et)}, {Key: "records", Value: doc.RowObjects(rt)}}
	return doc
}

// entryRow appends the cells of ledger entry i to row.
func entryRow(l *replay.Ledger, i int, row []report.Cell) []report.Cell {
	e := &l.Entries[i]
	r := l.Records[e.Record].Rec
	row = append(row, report.Text(r.ID), report.Text(r.ResourceID), report.Time(r.Deduct()))
	if e.Package < 0 {
		row = append(row, report.Text(""), report.Empty(), report.Empty(),
			qtyCell(e.Quantity), report.Text(r.Unit), report.Empty(), report.Empty())
	} else {
		ps := &l.Packages[e.Package]
		p := &ps.Periods[e.Period]
		row = append(row, report.Text(ps.Pkg.ID), report.Time(p.Start), report.Time(p.End),
			qtyCell(e.Quantity), report.Text(ps.Pkg.Unit), qtyCell(e.AvailableBefore), qtyCell(e.RemainingAfter()))
	}
	if c, ok := l.Cost(i); ok {
		return append(row, moneyCell(c))
	}
	return append(row, report.Empty())
}

// prefetchEntry starts loading what entryRow(l, i) reads through pointers: the record
// (both of its cache lines), its id's text, the package and its period.
func prefetchEntry(l *replay.Ledger, i int) {
	e := &l.Entries[i]
	r := l.Records[e.Record].Rec
	if r == nil { // never for a record with entries
		return
	}
	mem.PrefetchOf(r)
	r.PrefetchDeduct() // its deduct instant (r.Deduct() would load r)
	if e.Package >= 0 {
		ps := &l.Packages[e.Package]
		mem.PrefetchOf(ps.Pkg)
		mem.PrefetchOf(&ps.Periods[e.Period])
	}
}

// prefetchIDs starts loading the text of entry i's record and package ids.
func prefetchIDs(l *replay.Ledger, i int) {
	e := &l.Entries[i]
	mem.PrefetchString(l.Records[e.Record].Rec.ID)
	if e.Package >= 0 {
		mem.PrefetchString(l.Packages[e.Package].Pkg.ID)
	}
}

// qtyCell is a quantity cell of a ledger amount, without a decimal when it fits.
func qtyCell(a replay.Amount) report.Cell {
	if coef, exp, ok := a.Value(); ok { // the value is what a cell prints
		return report.QtyParts(coef, exp)
	}
	return report.Qty(a.Dec())
}

// moneyCell is a money cell of a ledger amount, without a decimal when it fits.
func moneyCell(a replay.Amount) report.Cell {
	if coef, exp, ok := a.Value(); ok {
		return report.MoneyParts(coef, exp)
	}
	return report.Money(a.Dec())
}

// unknownIDs refuses --package and --record values the replay does not know, as why
// does: an empty listing would read as "nothing happened".
func unknownIDs(l *replay.Ledger, packages, records []string) error {
	for _, id := range packages {
		if l.Package(id) < 0 {
			return &usageError{msg: fmt.Sprintf("--package: no package %s", id), hint: "see pkgctl overview for the package ids"}
		}
	}
	if len(records) == 0 {
		return nil
	}
	replayed := make(map[string]bool, len(l.Records))
	for i := range l.Records {
		replayed[l.Records[i].Rec.ID] = true
	}
	for _, id := range records {
		if !replayed[id] {
			return usageErrorf("--record: no replayed record %s (unknown id, or deducted after --as-of)", id)
		}
	}
	return nil
}
