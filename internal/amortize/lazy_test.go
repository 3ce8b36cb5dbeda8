package amortize

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/replay"
)

// Property: a lazy result walks exactly the bills Run holds, whole and in any window
// (twice, the second walk afresh), its Count counts them and its Tally counts and sums
// them as Between and Summarize do, without making them; its TagSets include every
// bill's tags.
func TestLazyWalksTheHeldBills(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	zones := []*time.Location{sh, time.UTC, mustZone("America/New_York")}
	walked, provisional := 0, 0
	for iter := 0; iter < 300; iter++ {
		pkgs, recs := randPackages(r), randRecords(r)
		var asOf time.Time
		if r.IntN(2) == 0 {
			asOf = randTime(r, year, 600)
		}
		loc := zones[r.IntN(len(zones))]
		l, err := replay.Run(pkgs, recs, replay.Options{Location: loc, AsOf: asOf, Precision: 2})
		if err != nil {
			t.Fatal(err)
		}
		cfg := Config{Location: loc, Precision: 2, UsageBasedFrom: DefaultUsageBasedFrom(loc),
			UsageBasedProducts: DefaultUsageBasedProducts, AsOf: asOf}
		held, err1 := Run(l, cfg)
		lazy, err2 := RunLazy(l, cfg)
		if err1 != nil || err2 != nil {
			t.Fatalf("iter %d: %v, %v", iter, err1, err2)
		}
		var from, to time.Time
		if r.IntN(2) == 0 {
			from = randTime(r, year, 400)
		}
		if r.IntN(2) == 0 {
			to = randTime(r, year, 400)
		}
		want := held.Between(from, to)
		walked += len(want)
		for pass := range 2 {
			var got []Bill
			for b := range lazy.Walk(from, to) {
				got = append(got, *b)
			}
			if len(got) != len(want) {
				t.Fatalf("iter %d pass %d: %d bills walked, %d held", iter, pass, len(got), len(want))
			}
			for i := range got {
				if g, w := exactBill(got[i]), exactBill(want[i]); g != w {
					t.Fatalf("iter %d pass %d bill %d:\n  walked %s\n  held   %s", iter, pass, i, g, w)
				}
			}
		}
		tl := lazy.Tally(from, to)
		c, cf := lazy.Count(from, to)
		ch, chf := held.Count(from, to)
		if c != len(want) || ch != len(want) || cf != tl.Final || chf != tl.Final {
			t.Fatalf("iter %d: Count %d (%d final), held %d (%d); want %d (%d)", iter, c, cf, ch, chf, len(want), tl.Final)
		}
		provisional += len(want) - tl.Final
		n, sum := tl.Bills, tl.Summary
		if wantSum := Summarize(want); n != len(want) || !slices.EqualFunc(sum, wantSum, func(a, b SummaryRow) bool {
			return a.Month == b.Month && a.Currency == b.Currency && exactText(a.Used) == exactText(b.Used) &&
				exactText(a.Unused) == exactText(b.Unused) && exactText(a.Linear) == exactText(b.Linear) &&
				exactText(a.Refund) == exactText(b.Refund)
		}) {
			t.Fatalf("iter %d: Tally %d %v, want %d %v", iter, n, sum, len(want), wantSum)
		}
		// the FOCUS rows of both, read in order (twice for the lazy one: a second pass
		// walks again), are the same
		cfgF := focusCfg
		cfgF.From, cfgF.To = from, to
		fh, err1 := NewFocus(held, l, cfgF)
		fl, err2 := NewFocus(lazy, l, cfgF)
		if err1 != nil || err2 != nil {
			t.Fatalf("iter %d: %v, %v", iter, err1, err2)
		}
		if fh.Len() != fl.Len() {
			t.Fatalf("iter %d: %d FOCUS rows, lazy %d", iter, fh.Len(), fl.Len())
		}
		for pass := range 2 {
			for i := range fh.Len() {
				var a, b FocusRow
				fh.Row(i, &a)
				fl.Row(i, &b)
				if fmt.Sprint(a) != fmt.Sprint(b) {
					t.Fatalf("iter %d pass %d FOCUS row %d:\n  held %v\n  lazy %v", iter, pass, i, a, b)
				}
			}
		}
		sets := map[string]bool{}
		for ts := range lazy.TagSets() {
			sets[ts.String()] = true
		}
		for _, b := range want {
			if !sets[b.Tags.String()] {
				t.Fatalf("iter %d: tags %q of a bill are not among TagSets", iter, b.Tags)
			}
		}
	}
	if walked < 10000 || provisional == 0 {
		t.Fatalf("%d bills walked in all, %d provisional: the scenarios hardly amortize", walked, provisional)
	}
}
