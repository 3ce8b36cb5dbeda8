package reference

import (
	"slices"
	"sort"

	"github.com/shopspring/decimal"
)

// codeOrder is the order of the checks of why; EXPIRED, DESTROYED and SUPERSEDED are one
// check (which event ended the validity) and share its place.
var codeOrder = []string{CodeBillingItem, CodeSpecification, CodeRegion, CodeEnterpriseProject,
	CodeUnit, CodeNotYetEffective, CodeExpired, CodeDestroyed, CodeSuperseded, CodeCrossesReset,
	CodeExhausted, CodeNoPackage}

func checkRank(code string) int {
	if code == CodeDestroyed || code == CodeSuperseded {
		code = CodeExpired
	}
	return slices.Index(codeOrder, code)
}

// WhyPackage is one package of the record's product with its failing checks.
type WhyPackage struct {
	Pkg   *Pkg
	Codes []string
}

// WhyRecord is one record of why --all.
type WhyRecord struct {
	*RecordResult
	Primary  string
	Packages []WhyPackage // listed: those it was deducted from and the closest others
	// Others counts the packages of the product not listed, by first failing check
	// ("" for those with none).
	Others map[string]int
}

// Candidates is how many packages besides those a record was deducted from why lists
// in full (rules: why › Bounded explanations); the rest are counted.
const Candidates = 3

// SummaryRow is one row of why's summary.
type SummaryRow struct {
	Code     string
	Records  int
	Quantity decimal.Decimal
	Unit     string
	Cost     decimal.NullDecimal
	Currency string
}

// Why lists every replayed record with its packages' failing checks and, for a record
// with a pay-per-use part, its primary reason (rules: why): the first failing check of its
// closest package, which has the fewest failing checks, then the first failing check
// latest in the order of the checks, then the earliest end, effective time, order time
// (a blank one last) and package id. No package of the product at all is
// NO_PACKAGE_FOR_PRODUCT.
func (l *Ledger) Why() ([]WhyRecord, []SummaryRow) {
	var out []WhyRecord
	for _, rr := range l.Records {
		w := WhyRecord{RecordResult: rr, Others: map[string]int{}}
		var all []WhyPackage
		for _, p := range l.Pkgs {
			if codes, ok := rr.Checks[p]; ok {
				all = append(all, WhyPackage{p, codes})
			}
		}
		if rr.PayPerUse.Sign() > 0 {
			w.Primary = closest(all)
		}
		sortClosest(all)
		others := 0
		for _, wp := range all {
			deducted := slices.ContainsFunc(rr.Entries, func(e *Entry) bool { return e.Pkg == wp.Pkg })
			switch {
			case deducted:
				w.Packages = append(w.Packages, wp)
			case others < Candidates:
				w.Packages = append(w.Packages, wp)
				others++
			case len(wp.Codes) == 0:
				w.Others[""]++
			default:
				w.Others[wp.Codes[0]]++
			}
		}
		out = append(out, w)
	}
	return out, summarize(out)
}

func closest(pkgs []WhyPackage) string {
	var cands []WhyPackage
	for _, wp := range pkgs {
		if len(wp.Codes) > 0 {
			cands = append(cands, wp)
		}
	}
	if len(cands) == 0 {
		return CodeNoPackage
	}
	sortClosest(cands)
	return cands[0].Codes[0]
}

// sortClosest puts packages in the closest-package order: fewest failing checks, then
// the first failing check latest in the order of the checks, then the earliest end,
// effective time, order time (a blank one last) and package id.
func sortClosest(cands []WhyPackage) {
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if len(a.Codes) != len(b.Codes) {
			return len(a.Codes) < len(b.Codes)
		}
		if len(a.Codes) > 0 {
			if ra, rb := checkRank(a.Codes[0]), checkRank(b.Codes[0]); ra != rb {
				return ra > rb
			}
		}
		if c := a.Pkg.End.Compare(b.Pkg.End); c != 0 {
			return c < 0
		}
		if c := a.Pkg.Effective.Compare(b.Pkg.Effective); c != 0 {
			return c < 0
		}
		if c := compareOrderTime(a.Pkg.OrderTime, b.Pkg.OrderTime); c != 0 {
			return c < 0
		}
		return a.Pkg.ID < b.Pkg.ID
	})
}

// summarize groups the records with a primary reason by (reason, unit, currency), units
// compared as units (unitKey) and currencies case-insensitively (rules: why): their count, pay-per-use quantity
// and cost, the cost blank when a record of the row has no unit price.
func summarize(recs []WhyRecord) []SummaryRow {
	var rows []SummaryRow
	blank := map[int]bool{}
	for _, w := range recs {
		if w.Primary == "" {
			continue
		}
		i := slices.IndexFunc(rows, func(s SummaryRow) bool {
			return s.Code == w.Primary && unitKey(s.Unit) == unitKey(w.Rec.Unit) && norm(s.Currency) == norm(w.Rec.Currency)
		})
		if i < 0 {
			rows = append(rows, SummaryRow{Code: w.Primary, Unit: w.Rec.Unit, Currency: w.Rec.Currency,
				Quantity: decimal.Zero, Cost: decimal.NewNullDecimal(decimal.Zero)})
			i = len(rows) - 1
		}
		s := &rows[i]
		s.Records++
		s.Quantity = s.Quantity.Add(w.PayPerUse)
		cost := w.Entries[len(w.Entries)-1].Cost
		if !cost.Valid || blank[i] {
			blank[i] = true
		} else {
			s.Cost.Decimal = s.Cost.Decimal.Add(cost.Decimal)
		}
	}
	for i := range rows {
		if blank[i] {
			rows[i].Cost = decimal.NullDecimal{}
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if ra, rb := slices.Index(codeOrder, a.Code), slices.Index(codeOrder, b.Code); ra != rb {
			return ra < rb
		}
		if unitKey(a.Unit) != unitKey(b.Unit) {
			return unitKey(a.Unit) < unitKey(b.Unit)
		}
		return norm(a.Currency) < norm(b.Currency)
	})
	return rows
}
