package replay

import (
	"math/rand"
	"testing"

	"github.com/pkgctl/pkgctl/internal/model"
)

// EligibleAmong agrees with Diagnose on random scenarios: a package is listed exactly
// when Diagnose reports nothing or only EXHAUSTED, with the period the time rule picks,
// and every package a record was deducted from is listed with the period it used.
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
			for _, e := range l.EligibleAmong(ri, all, nil) {
				got[e.Package] = e.Period
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

// The packages are listed in the order given, and only those given.
func TestEligibleAmongKeepsTheOrderGiven(t *testing.T) {
	l := run(t, []model.Package{pkg("a", "2024-01-01", "2024-02-01", "10"), pkg("b", "2024-01-01", "2024-02-01", "10"),
		pkg("c", "2024-03-01", "2024-04-01", "10")}, []model.Record{rec("r1", "2024-01-02 10:00", "2024-01-02 11:00", "30")})
	got := l.EligibleAmong(0, []int{2, 1, 0}, nil)
	if len(got) != 2 || got[0].Package != 1 || got[1].Package != 0 {
		t.Fatalf("got %+v, want b then a (c is not yet effective)", got)
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
