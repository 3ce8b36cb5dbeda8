package replay

import (
	"iter"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
)

// Options configure a replay.
type Options struct {
	Location *time.Location // the configured zone: calendar days, natural boundaries
	AsOf     time.Time      // records with deduct_time > AsOf are not replayed; zero = all
	// Precision is the number of decimals of a pay-per-use cost (the currency precision
	// of the config, e.g. 2). Callers always pass it: 0 means whole currency units.
	Precision int32
	// Release gives the replay's arrays back to the operating system as they die
	// (mem.Dying, mem.Drop): the sort keys as the workers pass them, the candidate lists,
	// the other workers' entries as they are merged. It lowers the peak of a command that
	// makes little once the replay is done (deduct, overview), and slows one that goes on
	// to allocate (amortize), whose new arrays would otherwise reuse those pages rather
	// than fault in fresh ones (docs/performance.md). Run only: a Session ignores it.
	Release bool
	// States asks for the packages' states only (what the overview reads: periods'
	// totals, level windows): the ledger has no entries and no records' results, which
	// the replay then never writes. Run only: a Session ignores it.
	States bool
	// EntriesOf asks for the entries of the packages it accepts only, for a command that
	// reads them period by period through Ledger.CopyPeriodEntries (amortize: those of
	// the packages amortized by usage). The replay writes no other entry, no pay-per-use
	// one and no record's result: the ledger has no Records (Record gives the record an
	// entry names) and no Entries. The entries stay where the workers wrote them (a
	// package's records all go to one worker, so each period's entries are in replay
	// order there): they are not merged into replay order. What is saved is writing the
	// others and the merge, and the fresh pages both write. Run only: a Session ignores it.
	EntriesOf func(*model.Package) bool
}

// EndCause says which event ended a package's validity (rules.md §2.1).
type EndCause int

const (
	EndExpired   EndCause = iota // expiration_time
	EndDestroyed                 // destroyed_time (wins ties)
	EndUpgraded                  // an upgrade took effect strictly before the other ends
)

// Period is one reset period of a package (the whole validity when not resettable),
// possibly cut short by the validity end.
type Period struct {
	Index       int             // 0-based position among the package's uncut periods
	Start, End  time.Time       // [Start, End), End exclusive
	Used        decimal.Decimal // sum of this period's entries (Ledger.PeriodEntries), package unit (≤ capacity for usage packages)
	ExhaustedAt time.Time       // usage packages: deduct_time of the record that took the last capacity; zero if never
}

// Window is one level-package coverage window: all records sharing exactly [Start, End)
// (Ledger.Windows).
type Window struct {
	Start, End time.Time
	Period     int             // index into PackageState.Periods
	Covered    decimal.Decimal // ≤ capacity; the sum of its entries (Ledger.WindowEntries)
	// ExhaustedAt is the deduct_time of the record that brought Covered to capacity;
	// zero if never.
	ExhaustedAt time.Time
}

// PackageState is a package after the replay.
type PackageState struct {
	Pkg         *model.Package
	End         time.Time // validity end after cuts (exclusive)
	EndCause    EndCause
	UpgradedBy  string   // id of the upgrade that cut it (EndUpgraded)
	Periods     []Period // pieces of [Effective, End); one when not resettable
	FullPeriods int      // periods from effective to expiration before any cut (rules.md §3.4 N)
	// Used is the sum of the package's entries, package unit. For a level package it
	// adds up the coverage of every window (not bounded by capacity).
	Used decimal.Decimal
}

// Entry is one deduction: part of a record taken by one package period, or the
// pay-per-use rest (Package == -1). It is compact (a ledger holds one or more per
// record): what can be derived is a method (RemainingAfter) or a Ledger method (Cost).
type Entry struct {
	Record          int32        // index into Ledger.Records (the record: Ledger.Record)
	Package         int32        // index into Ledger.Packages; -1 = pay-per-use
	Period          int32        // index into that package's Periods; -1 for pay-per-use
	Window          int32        // index into Ledger.Windows(Package) (level packages); else -1
	Quantity        exact.Amount // package unit (pay-per-use: record unit)
	RecordQuantity  exact.Amount // the same amount in the record's unit
	AvailableBefore exact.Amount // in the period (or window), package unit; zero for pay-per-use
}

// RemainingAfter is what the period (or window) has left after the entry, package
// unit: AvailableBefore - Quantity; zero for pay-per-use.
func (e *Entry) RemainingAfter() exact.Amount {
	if e.Package < 0 {
		return exact.Amount{}
	}
	return e.AvailableBefore.Sub(e.Quantity)
}

// Cost is the price of pay-per-use entry i, round(quantity × unit_price) to the
// currency precision; ok is false for a deduction or a record without a unit price.
func (l *Ledger) Cost(i int) (cost exact.Amount, ok bool) {
	e := &l.Entries[i]
	r := l.Records[e.Record].Rec
	if e.Package >= 0 || !r.UnitPrice.Valid {
		return exact.Amount{}, false
	}
	return e.Quantity.MulRound(r.UnitPrice.Decimal, l.Options.Precision), true
}

// NullCost is Cost as a decimal.NullDecimal.
func (l *Ledger) NullCost(i int) decimal.NullDecimal {
	if c, ok := l.Cost(i); ok {
		return decimal.NewNullDecimal(c.Dec())
	}
	return decimal.NullDecimal{}
}

// Outcome of a record.
const (
	OutcomeDeducted  = "deducted"
	OutcomePartial   = "partially_deducted"
	OutcomeNotDeduct = "not_deducted"
)

// RecordResult is a record after the replay.
type RecordResult struct {
	Rec       *model.Record
	PayPerUse exact.Amount // record unit
	first, n  int32        // its entries: l.Entries[first:first+n]
}

// Deducted is what packages covered, record unit: Quantity - PayPerUse.
func (r *RecordResult) Deducted() exact.Amount { return r.Rec.Quantity.Sub(r.PayPerUse) }

// Entries yields the indices of the record's ledger entries, in replay order (the
// pay-per-use one last); a record of quantity 0 has none.
func (r *RecordResult) Entries() iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := r.first; i < r.first+r.n; i++ {
			if !yield(int(i)) {
				return
			}
		}
	}
}

// NumEntries is the number of the record's entries.
func (r *RecordResult) NumEntries() int { return int(r.n) }

// Outcome is deducted, partially_deducted or not_deducted.
func (r *RecordResult) Outcome() string {
	switch {
	case r.PayPerUse.IsZero():
		return OutcomeDeducted
	case r.Deducted().IsZero():
		return OutcomeNotDeduct
	}
	return OutcomePartial
}

// Ledger is the result of a replay.
type Ledger struct {
	Options  Options
	Packages []PackageState // sorted by package id
	Records  []RecordResult // replayed records, in replay order (rules.md §2.4); nil with Options.EntriesOf
	Entries  []Entry        // in replay order; nil with Options.EntriesOf
	// with Options.EntriesOf: each worker's entries; per package whether its entries were
	// written; the replayed records, recs[order[ri]] being the ri-th in replay order (Record)
	unmerged [][]Entry
	kept     []bool
	recs     []model.Record
	order    []int32
	byID     map[string]int
	grouped  *entryGroups // the entries of each period and window, on first use
	wins     *windowTable // the level windows, made on first use

	match *matcher // prepared attributes, shared by the replay and Diagnose

	nearOnce sync.Once
	near     *Nearness // the closest-package index, made on first use
}

// Record returns the record of replay index ri (an Entry's Record), with or without
// Options.EntriesOf (a ledger of Options.States has no records).
func (l *Ledger) Record(ri int32) *model.Record {
	if l.order != nil {
		return &l.recs[l.order[ri]]
	}
	return l.Records[ri].Rec
}

// PrefetchRecord asks the CPU to start loading where Record finds the record of replay
// index ri (mem.Prefetch).
func (l *Ledger) PrefetchRecord(ri int32) {
	if l.order != nil {
		mem.PrefetchOf(&l.order[ri])
	} else {
		mem.PrefetchOf(&l.Records[ri])
	}
}

// PeriodEntries returns the entries of package pi's period k (ledger entry indices, in
// replay order). The first call groups every period's and window's entries; it is safe
// to call from several goroutines.
func (l *Ledger) PeriodEntries(pi, k int) []int {
	g := l.groups()
	return g.of(g.poff[pi] + k)
}

// WindowEntries returns the entries of package pi's level window w, as PeriodEntries.
func (l *Ledger) WindowEntries(pi, w int) []int {
	g := l.groups()
	return g.of(g.woff[pi] + w)
}

// Package returns the index of the package with the given id, or -1.
func (l *Ledger) Package(id string) int {
	if i, ok := l.byID[id]; ok {
		return i
	}
	return -1
}
