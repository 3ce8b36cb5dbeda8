package replay

import (
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/model"
)

// EligibleAmong agrees with Diagnose on random scenarios: a package is listed exactly
// when Diagnose reports nothing or only EXHAUSTED, with the period the time rule picks,
// every package a record was deducted from is listed with the period it used, and those
// come in the order the replay took them.
func TestEligibleAmongAgreesWithDiagnose(t *testing.T) {
	for seed := int64(0); seed < 600; seed++ {
		rng := rand.New(rand.NewSource(seed))
		pkgs, recs := scenario(rng, 8, 40, seed%5 == 0)
		l := run(t, pkgs, recs)
		all := make([]int, len(l.Packages))
		for i := range all {
			all[i] = i
		}
		for ri := range l.Records {
			got := map[int]int{}
			elig := l.EligibleAmong(ri, all, nil)
			for _, e := range elig {
				got[e.Package] = e.Period
			}
			// The packages the record took from, in the order it took them, come in that
			// order in the list (the replay's deduction order).
			var took, listed []int
			for e := range l.Records[ri].Entries() {
				if p := int(l.Entries[e].Package); p >= 0 {
					took = append(took, p)
				}
			}
			for _, e := range elig {
				if slices.Contains(took, e.Package) {
					listed = append(listed, e.Package)
				}
			}
			if !slices.Equal(took, listed) {
				t.Fatalf("seed %d: %s took from %v, listed in the order %v", seed, l.Records[ri].Rec.ID, took, listed)
			}
			for pi := range l.Packages {
				fs := l.Diagnose(pi, ri)
				want := len(fs) == 0 || codes(fs) == CodeExhausted
				if _, ok := got[pi]; ok != want {
					t.Fatalf("seed %d: %s/%s: eligible %v, Diagnose %q", seed, l.Packages[pi].Pkg.ID,
						l.Records[ri].Rec.ID, ok, codes(fs))
				}
			}
			for e := range l.Records[ri].Entries() {
				en := l.Entries[e]
				if en.Package < 0 {
					continue
				}
				if k, ok := got[int(en.Package)]; !ok || k != int(en.Period) {
					t.Fatalf("seed %d: %s took %s in period %d; EligibleAmong says %d (%v)", seed,
						l.Packages[en.Package].Pkg.ID, l.Records[ri].Rec.ID, en.Period, k, ok)
				}
			}
		}
	}
}

// Only the packages given are listed, in the deduction order: d ends first; a and b end
// together and take effect together, so a comes before b by id; c is not effective yet.
func TestEligibleAmongInDeductionOrder(t *testing.T) {
	l := run(t, []model.Package{pkg("a", "2024-01-01", "2024-02-01", "10"), pkg("b", "2024-01-01", "2024-02-01", "10"),
		pkg("c", "2024-03-01", "2024-04-01", "10"), pkg("d", "2024-01-01", "2024-01-15", "10")},
		[]model.Record{rec("r1", "2024-01-02 10:00", "2024-01-02 11:00", "50")})
	var ids []string
	for _, e := range l.EligibleAmong(0, []int{2, 1, 0, 3}, nil) {
		ids = append(ids, l.Packages[e.Package].Pkg.ID)
	}
	if got := strings.Join(ids, " "); got != "d a b" {
		t.Fatalf("got %s, want d a b", got)
	}
	// The replay took them in that order.
	if got := deductedFrom(l, 0); got != "d:10,a:10,b:10,-:20" {
		t.Fatalf("replay: %s", got)
	}
	if got := l.EligibleAmong(0, []int{0}, nil); len(got) != 1 || got[0].Package != 0 {
		t.Fatalf("got %+v, want only a", got)
	}
}

// A period is cut short when an upgrade or a destruction ends it before its reset
// boundary (or its expiration); one that ends exactly at the upgrade is complete.
func TestCutShort(t *testing.T) {
	monthly := func(id, from, to string) model.Package {
		p := pkg(id, from, to, "10")
		p.ResetCycle, p.ResetAnchor = model.ResetMonth, model.ResetAnchor{Kind: model.AnchorNatural}
		return p
	}
	up := func(id, orig, from string) model.Package {
		p := pkg(id, from, "2024-12-31", "20")
		p.OrderType, p.OriginalID = model.OrderUpgrade, orig
		return p
	}
	destroyed := pkg("D", "2024-01-01", "2024-03-01", "10")
	destroyed.Destroyed = at("2024-02-10")
	l := run(t, []model.Package{
		monthly("M1", "2024-01-01", "2024-12-31"), up("M1U", "M1", "2024-03-01"), // at a boundary
		monthly("M2", "2024-01-01", "2024-12-31"), up("M2U", "M2", "2024-03-15"), // inside March
		pkg("N", "2024-01-01", "2024-06-01", "10"), up("NU", "N", "2024-04-01"), // not resettable
		destroyed, monthly("F", "2024-01-15", "2024-03-15"),
	}, nil)
	for _, tt := range []struct {
		id   string
		k    int
		want bool
	}{{"M1", 1, false}, {"M2", 1, false}, {"M2", 2, true}, {"N", 0, true}, {"D", 0, true}, {"F", 0, false}, {"F", 2, false}, {"NU", 0, false}} {
		pi := l.Package(tt.id)
		if got := l.CutShort(pi, tt.k); got != tt.want {
			t.Errorf("%s period %d (%v): cut short %v, want %v", tt.id, tt.k, l.Packages[pi].Periods[tt.k], got, tt.want)
		}
	}
	if n := len(l.Packages[l.Package("M1")].Periods); n != 2 {
		t.Fatalf("M1 has %d periods, want January and February", n)
	}
}
