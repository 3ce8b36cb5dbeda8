package reference

import (
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
)

// Difference is one finding of check; Expected is pkgctl's value, Actual the export's
// ("" when a side has none).
type Difference struct {
	Code      string
	PackageID string
	BillDate  time.Time // zero for a package-level difference
	BillType  string
	Project   string
	Expected  string
	Actual    string
}

// CheckResult is the verdict on an export.
type CheckResult struct {
	Differences     []Difference
	PackagesChecked int
	RowsChecked     int
}

// billKey is what check sums to: package, date, bill type, and the project when the
// export has that column.
type billKey struct {
	pkg     string
	date    time.Time
	typ     model.BillType
	project string
}

type billSum struct {
	amount   decimal.Decimal
	quantity decimal.NullDecimal
	shown    string // the project as shown
}

// Check compares an exported bill with the bills of a (rules: check): both sides summed to the
// export's key columns; a key on one side only is MISSING_IN_EXPORT or
// UNEXPECTED_IN_EXPORT (even at zero); amounts, and quantities (used and unused rows,
// when the export has quantities, in the package's unit), that differ by more than the
// tolerance are AMOUNT_DIFFERS / QUANTITY_DIFFERS; an ended package's exported rows that
// do not sum to its amortizable amount within the tolerance are TOTAL_NOT_FEE. A money
// cell is first rounded to the precision when it is within 1e-9 of such a value (a
// spreadsheet's float noise). Provisional rows are compared like final ones.
func (l *Ledger) Check(a Amortization, export []model.BillRow, tolerance decimal.Decimal, hasProject, hasQuantity bool) CheckResult {
	c := l.Cfg
	pkgs := map[string]*Pkg{}
	for _, p := range l.Pkgs {
		pkgs[p.ID] = p
	}
	key := func(id string, d time.Time, t model.BillType, project string) billKey {
		k := billKey{pkg: id, date: c.day(d), typ: t}
		if hasProject {
			k.project = norm(project)
		}
		return k
	}
	add := func(m map[billKey]*billSum, k billKey, amount decimal.Decimal, q decimal.NullDecimal, shown string) {
		s := m[k]
		if s == nil {
			s = &billSum{amount: decimal.Zero, shown: shown}
			m[k] = s
		}
		s.amount = s.amount.Add(amount)
		if q.Valid {
			if !s.quantity.Valid {
				s.quantity = decimal.NewNullDecimal(decimal.Zero)
			}
			s.quantity.Decimal = s.quantity.Decimal.Add(q.Decimal)
		}
	}
	exp, act := map[billKey]*billSum{}, map[billKey]*billSum{}
	for _, b := range a.Bills {
		add(exp, key(b.Pkg.ID, b.Date, b.Type, b.Project), b.Amount, b.Quantity, b.Project)
	}
	exportedSum := map[string]decimal.Decimal{}
	for _, r := range export {
		amt := c.denoise(r.Amount)
		q := r.Quantity
		if p := pkgs[r.PackageID]; p != nil && q.Valid && r.Unit != "" && unitsConvert(r.Unit, p.Unit) {
			q = decimal.NewNullDecimal(convert(q.Decimal, r.Unit, p.Unit))
		}
		add(act, key(r.PackageID, r.Date, r.BillType, r.EnterpriseProject), amt, q, r.EnterpriseProject)
		exportedSum[r.PackageID] = exportedSum[r.PackageID].Add(amt)
	}
	money := func(d decimal.Decimal) string { return d.StringFixed(c.Precision) }
	beyond := func(x, y decimal.Decimal) bool { return x.Sub(y).Abs().GreaterThan(tolerance) }
	var diffs []Difference
	diff := func(code string, k billKey, e, a string, shown string) {
		diffs = append(diffs, Difference{Code: code, PackageID: k.pkg, BillDate: k.date, BillType: k.typ.String(),
			Project: shown, Expected: e, Actual: a})
	}
	for k, e := range exp {
		x := act[k]
		switch {
		case x == nil:
			diff("MISSING_IN_EXPORT", k, money(e.amount), "", e.shown)
		default:
			if beyond(e.amount, x.amount) {
				diff("AMOUNT_DIFFERS", k, money(e.amount), money(x.amount), e.shown)
			}
			if hasQuantity && e.quantity.Valid {
				aq := ""
				if x.quantity.Valid {
					aq = x.quantity.Decimal.String()
				}
				if !x.quantity.Valid || beyond(e.quantity.Decimal, x.quantity.Decimal) {
					diff("QUANTITY_DIFFERS", k, e.quantity.Decimal.String(), aq, e.shown)
				}
			}
		}
	}
	for k, x := range act {
		if exp[k] == nil {
			diff("UNEXPECTED_IN_EXPORT", k, "", money(x.amount), x.shown)
		}
	}
	for _, t := range a.Totals {
		s, ok := exportedSum[t.Pkg.ID]
		if !ok || !c.reached(t.Pkg.End) {
			continue
		}
		if beyond(t.Amortizable, s) {
			diffs = append(diffs, Difference{Code: "TOTAL_NOT_FEE", PackageID: t.Pkg.ID,
				Expected: money(t.Amortizable), Actual: money(s)})
		}
	}
	diffs = append(diffs, l.checkPackages(beyond)...)
	SortDifferences(diffs)
	ids := map[string]bool{}
	for id := range pkgs {
		ids[id] = true
	}
	for _, r := range export {
		ids[r.PackageID] = true
	}
	return CheckResult{Differences: diffs, PackagesChecked: len(ids), RowsChecked: len(export)}
}

// denoise rounds a money cell to the precision when it lies within 1e-9 of a value at
// that precision (Excel's float noise: 0.9900000000000001 is 0.99).
func (c *Config) denoise(d decimal.Decimal) decimal.Decimal {
	r := d.Round(c.Precision)
	if r.Sub(d).Abs().LessThanOrEqual(decimal.New(1, -9)) {
		return r
	}
	return d
}

// SortDifferences orders differences by package, date (package-level first), bill type
// (used < unused < linear < refund, then label), project, code.
func SortDifferences(d []Difference) {
	rank := func(label string) int {
		if label == "" {
			return -1
		}
		t, _ := model.ParseBillType(label)
		return t.SortRank()
	}
	sort.SliceStable(d, func(i, j int) bool {
		x, y := d[i], d[j]
		if x.PackageID != y.PackageID {
			return x.PackageID < y.PackageID
		}
		if !x.BillDate.Equal(y.BillDate) {
			return x.BillDate.Before(y.BillDate)
		}
		if rx, ry := rank(x.BillType), rank(y.BillType); rx != ry {
			return rx < ry
		}
		if x.BillType != y.BillType {
			return x.BillType < y.BillType
		}
		if norm(x.Project) != norm(y.Project) {
			return norm(x.Project) < norm(y.Project)
		}
		return x.Code < y.Code
	})
}

// statusLabels maps the status labels an export may carry to pkgctl's (rules: check ›
// Statuses): case-insensitive, Chinese console labels included.
var statusLabels = map[string]string{
	"created": "Created", "active": "Active", "expired": "Expired", "exhausted": "Exhausted",
	"destroyed": "Destroyed", "arrears": "Arrears", "未生效": "Created", "待生效": "Created",
	"生效中": "Active", "使用中": "Active", "已过期": "Expired", "已失效": "Expired",
	"已用完": "Exhausted", "已耗尽": "Exhausted", "已销毁": "Destroyed", "已退订": "Destroyed", "欠费": "Arrears",
}

// checkPackages compares the packages file's exported status, used and remaining (where
// given) with the overview: STATUS_DIFFERS, USED_DIFFERS, REMAINING_DIFFERS.
func (l *Ledger) checkPackages(beyond func(x, y decimal.Decimal) bool) []Difference {
	var diffs []Difference
	for _, row := range l.Overview() {
		p := row.Pkg
		if p.Status != "" && statusLabels[norm(p.Status)] != row.Status {
			diffs = append(diffs, Difference{Code: "STATUS_DIFFERS", PackageID: p.ID, Expected: row.Status, Actual: p.Status})
		}
		if p.Used.Valid && beyond(row.Used, p.Used.Decimal) {
			diffs = append(diffs, Difference{Code: "USED_DIFFERS", PackageID: p.ID, Expected: row.Used.String(), Actual: p.Used.Decimal.String()})
		}
		if p.Remaining.Valid && beyond(row.Remaining, p.Remaining.Decimal) {
			diffs = append(diffs, Difference{Code: "REMAINING_DIFFERS", PackageID: p.ID, Expected: row.Remaining.String(), Actual: p.Remaining.Decimal.String()})
		}
	}
	return diffs
}
