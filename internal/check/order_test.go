package check

import (
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"testing"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// A result's differences, made one at a time from what was found, are those of making
// every difference at once and sorting them all (stably, in the order found: bill-level
// ones by key, then totals, then packages), on random exports: projects whose order as
// written is not their normalized order, package-level differences of packages with
// and without bill rows, repeated package ids, unknown packages, dates off midnight.
func TestOrderAgainstSortingAll(t *testing.T) {
	projects := []string{"", "web", "Web", "api", "B-x", "a", " api", "API"}
	types := []model.BillType{used, unused, purchase}
	for seed := int64(1); seed <= 300; seed++ {
		r := rand.New(rand.NewSource(seed))
		withProject, withQty := r.Intn(2) == 0, r.Intn(2) == 0
		n := 1 + r.Intn(12)
		id := func() string { return fmt.Sprintf("P%d", r.Intn(n+2)) } // P(n), P(n+1): in no packages file
		var pkgs []model.Package
		var ov []replay.OverviewRow
		var totals []amortize.Total
		for i := range n {
			p := fmt.Sprintf("P%d", i)
			pkgs = append(pkgs, pkg(p, []string{"", "Expired", "Active", "odd"}[r.Intn(4)], []string{"", "0", "3"}[r.Intn(3)], ""))
			if r.Intn(5) == 0 {
				pkgs = append(pkgs, pkg(p, "Expired", "7", "")) // repeated
			}
			ov = append(ov, overviewRow(p, replay.StatusActive, "0"))
			totals = append(totals, amortize.Total{PackageID: p, Method: model.MethodUsage, Amortizable: dec("5.00"),
				Currency: "USD", Ended: r.Intn(2) == 0})
		}
		var bills []amortize.Bill
		for range r.Intn(40) {
			b := bill(id(), fmt.Sprintf("2024-01-%02d", 1+r.Intn(4)), types[r.Intn(3)], fmt.Sprintf("%d.00", r.Intn(3)),
				[]string{"", "1", "2"}[r.Intn(3)], projects[r.Intn(len(projects))])
			bills = append(bills, b)
		}
		rows := asExported(bills, withQty, withProject)
		for i := range rows {
			if r.Intn(3) == 0 {
				rows[i].Amount = rows[i].Amount.Add(dec("0.50"))
			}
			if withProject && r.Intn(4) == 0 {
				rows[i].EnterpriseProject = projects[r.Intn(len(projects))]
			}
			if r.Intn(6) == 0 {
				rows[i].Date = rows[i].Date.Add(13 * 3600e9) // off midnight
			}
		}
		rows = slices.DeleteFunc(rows, func(model.BillRow) bool { return r.Intn(5) == 0 })
		for range r.Intn(4) {
			rows = append(rows, row(id(), fmt.Sprintf("2024-01-%02d", 1+r.Intn(4)), types[r.Intn(3)], "1.00", "1", "GB",
				projects[r.Intn(len(projects))], withProject))
		}
		r.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })

		res := Compare(bills, totals, rows, ov, pkgs, defaultOpt)
		checkInvariants(t, res)
		if !reflect.DeepEqual(res.Differences(), sortingAll(bills, totals, rows, ov, pkgs)) {
			t.Fatalf("seed %d: the differences made one at a time:\n%+v\nsorting them all:\n%+v", seed,
				res.Differences(), sortingAll(bills, totals, rows, ov, pkgs))
		}
	}
}

// sortingAll is every difference of a comparison made at once, then sorted.
func sortingAll(bills []amortize.Bill, totals []amortize.Total, exported []model.BillRow,
	overview []replay.OverviewRow, pkgs []model.Package) []Difference {
	x := NewExport(pkgs, Window{}, defaultOpt, 0)
	for i := range exported {
		x.Add(&exported[i])
	}
	c := x.c
	var all []Difference
	for _, f := range c.bills(func(yield func(*amortize.Bill, amortize.Exact) bool) {
		for i := range bills {
			if !yield(&bills[i], amortize.Exact{}) {
				return
			}
		}
	}) {
		all = append(all, c.difference(f, true))
	}
	c.pkgLevel = append(c.totals(totals), c.packages(overview, c.pkgList)...)
	all = append(all, c.pkgLevel...)
	slices.SortStableFunc(all, func(a, b Difference) int { return compareDifferences(&a, &b) })
	if len(all) == 0 {
		return []Difference{}
	}
	return all
}
