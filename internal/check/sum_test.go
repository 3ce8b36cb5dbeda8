package check

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/model"
)

// manyBills is n expected bills of 40 packages, day after day as the walk gives them,
// with quantities and two projects.
func manyBills(n int) []amortize.Bill {
	bills := make([]amortize.Bill, 0, n)
	for i := range n {
		d := time.Date(2024, 1, 1, 0, 0, 0, 0, day("2024-01-01").Location()).AddDate(0, 0, i/40)
		project := []string{"web", "api"}[i%2]
		bills = append(bills, bill(fmt.Sprintf("P%02d", i%40), d.Format(time.DateOnly), used, fmt.Sprintf("%d.%02d", i%7, i%100), fmt.Sprint(i%9+1), project))
	}
	return bills
}

// Expected bills over many batches of the summing are summed as they come: an export of
// the same rows but one dropped from each batch and one changed has those differences
// and no other.
func TestSumExpectedAcrossBatches(t *testing.T) {
	bills := manyBills(3*sumBatch + 17)
	exported := asExported(bills, true, true)
	var keep []int
	for i := range exported {
		if i%sumBatch != 5 {
			keep = append(keep, i)
		}
	}
	exported[sumBatch+9].Amount = exported[sumBatch+9].Amount.Add(dec("0.50"))
	var rows []model.BillRow
	for _, i := range keep {
		rows = append(rows, exported[i])
	}
	res := Compare(bills, nil, rows, nil, nil, defaultOpt)
	checkInvariants(t, res)
	got := map[string]int{}
	for _, d := range res.Differences() {
		got[d.Code]++
	}
	if len(res.Differences()) != 5 || got[CodeMissing] != 4 || got[CodeAmount] != 1 {
		t.Fatalf("differences %v, want 4 %s and 1 %s", codes(res), CodeMissing, CodeAmount)
	}
}

// A panic of the walk, or of the summing, is raised again by sumExpected (as the bug it
// is) instead of leaving either goroutine waiting for the other.
func TestSumExpectedPanics(t *testing.T) {
	bills := manyBills(4 * sumBatch)
	walkPanics := func(yield func(*amortize.Bill, amortize.Exact) bool) {
		for i := range bills {
			if i == 2*sumBatch+3 {
				panic("the walk broke")
			}
			if !yield(&bills[i], amortize.Exact{}) {
				return
			}
		}
	}
	each := func(yield func(*amortize.Bill, amortize.Exact) bool) {
		for i := range bills {
			if !yield(&bills[i], amortize.Exact{}) {
				return
			}
		}
	}
	broken := newComparer(nil, defaultOpt)
	broken.byProject, broken.projectIDs = true, nil // the summing's first bill writes to a nil map
	for _, tc := range []struct {
		name string
		c    *comparer
		walk func(func(*amortize.Bill, amortize.Exact) bool)
		want string
	}{
		{"walk", newComparer(nil, defaultOpt), walkPanics, "the walk broke"},
		{"summing", broken, each, "nil map"},
	} {
		done := make(chan any)
		go func() {
			defer func() { done <- recover() }()
			tc.c.sumExpected(tc.walk)
		}()
		select {
		case p := <-done:
			if p == nil || !strings.Contains(fmt.Sprint(p), tc.want) {
				t.Errorf("%s: panic %v, want one saying %q", tc.name, p, tc.want)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("%s: sumExpected still running after its %s panicked", tc.name, tc.name)
		}
	}
}
