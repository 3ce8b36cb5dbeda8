package explain

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// Selection says which replayed records to explain. Filters combine (all must hold).
type Selection struct {
	// Records lists record ids; empty = every record. A named record is explained even
	// when it was fully deducted.
	Records []string
	// Resource keeps only records of this resource_id (exact); "" = any.
	Resource string
	// Reason keeps only records whose primary reason is this code (see ParseCode);
	// "" = any.
	Reason string
	// All adds the fully deducted records (with an empty primary reason).
	All bool
}

// Deduction is what one package took of a record, in the record's unit.
type Deduction struct {
	PackageID string
	Quantity  decimal.Decimal
}

// PackageCheck is one package of the record's product with every failing check
// (none when the package could deduct the record and did, or had no need to).
type PackageCheck struct {
	Package   int // index into Ledger.Packages
	PackageID string
	Failures  []replay.Failure
}

// Primary is a record's primary reason: the first failing check of its closest package.
type Primary struct {
	Code      string // "" when the record has no pay-per-use part
	Message   string
	PackageID string // the closest package; "" for NO_PACKAGE_FOR_PRODUCT
	Failure   replay.Failure
}

// Explanation is why one record was (not) deducted.
type Explanation struct {
	Record     int // index into Ledger.Records
	Rec        *model.Record
	Outcome    string              // deducted, partially_deducted or not_deducted
	Deducted   decimal.Decimal     // record unit
	PayPerUse  decimal.Decimal     // record unit
	Cost       decimal.NullDecimal // pay-per-use cost; invalid without a unit price or pay-per-use part
	Deductions []Deduction         // in deduction order
	Packages   []PackageCheck      // every package of the product, in package id order
	Primary    Primary
	Suggestion string // "" when none helps
}

// Result is the explanations of the selected records (in replay order) and their summary.
type Result struct {
	Records []Explanation
	Summary []SummaryRow
}

// UnknownRecordsError names --record ids that are not among the replayed records.
type UnknownRecordsError struct{ IDs []string }

func (e *UnknownRecordsError) Error() string {
	return fmt.Sprintf("no replayed record %s (unknown id, or deducted after --as-of)",
		strings.Join(e.IDs, ", "))
}

// Explain explains the selected records of ledger l. It fails on an unknown reason code
// or on a named record that was not replayed (*UnknownRecordsError).
func Explain(l *replay.Ledger, sel Selection) (*Result, error) {
	if sel.Reason != "" {
		c, err := ParseCode(sel.Reason)
		if err != nil {
			return nil, err
		}
		sel.Reason = c
	}
	named, err := namedRecords(l, sel.Records)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	for i := range l.Records {
		rr := &l.Records[i]
		if (named != nil && !named[i]) || (sel.Resource != "" && rr.Rec.ResourceID != sel.Resource) {
			continue
		}
		if rr.PayPerUse.Sign() == 0 && !sel.All && named == nil {
			continue
		}
		e := Record(l, i)
		if sel.Reason != "" && e.Primary.Code != sel.Reason {
			continue
		}
		res.Records = append(res.Records, e)
	}
	res.Summary = Summarize(res.Records)
	return res, nil
}

// namedRecords maps the ledger indices of ids; nil when ids is empty.
func namedRecords(l *replay.Ledger, ids []string) (map[int]bool, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	named := map[int]bool{}
	for i := range l.Records {
		if id := l.Records[i].Rec.ID; want[id] {
			named[i] = true
			delete(want, id)
		}
	}
	if len(want) > 0 {
		missing := make([]string, 0, len(want))
		for id := range want {
			missing = append(missing, id)
		}
		sort.Strings(missing)
		return nil, &UnknownRecordsError{IDs: missing}
	}
	return named, nil
}

// Record explains replayed record i of l.
func Record(l *replay.Ledger, i int) Explanation {
	rr := &l.Records[i]
	e := Explanation{Record: i, Rec: rr.Rec, Outcome: rr.Outcome(), Deducted: rr.Deducted().Dec(), PayPerUse: rr.PayPerUse.Dec()}
	e.Deductions, e.Cost = entries(l, rr)
	for _, pi := range l.PackagesOfProduct(rr.Rec.Product) {
		e.Packages = append(e.Packages, PackageCheck{Package: pi, PackageID: l.Packages[pi].Pkg.ID,
			Failures: l.Diagnose(pi, i)})
	}
	if rr.PayPerUse.Sign() > 0 {
		e.Primary = primary(l, &e)
		e.Suggestion = suggest(l, &e)
	}
	return e
}

// entries returns a record's deductions and its pay-per-use cost.
func entries(l *replay.Ledger, rr *replay.RecordResult) ([]Deduction, decimal.NullDecimal) {
	var ds []Deduction
	var cost decimal.NullDecimal
	ppu := false
	for ei := range rr.Entries() {
		en := &l.Entries[ei]
		if en.Package >= 0 {
			ds = append(ds, Deduction{PackageID: l.Packages[en.Package].Pkg.ID, Quantity: en.RecordQuantity.Dec()})
			continue
		}
		if c := l.NullCost(ei); !ppu {
			cost, ppu = c, true
		} else if cost.Valid && c.Valid {
			cost.Decimal = cost.Decimal.Add(c.Decimal)
		} else {
			cost = decimal.NullDecimal{}
		}
	}
	return ds, cost
}
