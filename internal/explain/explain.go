package explain

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/value"
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
	Quantity  exact.Amount
}

// PackageCheck is one listed package of the record's product with every failing check
// (none when the package could deduct the record and did, or had no need to).
type PackageCheck struct {
	Package   int // index into Ledger.Packages
	PackageID string
	Failures  []replay.Failure
	Deducted  bool // the record was deducted from it
}

// OtherCount is how many of the product's packages not listed fail Code first ("":
// fail no check: they could deduct the record, which needed none of them).
type OtherCount struct {
	Code     string
	Packages int
	Index    int // Code's place in replay.OtherCodes
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
	Deducted   exact.Amount        // record unit
	PayPerUse  exact.Amount        // record unit
	Cost       decimal.NullDecimal // pay-per-use cost; invalid without a unit price or pay-per-use part
	Deductions []Deduction         // in deduction order
	// Packages is the packages of the product the record was deducted from and the
	// closest others (Options.Candidates of them), closest first.
	Packages []PackageCheck
	// Others counts the rest of the product's packages by their first failing check, in
	// reason-code order, those failing none last; only counts above zero.
	Others     []OtherCount
	Primary    Primary
	Suggestion string // "" when none helps

	ranking *replay.Ranking // working memory of ExplainInto, kept with the lists it reuses
}

// OtherPackages is the number of the product's packages not listed.
func (e *Explanation) OtherPackages() int {
	n := 0
	for _, o := range e.Others {
		n += o.Packages
	}
	return n
}

// Result is the explanations of the selected records (in replay order) and their summary.
type Result struct {
	Records []Explanation
	Summary []SummaryRow
}

// UnknownRecordsError names --record ids that are not among the replayed records.
type UnknownRecordsError struct{ IDs []string }

func (e *UnknownRecordsError) Error() string {
	ids := make([]string, len(e.IDs))
	for i, id := range e.IDs {
		ids[i] = value.Quote(id) // as every message that echoes input: " a " shows its spaces
	}
	return fmt.Sprintf("no replayed record %s (unknown id, or deducted after --as-of)", strings.Join(ids, ", "))
}

// Explain explains the selected records of ledger l, each listing the default number
// of closest packages. It fails on an unknown reason code or on a named record that
// was not replayed (*UnknownRecordsError). Every explanation is held: listings of any
// size use an Explainer.
func Explain(l *replay.Ledger, sel Selection) (*Result, error) {
	x := NewExplainer(l, DefaultCandidates)
	recs, err := x.Select(sel, 1)
	if err != nil {
		return nil, err
	}
	res := &Result{Records: make([]Explanation, len(recs))}
	for k, i := range recs {
		res.Records[k] = x.Explain(i)
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

// entries appends a record's deductions to ds (ids: the packages' ids) and returns its
// pay-per-use cost.
func entries(l *replay.Ledger, ids []string, rr *replay.RecordResult, ds []Deduction) ([]Deduction, decimal.NullDecimal) {
	var cost decimal.NullDecimal
	ppu := false
	for ei := range rr.Entries() {
		en := &l.Entries[ei]
		if en.Package >= 0 {
			ds = append(ds, Deduction{PackageID: ids[en.Package], Quantity: en.RecordQuantity})
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
