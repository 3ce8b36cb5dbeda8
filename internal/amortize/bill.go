package amortize

import (
	"cmp"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
)

// Bill is one amortization bill row (rules.md §3.6).
type Bill struct {
	Date              time.Time // midnight of the bill date in the configured zone
	BillingCycle      string    // YYYY-MM of Date
	PackageID         string
	Product           string
	Quantity          decimal.NullDecimal // deducted or unused capacity; invalid on linear/refund rows
	Unit              string              // the package's unit; empty when Quantity is invalid
	Amount            decimal.Decimal
	Currency          string
	PeriodStart       time.Time // the reset period (or validity); linear/refund: the validity
	PeriodEnd         time.Time // exclusive
	EnterpriseProject string
	Tags              model.Tags
	Type              model.BillType
	Method            model.Method
	Provisional       bool // an unused-so-far row of the current cycle, never in totals
}

// Total sums one amortized package's final rows.
type Total struct {
	PackageID   string
	Method      model.Method
	Amortizable decimal.Decimal // fee + moved-in − moved-out − refund (the last two once ended)
	Amortized   decimal.Decimal // sum of the final (non-provisional) rows
	Currency    string
	Ended       bool // the package's validity ended at or before as-of
}

// Result is the amortization of a ledger.
type Result struct {
	Bills    []Bill   // sorted as rules.md §3.6 says
	Totals   []Total  // one per amortized package, by package id
	Warnings []string // e.g. packages not amortized for want of a fee; sorted
	loc      *time.Location
	prec     int32
	asOf     time.Time
	e        *engine // RunLazy: what walks the bills (Bills is nil)
}

// CompareBills is the order of bill rows (rules.md §3.6): bill date, package id, bill
// type (used < unused < linear < refund), period start, enterprise project (compared as
// text attributes are), tags, then final before provisional. Walk yields the bills in
// it (and Result.Bills holds them so); rows it calls equal keep the order they were
// computed in (the walk goes through the days and packages in this order instead of
// sorting).
func CompareBills(a, b *Bill) int {
	if c := a.Date.Compare(b.Date); c != 0 {
		return c
	}
	if c := strings.Compare(a.PackageID, b.PackageID); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Type.SortRank(), b.Type.SortRank()); c != 0 {
		return c
	}
	if c := a.PeriodStart.Compare(b.PeriodStart); c != 0 {
		return c
	}
	if c := strings.Compare(model.Norm(a.EnterpriseProject), model.Norm(b.EnterpriseProject)); c != 0 {
		return c
	}
	if c := strings.Compare(a.Tags.String(), b.Tags.String()); c != 0 {
		return c
	}
	return cmp.Compare(b2i(a.Provisional), b2i(b.Provisional))
}
