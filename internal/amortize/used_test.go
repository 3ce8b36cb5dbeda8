package amortize

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// Amortizing a replay made in parts, with the deductions gathered part by part (Used),
// gives exactly the bills, totals and warnings of amortizing the whole ledger, on random
// packages and records, with and without an as-of, in parts of any size, the packages
// amortized on one to four goroutines.
func TestRunUsedSameAsRunLazy(t *testing.T) {
	defer func(f func() int) { engineParts = f }(engineParts)
	r := rand.New(rand.NewPCG(21, 4))
	usedRows, gathered := 0, 0
	for iter := 0; iter < 300; iter++ {
		pkgs, recs := randPackages(r), randRecords(r)
		for i := range recs { // spellings of one project: a row shows the first met
			if p := recs[i].EnterpriseProject; p != "" && r.IntN(3) == 0 {
				recs[i].EnterpriseProject = []string{strings.ToUpper(p), " " + p}[r.IntN(2)]
			}
		}
		var asOf time.Time
		if r.IntN(2) == 0 {
			asOf = randTime(r, year, 600)
		}
		opt := replay.Options{Location: sh, AsOf: asOf, Precision: 2}
		l, err := replay.Run(pkgs, recs, opt)
		if err != nil {
			t.Fatal(err)
		}
		engineParts = func() int { return 1 }
		want, err := RunLazy(l, cfgAsOf(asOf))
		if err != nil {
			t.Fatal(err)
		}
		engineParts = func() int { return 1 + iter%4 } // the gathered deductions shared by the parts
		s, err := replay.NewSession(pkgs, opt)
		if err != nil {
			t.Fatal(err)
		}
		used := NewUsed(cfgAsOf(asOf))
		st := replay.NewStream(s, 2+r.IntN(20), func(part *replay.Ledger) error { used.Add(part); return nil })
		sorted := slices.Clone(recs) // in deduct order, as a console exports them
		slices.SortStableFunc(sorted, func(a, b model.Record) int { return a.Deduct().Compare(b.Deduct()) })
		if err := st.Add(sorted); err != nil {
			t.Fatal(err)
		}
		end, err := st.Close(true)
		if err != nil {
			t.Fatal(err)
		}
		got, err := RunUsed(end, cfgAsOf(asOf), used)
		if err != nil {
			t.Fatal(err)
		}
		if gb, wb := walked(got), walked(want); !slices.Equal(gb, wb) {
			t.Fatalf("iter %d: bills differ:\n%v\nwant\n%v", iter, gb, wb)
		}
		if gt, wt := totals(got), totals(want); !slices.Equal(gt, wt) {
			t.Fatalf("iter %d: totals differ: %v, want %v", iter, gt, wt)
		}
		if !slices.Equal(got.Warnings, want.Warnings) {
			t.Fatalf("iter %d: warnings %v, want %v", iter, got.Warnings, want.Warnings)
		}
		for b := range want.Walk(time.Time{}, time.Time{}) {
			if b.Type == model.BillUsed {
				usedRows++
			}
		}
		// only the deductions of packages amortized by usage are gathered: Used grows
		// with their used rows, not with every package's deductions
		for _, g := range used.groups {
			if p := end.Packages[g.key.pkg].Pkg; !p.Fee.Valid || Method(p, cfgAsOf(asOf)) != model.MethodUsage {
				t.Fatalf("iter %d: deductions of %s (not amortized by usage) gathered", iter, p.ID)
			}
		}
		gathered += len(used.groups)
	}
	if gathered == 0 {
		t.Fatal("no deductions gathered")
	}
	if usedRows < 1000 {
		t.Fatalf("%d used rows in all: the deductions were hardly tried", usedRows)
	}
}
