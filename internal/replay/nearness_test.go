package replay

import (
	"cmp"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
)

// rankOfCode is the place of a code among the checks (the three validity ends
// share one).
var rankOfCode = map[string]int{CodeBillingItem: 0, CodeSpecification: 1, CodeRegion: 2,
	CodeEnterpriseProject: 3, CodeUnit: 4, CodeNotYetEffective: 5, CodeExpired: 6, CodeDestroyed: 6,
	CodeSuperseded: 6, CodeCrossesResetPeriod: 7, CodeExhausted: 8}

// bruteRank ranks every package of the record's product the slow way: Diagnose each,
// sort by the closest-package order written out from the rules, list the packages deducted
// from and the n closest others, count the rest by first failing code.
func bruteRank(l *Ledger, rec, n int) (listed []string, others map[string]int) {
	type pc struct {
		p  int
		fs []Failure
	}
	var all []pc
	for _, p := range l.PackagesOfProduct(l.Records[rec].Rec.Product) {
		all = append(all, pc{p, l.Diagnose(p, rec)})
	}
	slices.SortFunc(all, func(a, b pc) int {
		if c := cmp.Compare(len(a.fs), len(b.fs)); c != 0 {
			return c
		}
		if len(a.fs) > 0 {
			if c := cmp.Compare(rankOfCode[b.fs[0].Code], rankOfCode[a.fs[0].Code]); c != 0 {
				return c
			}
		}
		pa, pb := &l.Packages[a.p], &l.Packages[b.p]
		for _, c := range []int{pa.End.Compare(pb.End), pa.Pkg.Effective.Compare(pb.Pkg.Effective),
			pa.Pkg.OrderTime.Compare(pb.Pkg.OrderTime)} {
			if c != 0 {
				return c
			}
		}
		return strings.Compare(pa.Pkg.ID, pb.Pkg.ID)
	})
	ded := map[int]bool{}
	for e := range l.Records[rec].Entries() {
		if p := l.Entries[e].Package; p >= 0 {
			ded[int(p)] = true
		}
	}
	others = map[string]int{}
	for _, x := range all {
		code := ""
		if len(x.fs) > 0 {
			code = x.fs[0].Code
		}
		switch {
		case ded[x.p]:
			listed = append(listed, l.Packages[x.p].Pkg.ID+"*="+codes(x.fs))
		case n < 0 || n > 0:
			listed = append(listed, l.Packages[x.p].Pkg.ID+"="+codes(x.fs))
			n--
		default:
			others[code]++
		}
	}
	return listed, others
}

// rankStrings renders a Ranking as bruteRank does.
func rankStrings(l *Ledger, rec int, rk *Ranking) (listed []string, others map[string]int) {
	for _, r := range rk.Listed {
		mark := ""
		if r.Deducted {
			mark = "*"
		}
		listed = append(listed, l.Packages[r.Package].Pkg.ID+mark+"="+codes(l.Failures(r.Package, rec, r.Checks)))
	}
	others = map[string]int{}
	for i, k := range rk.Others {
		if k != 0 {
			others[OtherCodes[i]] = k
		}
	}
	return listed, others
}

func checkRank(t *testing.T, what string, l *Ledger) {
	t.Helper()
	nx := l.Nearness()
	var rk Ranking
	for ri := range l.Records {
		for _, n := range []int{0, 1, 2, 3, 7, -1} {
			nx.Rank(ri, n, &rk)
			gotL, gotO := rankStrings(l, ri, &rk)
			wantL, wantO := bruteRank(l, ri, n)
			if !slices.Equal(gotL, wantL) || fmt.Sprint(gotO) != fmt.Sprint(wantO) {
				t.Fatalf("%s: record %s, n=%d:\nlisted %v\nwant   %v\nothers %v\nwant   %v", what,
					l.Records[ri].Rec.ID, n, gotL, wantL, gotO, wantO)
			}
			if rk.Packages != len(l.PackagesOfProduct(l.Records[ri].Rec.Product)) {
				t.Fatalf("%s: record %s: %d packages of the product, want %d", what, l.Records[ri].Rec.ID,
					rk.Packages, len(l.PackagesOfProduct(l.Records[ri].Rec.Product)))
			}
			for _, r := range rk.Listed {
				if want := l.Checks(r.Package, ri); r.Checks != want {
					t.Fatalf("%s: record %s package %s: checks %b, want %b", what, l.Records[ri].Rec.ID,
						l.Packages[r.Package].Pkg.ID, r.Checks, want)
				}
			}
		}
	}
}

// Rank lists exactly what ranking every package of the product by Diagnose gives, and
// counts the rest exactly, on random scenarios (dense ones put many packages in one
// class) and on scenarios with long records crossing many resets.
func TestRankMatchesEveryPackageDiagnosed(t *testing.T) {
	for seed := int64(0); seed < 800/raceScale; seed++ {
		rng := rand.New(rand.NewSource(seed))
		pkgs, recs := scenario(rng, 8, 30, false)
		if seed%5 == 0 {
			pkgs, recs = scenario(rng, 60, 40, true)
		}
		checkRank(t, fmt.Sprintf("seed %d", seed), run(t, pkgs, recs))
	}
}

// Records spanning days, packages resetting every hour or day with odd anchors,
// packages destroyed or cut at their start.
func TestRankLongRecordsAndOddValidity(t *testing.T) {
	for seed := int64(0); seed < 250/raceScale; seed++ {
		rng := rand.New(rand.NewSource(seed))
		pkgs, recs := scenario(rng, 40, 30, true)
		for i := range pkgs {
			p := &pkgs[i]
			p.EnterpriseProject = []string{"", "", "a"}[rng.Intn(3)]
			switch rng.Intn(6) {
			case 0:
				p.Destroyed = p.Effective // an empty validity
			case 1:
				p.ResetCycle, p.ResetAnchor = model.ResetHour, model.ResetAnchor{Kind: model.AnchorClock, Clock: 17 * time.Minute}
			}
		}
		for i := range recs {
			r := &recs[i]
			r.EnterpriseProject = []string{"", "a", "b"}[rng.Intn(3)]
			if rng.Intn(3) == 0 {
				r.SetTimes(r.Start().Add(-time.Duration(rng.Intn(90))*time.Minute), r.End().Add(time.Duration(rng.Intn(72))*time.Hour),
					r.End().Add(time.Duration(73+rng.Intn(3))*time.Hour))
			}
		}
		checkRank(t, fmt.Sprintf("seed %d", seed), run(t, pkgs, recs))
	}
}

// FormatTime prints what time.Format with TimeLayout prints, in the ledger's zone.
func TestFormatTime(t *testing.T) {
	l := &Ledger{Options: Options{Location: shanghai}}
	r := rand.New(rand.NewSource(1))
	for range 100_000 {
		tm := time.Unix(r.Int63n(1<<36)-1<<35, r.Int63n(2e9))
		if got, want := l.FormatTime(tm), tm.In(shanghai).Format(TimeLayout); got != want {
			t.Fatalf("%v: %s, want %s", tm, got, want)
		}
	}
}

// minTree.first is the first position from j on holding a value at most v.
func TestMinTreeFirst(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for range 2000 {
		vs := make([]int64, r.Intn(40))
		for i := range vs {
			vs[i] = r.Int63n(50)
		}
		tr := newMinTree(vs)
		for j := 0; j <= len(vs)+1; j++ {
			v := r.Int63n(60)
			want := j
			for want < len(vs) && vs[want] > v {
				want++
			}
			want = min(want, len(vs))
			if got := tr.first(j, len(vs), v); got != want {
				t.Fatalf("%v from %d, at most %d: %d, want %d", vs, j, v, got, want)
			}
		}
	}
}

// afterNear finds what after finds, from any hint.
func TestAfterNear(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for range 20000 {
		xs := make([]int64, r.Intn(30))
		for i := range xs {
			xs[i] = r.Int63n(40)
		}
		slices.Sort(xs)
		v, h := r.Int63n(45)-2, r.Intn(len(xs)+3)-1
		if got, want := afterNear(xs, v, h), after(xs, v); got != want {
			t.Fatalf("%v after %d from %d: %d, want %d", xs, v, h, got, want)
		}
	}
}

// Records whose region and project no package names share their class, however many
// different texts they carry (one class a record made why --all on 10,000 such records
// against 10,000 packages take 80 s and 5 GB); the ranking is unchanged.
func TestRankUnknownAttributesShareAClass(t *testing.T) {
	for seed := int64(0); seed < 40/raceScale+1; seed++ {
		rng := rand.New(rand.NewSource(seed))
		pkgs, recs := scenario(rng, 20, 40, false)
		type known struct{ product, item, spec, unit string }
		kinds := map[known]bool{}
		for i := range recs {
			r := &recs[i]
			r.Region, r.EnterpriseProject = fmt.Sprintf("nowhere-%d", i), fmt.Sprintf("nobody-%d", i)
			kinds[known{r.Product, r.BillingItem, r.Specification, r.Unit}] = true
		}
		l := run(t, pkgs, recs)
		checkRank(t, fmt.Sprintf("seed %d", seed), l)
		if n := l.Nearness().nclasses.Load(); n > int64(len(kinds)) {
			t.Fatalf("seed %d: %d classes for %d records of %d kinds", seed, n, len(recs), len(kinds))
		}
	}
}

// Past the classes' budget, a class is made for each record and not kept: the rankings
// are those of kept classes, with or without Prepare.
func TestRankPastTheClassBudget(t *testing.T) {
	defer func(b int64) { classBudget = b }(classBudget)
	reached := 0 // runs whose budget of 2000 was reached with classes kept
	for seed := int64(0); seed < 200/raceScale; seed++ {
		rng := rand.New(rand.NewSource(seed))
		pkgs, recs := scenario(rng, 30, 30, seed%2 == 0)
		classBudget = []int64{0, 2000}[seed%2] // none kept; a few kept, then none
		l := run(t, pkgs, recs)
		if seed%4 < 2 {
			all := make([]int, len(l.Records))
			for i := range all {
				all[i] = i
			}
			l.Nearness().Prepare(all, 2)
		}
		checkRank(t, fmt.Sprintf("seed %d, budget %d", seed, classBudget), l)
		nx := l.Nearness()
		if classBudget == 0 && len(nx.classes) > 0 {
			t.Fatalf("seed %d: %d classes kept past a budget of 0", seed, len(nx.classes))
		}
		if nx.held > classBudget+maxClassBytes(nx) {
			t.Fatalf("seed %d: classes of %d bytes kept, budget %d", seed, nx.held, classBudget)
		}
		if classBudget > 0 && len(nx.classes) > 0 && nx.held >= classBudget {
			reached++
		}
	}
	if reached < 10/raceScale {
		t.Fatalf("the budget was reached with classes kept in %d runs: hardly tried", reached)
	}
}

// maxClassBytes is the largest class nx keeps (the last one kept may pass the budget).
func maxClassBytes(nx *Nearness) int64 {
	var most int64
	for _, c := range nx.classes {
		most = max(most, c.bytes)
	}
	return most
}
