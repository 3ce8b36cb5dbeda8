package explain

import (
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// EXHAUSTED names when the capacity ran out and which records used it; a partially
// deducted record gets it too, with its deduction listed.
func TestExhausted(t *testing.T) {
	l := ledger(t, []model.Package{pkg("P", "2025-02-01", validity, "5")}, []model.Record{
		rec("r1", "2025-02-10 10:00", "2025-02-10 11:00", "3"),
		rec("r2", "2025-02-11 10:00", "2025-02-11 11:00", "3"),
		rec("r3", "2025-02-15 10:00", "2025-02-15 11:00", "4"),
	})
	es := explainAll(t, l)
	r2, r3 := es["r2"], es["r3"]
	if r2.Outcome != replay.OutcomePartial || r2.Primary.Code != replay.CodeExhausted ||
		len(r2.Deductions) != 1 || !r2.Deductions[0].Quantity.Dec().Equal(dec("2")) || !r2.PayPerUse.Dec().Equal(dec("1")) {
		t.Errorf("r2: %s %s %+v", r2.Outcome, r2.Primary.Code, r2.Deductions)
	}
	want := "the package ran out of its 5 GB at 2025-02-11 11:00:00 (first used by r1, r2)"
	if r3.Primary.Code != replay.CodeExhausted || r3.Primary.Message != want {
		t.Errorf("r3: %s %q", r3.Primary.Code, r3.Primary.Message)
	}
	if want := "P ran out at 2025-02-11 11:00:00 (first used by r1, r2): add capacity or buy another package"; r3.Suggestion != want {
		t.Errorf("r3 suggestion %q", r3.Suggestion)
	}
	res, _ := Explain(l, Selection{All: true})
	if len(res.Summary) != 1 {
		t.Fatalf("summary %+v", res.Summary)
	}
	s := res.Summary[0]
	if s.Code != replay.CodeExhausted || s.Records != 2 || !s.Quantity.Equal(dec("5")) || s.Unit != "GB" ||
		!s.Cost.Valid || s.Cost.Decimal.String() != "0.6" || s.Currency != "USD" {
		t.Errorf("summary %+v", s)
	}
}

// The closest package decides the primary reason (rules.md §2.6).
func TestPrimaryReason(t *testing.T) {
	r := rec("x", "2025-02-15 10:00", "2025-02-15 11:00", "4")
	south := func(id, to string) model.Package {
		p := pkg(id, "2025-02-01", to, "100")
		p.Region = "cn-south-1"
		return p
	}
	cases := []struct {
		name, wantCode, wantPkg string
		pkgs                    []model.Package
		recs                    []model.Record
	}{
		{"ran out beats another region", replay.CodeExhausted, "B-NORTH",
			[]model.Package{south("A-SOUTH", validity), pkg("B-NORTH", "2025-02-01", validity, "1")},
			[]model.Record{rec("early", "2025-02-02 10:00", "2025-02-02 11:00", "1")}},
		{"fewest checks wins", replay.CodeBillingItem, "A",
			[]model.Package{withItems(pkg("A", "2025-02-01", validity, "100")),
				daily(pkg("B", "2025-02-15 10:30", "2025-02-15 10:45", "100"))}, nil},
		{"tie: latest first check", replay.CodeRegion, "B",
			[]model.Package{withItems(south("A", validity)), withProject(south("B", validity))}, nil},
		{"tie: earlier end", replay.CodeRegion, "B",
			[]model.Package{south("A", validity), south("B", "2025-02-20")}, nil},
		{"tie: a given order time before a blank one", replay.CodeRegion, "B",
			[]model.Package{south("A", validity), orderedAt(south("B", validity), "2025-01-20 10:00")}, nil},
		{"tie: earlier order time", replay.CodeRegion, "B",
			[]model.Package{orderedAt(south("A", validity), "2025-01-21 10:00"), orderedAt(south("B", validity), "2025-01-20 10:00")}, nil},
		{"tie: package id", replay.CodeRegion, "A",
			[]model.Package{south("B", validity), south("A", validity)}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := explainAll(t, ledger(t, c.pkgs, append(c.recs, r)))["x"]
			if e.Primary.Code != c.wantCode || e.Primary.PackageID != c.wantPkg {
				var got []string
				for _, pc := range e.Packages {
					got = append(got, pc.PackageID+"="+codesOf(pc.Failures))
				}
				t.Errorf("primary %s of %s, want %s of %s; packages %s", e.Primary.Code,
					e.Primary.PackageID, c.wantCode, c.wantPkg, strings.Join(got, " "))
			}
			if len(e.Packages) != len(c.pkgs) {
				t.Errorf("%d packages listed, want every one of the product (%d)", len(e.Packages), len(c.pkgs))
			}
		})
	}
}

func orderedAt(p model.Package, t string) model.Package {
	p.OrderTime = at(t)
	return p
}

func withItems(p model.Package) model.Package {
	p.DeductibleItems = []string{"Requests"}
	return p
}

func withProject(p model.Package) model.Package {
	p.EnterpriseProject = "finance"
	return p
}
