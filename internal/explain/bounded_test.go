package explain

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/sample"
)

// A record of a product with many packages lists the package it was deducted from and
// the three closest others; the rest are counted by first failing check, and together
// they are every package of the product.
func TestBoundedListing(t *testing.T) {
	pkgs := []model.Package{pkg("P-USED", "2025-02-01", validity, "1")}
	for i := range 6 { // another region
		p := pkg(fmt.Sprintf("P-SOUTH-%d", i), "2025-02-01", validity, "100")
		p.Region = "cn-south-1"
		pkgs = append(pkgs, p)
	}
	for i := range 4 { // expired before the record
		pkgs = append(pkgs, pkg(fmt.Sprintf("P-OLD-%d", i), "2025-01-01", fmt.Sprintf("2025-01-1%d", i), "100"))
	}
	pkgs = append(pkgs, pkg("P-LATER", "2025-03-01", "2025-04-01", "100")) // not yet effective
	l := ledger(t, pkgs, []model.Record{rec("x", "2025-02-15 10:00", "2025-02-15 11:00", "4")})
	e := explainAll(t, l)["x"]
	var got []string
	for _, pc := range e.Packages {
		got = append(got, pc.PackageID+"="+codesOf(pc.Failures))
	}
	// P-USED took 1 GB and ran out; then one failing check each, the later check first:
	// expired (earliest end first), then not yet effective.
	want := []string{"P-USED=EXHAUSTED", "P-OLD-0=EXPIRED", "P-OLD-1=EXPIRED", "P-OLD-2=EXPIRED"}
	if !slices.Equal(got, want) || !e.Packages[0].Deducted || e.Packages[1].Deducted {
		t.Errorf("listed %v, want %v", got, want)
	}
	wantOthers := []OtherCount{{replay.CodeRegion, 6, 2}, {replay.CodeNotYetEffective, 1, 5}, {replay.CodeExpired, 1, 6}}
	if !slices.Equal(e.Others, wantOthers) || len(e.Packages)+e.OtherPackages() != len(pkgs) {
		t.Errorf("others %v, want %v", e.Others, wantOthers)
	}
	if txt := OthersText(&e); txt != "8 other packages of product CDN: 6 region differs, 1 not yet effective, 1 expired" {
		t.Errorf("others text %q", txt)
	}
	if e.Primary.Code != replay.CodeExhausted || e.Primary.PackageID != "P-USED" {
		t.Errorf("primary %+v", e.Primary)
	}
	var b strings.Builder
	if err := WriteText(&b, l, &e); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "    EXPIRED: consumption starts 2025-02-15 10:00:00, after the package expired at 2025-01-12 00:00:00\n"+
		"  8 other packages of product CDN: 6 region differs, 1 not yet effective, 1 expired\n\nPrimary reason: EXHAUSTED") {
		t.Errorf("text:\n%s", b.String())
	}
}

// generated is a ledger of the sample generator's data: many packages per product,
// records of every outcome.
func generated(t testing.TB, packages, records int) *replay.Ledger {
	t.Helper()
	var pb, ub bytes.Buffer
	if err := sample.Generate(sample.GenOptions{Packages: packages, Records: records, Seed: 7}, &pb, &ub); err != nil {
		t.Fatal(err)
	}
	opt := load.Options{Location: shanghai}
	pkgs, _, err := load.Packages("packages.csv", &pb, opt)
	if err != nil {
		t.Fatal(err)
	}
	recs, _, err := load.Usage("usage.csv", &ub, opt)
	if err != nil {
		t.Fatal(err)
	}
	return ledger(t, pkgs, recs)
}

// How many packages are listed changes nothing else: the primary reason, its message
// and the suggestion are those of listing every package; the listed packages are the
// first of the full listing (plus those deducted from); listed and counted packages
// are every package of the product.
func TestCandidatesChangeOnlyTheListing(t *testing.T) {
	l := generated(t, 300, 3000)
	all := NewExplainer(l, AllCandidates)
	for _, n := range []int{1, DefaultCandidates, 10} {
		x := NewExplainer(l, n)
		for i := range l.Records {
			e, full := x.Explain(i), all.Explain(i)
			if e.Primary.Code != full.Primary.Code || e.Primary.Message != full.Primary.Message ||
				e.Primary.PackageID != full.Primary.PackageID {
				t.Fatalf("n=%d record %s: primary %+v, all: %+v", n, e.Rec.ID, e.Primary, full.Primary)
			}
			if e.Suggestion != full.Suggestion {
				t.Fatalf("n=%d record %s: suggestion %q, all: %q", n, e.Rec.ID, e.Suggestion, full.Suggestion)
			}
			if len(e.Packages)+e.OtherPackages() != len(full.Packages) || len(full.Others) != 0 {
				t.Fatalf("n=%d record %s: %d listed + %d others, %d packages", n, e.Rec.ID, len(e.Packages),
					e.OtherPackages(), len(full.Packages))
			}
			others, ded := 0, 0
			for _, pc := range e.Packages {
				if !pc.Deducted {
					others++
				} else {
					ded++
				}
			}
			if ded != len(e.Deductions) || others != min(n, len(full.Packages)-ded) {
				t.Fatalf("n=%d record %s: %d listed besides those deducted from", n, e.Rec.ID, others)
			}
			j := 0
			for _, pc := range full.Packages {
				if j < len(e.Packages) && pc.PackageID == e.Packages[j].PackageID {
					if codesOf(pc.Failures) != codesOf(e.Packages[j].Failures) {
						t.Fatalf("n=%d record %s %s: %s, all: %s", n, e.Rec.ID, pc.PackageID,
							codesOf(e.Packages[j].Failures), codesOf(pc.Failures))
					}
					j++
				} else if pc.Deducted {
					t.Fatalf("n=%d record %s: %s deducted from but not listed in order", n, e.Rec.ID, pc.PackageID)
				}
			}
			if j != len(e.Packages) {
				t.Fatalf("n=%d record %s: listed packages are not the closest of the full listing", n, e.Rec.ID)
			}
		}
	}
}

// The tally counts each place once, whatever the order and however often explanations
// are added, and gives Summarize's rows (a row's unit as written on its first record).
func TestTallyOrderAndRepeats(t *testing.T) {
	l := generated(t, 200, 4000)
	x := NewExplainer(l, 1)
	recs, err := x.Select(Selection{All: true}, 0)
	if err != nil {
		t.Fatal(err)
	}
	es := make([]Explanation, len(recs))
	for k, i := range recs {
		es[k] = x.Explain(i)
		if k%7 == 0 { // a unit spelled otherwise on some records: the first spelling wins
			es[k].Rec = &model.Record{RecordAttrs: &model.RecordAttrs{Unit: strings.ToLower(es[k].Rec.Unit),
				Currency: es[k].Rec.Currency}}
		}
	}
	want := Summarize(es)
	tl := NewTally(len(es))
	order := rand.New(rand.NewPCG(1, 2)).Perm(len(es))
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for _, k := range order[w*len(order)/4 : (w+1)*len(order)/4] {
				tl.Add(k, &es[k])
				tl.Add(order[len(order)-1-k], &es[order[len(order)-1-k]]) // again, elsewhere
			}
		})
	}
	wg.Wait()
	if m := tl.Missing(); len(m) != 0 {
		t.Fatalf("missing %v", m)
	}
	if got := tl.Rows(); fmt.Sprint(got) != fmt.Sprint(want) || len(want) < 3 {
		t.Errorf("tally\n%v\nwant\n%v", got, want)
	}
	if m := NewTally(3).Missing(); !slices.Equal(m, []int{0, 1, 2}) {
		t.Errorf("empty tally misses %v", m)
	}
}
