package reference

import (
	"slices"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
)

// Reason codes of why, in the order the checks are made.
const (
	CodeBillingItem       = "BILLING_ITEM_MISMATCH"
	CodeSpecification     = "SPECIFICATION_MISMATCH"
	CodeRegion            = "REGION_MISMATCH"
	CodeEnterpriseProject = "ENTERPRISE_PROJECT_MISMATCH"
	CodeUnit              = "UNIT_MISMATCH"
	CodeNotYetEffective   = "NOT_YET_EFFECTIVE"
	CodeExpired           = "EXPIRED"
	CodeDestroyed         = "DESTROYED"
	CodeSuperseded        = "SUPERSEDED"
	CodeCrossesReset      = "CROSSES_RESET_PERIOD"
	CodeExhausted         = "EXHAUSTED"
	CodeNoPackage         = "NO_PACKAGE_FOR_PRODUCT"
)

// Entry is one deduction: what one package period (or level window) took of a record,
// or the pay-per-use rest (Pkg nil).
type Entry struct {
	Rec             *RecordResult
	Pkg             *Pkg // nil: pay-per-use
	Period          int  // index into Pkg.Periods
	Quantity        decimal.Decimal
	RecordQuantity  decimal.Decimal // Quantity in the record's unit
	AvailableBefore decimal.Decimal // package unit; zero for pay-per-use
	Cost            decimal.NullDecimal
}

// Window is a level package's coverage of one exact consumption window.
type Window struct {
	Start, End time.Time
	Period     int
	Covered    decimal.Decimal
}

// RecordResult is a replayed record.
type RecordResult struct {
	Rec       *model.Record
	Quantity  decimal.Decimal
	Entries   []*Entry // in deduction order, the pay-per-use one last
	Deducted  decimal.Decimal
	PayPerUse decimal.Decimal
	// Checks are the failing checks of every package of the record's product (rules: why).
	Checks map[*Pkg][]string
}

// Ledger is the replay as of Config.AsOf.
type Ledger struct {
	Cfg     *Config
	Pkgs    []*Pkg          // in package id order
	Records []*RecordResult // replayed records, in replay order
	Windows map[*Pkg][]*Window
}

// Outcome is deducted, partially_deducted or not_deducted.
func (r *RecordResult) Outcome() string {
	switch {
	case r.PayPerUse.IsZero():
		return "deducted"
	case r.Deducted.IsZero():
		return "not_deducted"
	}
	return "partially_deducted"
}

// Replay replays the records deducted by as-of against the packages (rules: Replay).
func Replay(cfg *Config, in Input) *Ledger {
	l := &Ledger{Cfg: cfg, Windows: map[*Pkg][]*Window{}}
	for i := range in.Packages {
		l.Pkgs = append(l.Pkgs, &Pkg{Package: &in.Packages[i]})
	}
	sort.Slice(l.Pkgs, func(i, j int) bool { return l.Pkgs[i].ID < l.Pkgs[j].ID })
	decideValidity(l.Pkgs)
	cfg.decidePeriods(l.Pkgs)

	var recs []*model.Record
	for i := range in.Records {
		if cfg.reached(in.Records[i].Deduct()) {
			recs = append(recs, &in.Records[i])
		}
	}
	// Records replay in order of (deduct_time, start_time, end_time, record_id).
	sort.Slice(recs, func(i, j int) bool {
		a, b := recs[i], recs[j]
		if c := a.Deduct().Compare(b.Deduct()); c != 0 {
			return c < 0
		}
		if c := a.Start().Compare(b.Start()); c != 0 {
			return c < 0
		}
		if c := a.End().Compare(b.End()); c != 0 {
			return c < 0
		}
		return a.ID < b.ID
	})
	for _, r := range recs {
		l.replayRecord(r)
	}
	return l
}

// candidate is a package period that may deduct a record.
type candidate struct {
	p *Pkg
	k int
}

// replayRecord deducts one record (rules: Replay › Order ties; Inexact unit conversion;
// Zero amounts): from its eligible packages in order of the earlier of the package's end
// and its period's end, then effective time, order time (a blank one last) and package
// id, taking what each has left; the rest is pay-per-use, priced at the unit price
// (rounded to the precision). A package gives part of a record in its own unit; the
// record's part is that converted back, capped at what is outstanding. A zero-quantity
// record has no entries; it goes where a tiny record would, past packages with nothing
// left to the first with room, and when that is a level package it opens its window
// (the latest window of a level package is the latest that has a record, whatever its
// quantity).
func (l *Ledger) replayRecord(r *model.Record) {
	rr := &RecordResult{Rec: r, Quantity: r.Quantity.Dec(), Checks: map[*Pkg][]string{}}
	l.Records = append(l.Records, rr)
	var cands []candidate
	for _, p := range l.Pkgs {
		if norm(p.Product) != norm(r.Product) {
			continue
		}
		codes, k := l.Cfg.checks(p, r)
		rr.Checks[p] = codes
		if len(codes) == 0 {
			cands = append(cands, candidate{p, k})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		ea, eb := minTime(a.p.End, a.p.Periods[a.k].End), minTime(b.p.End, b.p.Periods[b.k].End)
		if c := ea.Compare(eb); c != 0 {
			return c < 0
		}
		if c := a.p.Effective.Compare(b.p.Effective); c != 0 {
			return c < 0
		}
		if c := compareOrderTime(a.p.OrderTime, b.p.OrderTime); c != 0 {
			return c < 0
		}
		return a.p.ID < b.p.ID
	})

	outstanding := rr.Quantity
	zero := outstanding.IsZero()
	for _, c := range cands {
		if !zero && outstanding.Sign() <= 0 {
			break
		}
		avail := l.left(c.p, c.k, r)
		if avail.Sign() <= 0 {
			continue
		}
		if zero { // where a tiny record would go: the first package with room
			if c.p.Type.IsLevel() {
				l.window(c.p, c.k, r) // it takes nothing, but that window now has a record
			}
			break
		}
		need := convert(outstanding, r.Unit, c.p.Unit)
		take, part := need, outstanding
		if avail.LessThan(need) {
			take = avail
			part = decimal.Min(convert(avail, c.p.Unit, r.Unit), outstanding)
		}
		e := &Entry{Rec: rr, Pkg: c.p, Period: c.k, Quantity: take, RecordQuantity: part, AvailableBefore: avail}
		l.take(c.p, c.k, r, take)
		rr.Entries = append(rr.Entries, e)
		outstanding = outstanding.Sub(part)
	}
	if outstanding.Sign() > 0 {
		e := &Entry{Rec: rr, Quantity: outstanding, RecordQuantity: outstanding}
		if r.UnitPrice.Valid {
			e.Cost = decimal.NewNullDecimal(l.Cfg.round(outstanding.Mul(r.UnitPrice.Decimal)))
		}
		rr.Entries = append(rr.Entries, e)
	}
	rr.PayPerUse = outstanding
	rr.Deducted = rr.Quantity.Sub(outstanding)
	// EXHAUSTED: an eligible package whose period (or window) has nothing left once
	// this record has been deducted.
	if rr.PayPerUse.Sign() > 0 {
		for _, c := range cands {
			if l.left(c.p, c.k, r).Sign() <= 0 {
				rr.Checks[c.p] = append(rr.Checks[c.p], CodeExhausted)
			}
		}
	}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// window returns the level window of package p for the record's exact [start, end),
// opening it (rules: Replay › Level usage totals: a window is the exact (start, end) pair).
func (l *Ledger) window(p *Pkg, k int, r *model.Record) *Window {
	for _, w := range l.Windows[p] {
		if w.Start.Equal(r.Start()) && w.End.Equal(r.End()) {
			return w
		}
	}
	w := &Window{Start: r.Start(), End: r.End(), Period: k}
	l.Windows[p] = append(l.Windows[p], w)
	return w
}

// used is what period k of a usage package has given so far.
func (l *Ledger) used(p *Pkg, k int) decimal.Decimal {
	sum := decimal.Zero
	for _, rr := range l.Records {
		for _, e := range rr.Entries {
			if e.Pkg == p && e.Period == k {
				sum = sum.Add(e.Quantity)
			}
		}
	}
	return sum
}

// left is what a package can still give the record: the capacity less what its period
// gave (a usage package) or less what the record's window is covered (a level package:
// capacity per window, never used up over time).
func (l *Ledger) left(p *Pkg, k int, r *model.Record) decimal.Decimal {
	if p.Type.IsLevel() {
		for _, w := range l.Windows[p] {
			if w.Start.Equal(r.Start()) && w.End.Equal(r.End()) {
				return p.Capacity.Sub(w.Covered)
			}
		}
		return p.Capacity
	}
	return p.Capacity.Sub(l.used(p, k))
}

// take books q (package unit) on the package: on the window for a level package.
func (l *Ledger) take(p *Pkg, k int, r *model.Record, q decimal.Decimal) {
	if p.Type.IsLevel() {
		w := l.window(p, k, r)
		w.Covered = w.Covered.Add(q)
	}
}

// PeriodUsed is the sum of the entries of package p's period k (a level package: the
// coverage of all its windows in that period).
func (l *Ledger) PeriodUsed(p *Pkg, k int) decimal.Decimal { return l.used(p, k) }

// checks are the failing checks of package p for record r, in the order of why (Why;
// Replay, matching), and when none fails the period the record falls in. A set package
// attribute never matches a blank record attribute.
func (c *Config) checks(p *Pkg, r *model.Record) (codes []string, period int) {
	if len(p.DeductibleItems) > 0 && !slices.ContainsFunc(p.DeductibleItems, func(it string) bool { return norm(it) == norm(r.BillingItem) }) {
		codes = append(codes, CodeBillingItem)
	}
	for _, a := range []struct{ pkg, rec, code string }{
		{p.Specification, r.Specification, CodeSpecification},
		{p.Region, r.Region, CodeRegion},
		{p.EnterpriseProject, r.EnterpriseProject, CodeEnterpriseProject},
	} {
		if norm(a.pkg) != "" && norm(a.pkg) != norm(a.rec) {
			codes = append(codes, a.code)
		}
	}
	if !unitsConvert(r.Unit, p.Unit) {
		codes = append(codes, CodeUnit)
	}
	t, k := c.timeRule(p, r)
	return append(codes, t...), k
}

// endCode names the event that ended the validity.
func endCode(p *Pkg) string {
	switch p.Cause {
	case EndDestroyed:
		return CodeDestroyed
	case EndUpgraded:
		return CodeSuperseded
	}
	return CodeExpired
}

// timeRule is the time rule (rules: Replay › Level packages; A record ending exactly at
// a reset boundary). A resettable or level package needs the whole
// consumption [start, end] inside one period (a zero-length record at a boundary falls
// in the later period): start before the effective time is NOT_YET_EFFECTIVE, end after
// the validity's end is EXPIRED (or DESTROYED, SUPERSEDED), otherwise
// CROSSES_RESET_PERIOD. A non-resettable usage package needs consumption start before
// the end and deduction at or after the effective time. A package valid at no instant
// (its end at its effective time) deducts nothing: a record not NOT_YET_EFFECTIVE for it
// is EXPIRED (or DESTROYED, SUPERSEDED) (rules: Edge cases, an empty validity).
func (c *Config) timeRule(p *Pkg, r *model.Record) (codes []string, period int) {
	empty := !p.Effective.Before(p.End)
	if p.Resettable() || p.Type.IsLevel() {
		if r.Start().Before(p.Effective) {
			codes = append(codes, CodeNotYetEffective)
		}
		if r.End().After(p.End) || empty && len(codes) == 0 {
			codes = append(codes, endCode(p))
		}
		if len(codes) > 0 {
			return codes, -1
		}
		period = -1
		for k, per := range p.Periods {
			if !per.Start.After(r.Start()) && !r.End().After(per.End) {
				period = k // the last that fits: the later one at a boundary
			}
		}
		if period < 0 {
			return []string{CodeCrossesReset}, -1
		}
		return nil, period
	}
	if r.Deduct().Before(p.Effective) {
		codes = append(codes, CodeNotYetEffective)
	}
	if !r.Start().Before(p.End) || empty && len(codes) == 0 {
		codes = append(codes, endCode(p))
	}
	return codes, 0
}
