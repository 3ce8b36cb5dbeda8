package present

import (
	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
)

// Indices is a subset of 0…n-1 in order: all of them, or those listed.
type Indices struct {
	all bool
	n   int   // when all
	idx []int // when not all
}

// All is every index of 0…n-1.
func All(n int) Indices { return Indices{all: true, n: n} }

// Some is the indices listed, in their order.
func Some(idx []int) Indices { return Indices{idx: idx} }

func (x Indices) len() int {
	if x.all {
		return x.n
	}
	return len(x.idx)
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

func Deduct(s *Settings, l *replay.Ledger, entries, records Indices) *report.Document {
	// Rows are built on demand: a million-entry ledger is never held as cells.
	et := &report.Table{Name: "Entries", Columns: entryColumns, N: entries.len(), Concurrent: true,
		Row: func(k int, row []report.Cell) []report.Cell { return entryRow(l, entries.at(k), row) },
		Prefetch: func(k int) {
			prefetchEntry(l, entries.at(k))
			if k >= 4 { // its record has been on its way for 4 rows: its ids' text now
				prefetchIDs(l, entries.at(k-4))
			}
		},
		TotalIn: func(k int) (string, bool) { return costCurrency(l, entries.at(k)) }}
	rt := &report.Table{Name: "Records", Columns: recordColumns, N: records.len(),
		Row: func(k int, row []report.Cell) []report.Cell {
			r := &l.Records[records.at(k)]
			return append(row, report.Text(r.Rec.ID), qtyCell(r.Rec.Quantity),
				report.Text(r.Rec.Unit), qtyCell(r.Deducted()), qtyCell(r.PayPerUse), report.Text(r.Outcome()))
		}}
	doc := s.doc(et, rt)
	doc.JSON = report.Object{{Key: "entries", Value: doc.RowObjects(et)}, {Key: "records", Value: doc.RowObjects(rt)}}
	return doc
}

// costCurrency is the currency of entry i's pay-per-use cost ("" for a deduction, which
// has none); known is false for a pay-per-use entry without a cost (its record has no
// unit price).
func costCurrency(l *replay.Ledger, i int) (currency string, known bool) {
	e := &l.Entries[i]
	if e.Package >= 0 {
		return "", true
	}
	r := l.Records[e.Record].Rec
	return r.Currency, r.UnitPrice.Valid
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
func qtyCell(a exact.Amount) report.Cell {
	if coef, exp, ok := a.Value(); ok { // the value is what a cell prints
		return report.QtyParts(coef, exp)
	}
	return report.Qty(a.Dec())
}

// moneyCell is a money cell of a ledger amount, without a decimal when it fits.
func moneyCell(a exact.Amount) report.Cell {
	if coef, exp, ok := a.Value(); ok {
		return report.MoneyParts(coef, exp)
	}
	return report.Money(a.Dec())
}

func (x Indices) at(k int) int {
	if x.all {
		return k
	}
	return x.idx[k]
}

// Parts replays the usage a part at a time, in replay order, calling part with each
// part's ledger (replay.Session), and returns the first error.
type Parts func(part func(l *replay.Ledger) error) error

// DeductParts is Deduct's entries listing of a replay made a part at a time: each part's
// entries are written as it is replayed, and nothing is held (its CSV is Deduct's).
func DeductParts(s *Settings, run Parts) *report.Document {
	et := &report.Table{Name: "Entries", Columns: entryColumns, Stream: func(yield func([]report.Cell) error) error {
		var row []report.Cell
		return run(func(l *replay.Ledger) error {
			for i := range l.Entries {
				row = entryRow(l, i, row[:0])
				if err := yield(row); err != nil {
					return err
				}
			}
			return nil
		})
	}}
	return s.doc(et)
}
