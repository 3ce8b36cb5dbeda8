package replay

import (
	"fmt"
	"time"
)

// Reason codes of rules.md §2.6, in the order Diagnose reports them.
const (
	CodeProductMismatch    = "PRODUCT_MISMATCH" // only for a package of another product
	CodeBillingItem        = "BILLING_ITEM_MISMATCH"
	CodeSpecification      = "SPECIFICATION_MISMATCH"
	CodeRegion             = "REGION_MISMATCH"
	CodeEnterpriseProject  = "ENTERPRISE_PROJECT_MISMATCH"
	CodeUnit               = "UNIT_MISMATCH"
	CodeNotYetEffective    = "NOT_YET_EFFECTIVE"
	CodeExpired            = "EXPIRED"
	CodeDestroyed          = "DESTROYED"
	CodeSuperseded         = "SUPERSEDED"
	CodeCrossesResetPeriod = "CROSSES_RESET_PERIOD"
	CodeExhausted          = "EXHAUSTED"
	CodeNoPackage          = "NO_PACKAGE_FOR_PRODUCT" // no package of the product at all
)

// Failure is one failing check of a package against a record (rules.md §2.6).
type Failure struct {
	Code    string
	Message string // names the values, e.g. `region "a" ≠ package region "b"`
	// Boundary: CROSSES_RESET_PERIOD, the first reset inside the consumption;
	// EXPIRED/DESTROYED/SUPERSEDED, the validity end.
	Boundary time.Time
	// ExhaustedAt (EXHAUSTED): when the period or window ran out; zero if it never had
	// anything (capacity 0).
	ExhaustedAt time.Time
	// FirstRecords (EXHAUSTED): ids of the first records (up to 3) that used it.
	FirstRecords []string
}

// TimeLayout is how Diagnose messages print instants (in Options.Location).
const TimeLayout = "2006-01-02 15:04:05"

// PackagesOfProduct returns the indices of the packages of product (compared by
// model.Norm), ascending (package id order); empty when there is none.
func (l *Ledger) PackagesOfProduct(product string) []int {
	id := l.match.lookup(product)
	if id <= 0 {
		return nil
	}
	return l.match.byProduct[id]
}

// Diagnose returns every failing check of package pkg against replayed record rec, in
// rules.md §2.6 order; none exactly when the package may deduct the record (rules.md §2.3) and either did
// or the record has no pay-per-use part. An eligible package of a record with a
// pay-per-use part gives EXHAUSTED. It uses the replay's own predicates.
func (l *Ledger) Diagnose(pkg, rec int) []Failure {
	p, r := l.Packages[pkg].Pkg, l.Records[rec].Rec
	if l.match.info[pkg].product != l.match.lookup(r.Product) {
		return []Failure{{Code: CodeProductMismatch,
			Message: fmt.Sprintf("product %q ≠ package product %q", r.Product, p.Product)}}
	}
	return l.diagnose(pkg, rec, r)
}
