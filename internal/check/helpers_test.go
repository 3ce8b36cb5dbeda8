package check

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/testkit"
)

// day parses a date in Asia/Shanghai; dec a decimal literal.
var day, dec = testkit.At, testkit.Dec

func qty(s string) decimal.NullDecimal {
	if s == "" {
		return decimal.NullDecimal{}
	}
	return decimal.NullDecimal{Decimal: dec(s), Valid: true}
}

var defaultOpt = Options{Tolerance: dec("0.01"), Precision: 2}

// bill is an expected row: used rows carry a quantity in GB, linear rows none.
func bill(pkg, date string, t model.BillType, amount, q, project string) amortize.Bill {
	b := amortize.Bill{Date: day(date), PackageID: pkg, Product: "OBS", Type: t, Amount: dec(amount),
		Quantity: qty(q), EnterpriseProject: project, Currency: "USD"}
	if b.Quantity.Valid {
		b.Unit = "GB"
	}
	return b
}

// row is an exported row; hasProject says whether the export has that column.
func row(pkg, date string, t model.BillType, amount, q, unit, project string, hasProject bool) model.BillRow {
	return model.BillRow{Date: day(date), PackageID: pkg, BillType: t, Amount: dec(amount),
		Quantity: qty(q), Unit: unit, EnterpriseProject: project, HasProject: hasProject, Currency: "USD"}
}

// asExported turns expected bills into an export with the same rows, with quantities
// when withQty, and the project column when withProject.
func asExported(bills []amortize.Bill, withQty, withProject bool) []model.BillRow {
	out := make([]model.BillRow, 0, len(bills))
	for _, b := range bills {
		r := model.BillRow{Date: b.Date, PackageID: b.PackageID, BillType: b.Type, Amount: b.Amount,
			HasProject: withProject, Currency: b.Currency}
		if withQty {
			r.Quantity, r.Unit = b.Quantity, b.Unit
		}
		if withProject {
			r.EnterpriseProject = b.EnterpriseProject
		}
		out = append(out, r)
	}
	return out
}

func pkg(id, status, used, remaining string) model.Package {
	return model.Package{ID: id, Product: "OBS", Unit: "GB", Capacity: dec("100"), Currency: "USD",
		Status: status, Used: qty(used), Remaining: qty(remaining)}
}

func overviewRow(id, status, used string) replay.OverviewRow {
	return replay.OverviewRow{PackageID: id, Product: "OBS", Status: status, Capacity: dec("100"),
		Used: dec(used), Remaining: dec("100").Sub(dec(used)), Unit: "GB"}
}

// codes lists the codes of res's differences, in order.
func codes(res Result) []string {
	var c []string
	for _, d := range res.Differences() {
		c = append(c, d.Code)
	}
	return c
}

// result is what a Result shows: its fields and every difference, made.
type result struct {
	Result
	Differences []Difference
}

// shown is what r shows.
func shown(r Result) result {
	d := r.Differences()
	r.found, r.c = nil, nil
	return result{r, d}
}

// checkInvariants asserts the package doc's invariants on any result.
func checkInvariants(t *testing.T, res Result) {
	t.Helper()
	n := 0
	for i, p := range res.Packages {
		if i > 0 && res.Packages[i-1].PackageID >= p.PackageID {
			t.Errorf("packages not sorted by id: %q then %q", res.Packages[i-1].PackageID, p.PackageID)
		}
		if p.First != n && p.Differences > 0 {
			t.Errorf("%q's differences start at %d, after %d", p.PackageID, p.First, n)
		}
		for i := range p.Differences {
			if d := res.Difference(p.First + i); d.PackageID != p.PackageID {
				t.Errorf("difference of %q filed under %q", d.PackageID, p.PackageID)
			}
		}
		n += p.Differences
	}
	if n != res.NumDifferences() {
		t.Errorf("%d differences filed under packages, %d in all", n, res.NumDifferences())
	}
	if res.PackagesChecked != len(res.Packages) {
		t.Errorf("packages_checked %d, %d packages", res.PackagesChecked, len(res.Packages))
	}
	all := res.Differences()
	for i := 1; i < len(all); i++ {
		a, b := all[i-1], all[i]
		if compareDifferences(&a, &b) > 0 {
			t.Errorf("differences out of order: %+v before %+v", a, b)
		}
	}
}
