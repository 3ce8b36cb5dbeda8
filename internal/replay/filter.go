package replay

import (
	"slices"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
)

// InDays reports whether instant t falls in the days from..to: the day of t is the day of
// the last instant before it (as for bill dates, rules.md §4.2), so with from the
// midnight opening the first day and to the midnight closing the last, from < t ≤ to.
// A zero end is open.
func InDays(t, from, to time.Time) bool {
	return (from.IsZero() || t.After(from)) && (to.IsZero() || !t.After(to))
}

// LedgerFilter selects what deduct lists: records by id, deduction day (InDays) and the
// packages they were deducted from. Empty fields select everything.
type LedgerFilter struct {
	Packages, Records []string
	From, To          time.Time
}

// Selection is a listing's entries and records, as ledger indices in ledger order; All
// says the filter kept everything (Entries and Records are then nil).
type Selection struct {
	All              bool
	Entries, Records []int
}

// Select applies f. A record is kept when its id and deduction day pass and, with
// Packages, when one of its entries is of those packages (then only those entries are
// kept); a record without entries (quantity 0) is kept unless Packages is given.
func (l *Ledger) Select(f LedgerFilter) Selection {
	if len(f.Packages) == 0 && len(f.Records) == 0 && f.From.IsZero() && f.To.IsZero() {
		return Selection{All: true}
	}
	var s Selection
	pkgs, recs := idSet(f.Packages), idSet(f.Records)
	for ri := range l.Records {
		r := l.Records[ri].Rec
		if (len(recs) > 0 && !recs[r.ID]) || !InDays(r.Deduct(), f.From, f.To) {
			continue
		}
		kept := len(pkgs) == 0
		for i := range l.Records[ri].Entries() {
			if e := &l.Entries[i]; len(pkgs) == 0 || (e.Package >= 0 && pkgs[l.Packages[e.Package].Pkg.ID]) {
				s.Entries = append(s.Entries, i)
				kept = true
			}
		}
		if kept {
			s.Records = append(s.Records, ri)
		}
	}
	return s
}

func idSet(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// OverviewFilter selects overview rows: by package type, product (compared as text
// attributes are), package id, and order day (InDays; a package without an order time
// is left out when a day is given). Empty fields select everything.
type OverviewFilter struct {
	Type               *model.PackageType
	Product            string
	Packages           []string
	OrderFrom, OrderTo time.Time
}

// Keep reports whether the filter keeps row r.
func (f OverviewFilter) Keep(r *OverviewRow) bool {
	switch {
	case f.Type != nil && r.PackageType != *f.Type,
		f.Product != "" && model.Norm(r.Product) != model.Norm(f.Product),
		len(f.Packages) > 0 && !slices.Contains(f.Packages, r.PackageID),
		(!f.OrderFrom.IsZero() || !f.OrderTo.IsZero()) && (r.OrderTime.IsZero() || !InDays(r.OrderTime, f.OrderFrom, f.OrderTo)):
		return false
	}
	return true
}
