package amortize

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestBillsInOrder: on random scenarios (resets, upgrades, destructions, projects and
// tags, provisional rows) the bills come out sorted by CompareBills, the order rules.md
// §3.6 defines; the property test checks that shuffling packages and records changes no
// row.
func TestBillsInOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 17))
	rows := 0
	for iter := 0; iter < 200; iter++ {
		var asOf time.Time
		if r.IntN(2) == 0 {
			asOf = randTime(r, year, 600)
		}
		res := amortize(t, randPackages(r), randRecords(r), asOf)
		rows += len(res.Bills)
		for i := 1; i < len(res.Bills); i++ {
			if CompareBills(&res.Bills[i-1], &res.Bills[i]) > 0 {
				t.Fatalf("iter %d: row %d out of order:\n%s\n%s", iter, i, line(res.Bills[i-1]), line(res.Bills[i]))
			}
		}
	}
	if rows < 1000 {
		t.Fatalf("only %d rows over the scenarios", rows)
	}
	res := obsAndLinear(t)
	b := slices.Clone(res.Bills)
	slices.Reverse(b)
	if slices.IsSortedFunc(b, func(x, y Bill) int { return CompareBills(&x, &y) }) {
		t.Fatal("CompareBills orders the rows reversed too: it compares nothing")
	}
}
