package amortize

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// The packages amortized on several goroutines (upgrade chains kept together) give
// exactly the bills, totals and warnings of one goroutine, on random packages (upgrades
// of upgrades included) and records, with and without an as-of, in any number of parts.
func TestPartsSameAsOne(t *testing.T) {
	defer func(f func() int) { engineParts = f }(engineParts)
	r := rand.New(rand.NewPCG(7, 11))
	split, chained := 0, 0
	for iter := 0; iter < 300; iter++ {
		l, asOf := randLedger(t, r)
		engineParts = func() int { return 1 }
		want, err := RunLazy(l, cfgAsOf(asOf))
		if err != nil {
			t.Fatal(err)
		}
		wb, wt := walked(want), totals(want)
		from := randTime(r, year, 400)
		windows := [][2]time.Time{{}, {from, from.AddDate(0, 0, r.IntN(90))}} // every bill, some days
		var wantTally []string                                                // from the walked bills, summed one by one
		for _, w := range windows {
			wantTally = append(wantTally, talliedByWalk(want, w[0], w[1]))
		}
		for _, n := range []int{1, 2, 3, 8} {
			engineParts = func() int { return n }
			if ps := newEngine(l, cfgAsOf(asOf)).parts(n); len(ps) > 1 {
				split++
				for _, p := range ps {
					if len(p.order) > 1 && hasUpgrade(l, p.order) {
						chained++
					}
				}
			}
			got, err := RunLazy(l, cfgAsOf(asOf))
			if err != nil {
				t.Fatal(err)
			}
			if gb := walked(got); !slices.Equal(gb, wb) {
				t.Fatalf("iter %d, %d parts: bills differ:\n%v\nwant\n%v", iter, n, gb, wb)
			}
			if gt := totals(got); !slices.Equal(gt, wt) {
				t.Fatalf("iter %d, %d parts: totals %v, want %v", iter, n, gt, wt)
			}
			if !slices.Equal(got.Warnings, want.Warnings) {
				t.Fatalf("iter %d, %d parts: warnings %v, want %v", iter, n, got.Warnings, want.Warnings)
			}
			// The tally, counted and summed in n parts (one included), is that of the
			// bills walked, exponents included.
			for k, w := range windows {
				if g := tallied(got, w[0], w[1]); g != wantTally[k] {
					t.Fatalf("iter %d, %d parts, days %v: tally\n%s\nwant\n%s", iter, n, w, g, wantTally[k])
				}
			}
		}
	}
	if split < 300 || chained < 50 {
		t.Fatalf("%d runs split, %d parts with an upgrade chain: the parts were hardly tried", split, chained)
	}
}

// Every upgrade is in the part of its original.
func TestPartsKeepChains(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for iter := 0; iter < 200; iter++ {
		l, err := replay.Run(randPackages(r), nil, replay.Options{Location: sh, Precision: 2})
		if err != nil {
			t.Fatal(err)
		}
		e := newEngine(l, cfgAsOf(time.Time{}))
		partOf := map[int]int{}
		n := 0
		for k, p := range e.parts(1 + r.IntN(4)) {
			if !slices.IsSorted(p.pos) {
				t.Fatalf("iter %d: part %d out of order: %v", iter, k, p.pos)
			}
			for _, i := range p.order {
				partOf[i] = k
				n++
			}
		}
		if n != len(l.Packages) {
			t.Fatalf("iter %d: %d packages in the parts, want %d", iter, n, len(l.Packages))
		}
		for i := range l.Packages {
			if to := e.receiver(&l.Packages[i]); to != "" && partOf[l.Package(to)] != partOf[i] {
				t.Fatalf("iter %d: %s upgraded by %s in another part", iter, l.Packages[i].Pkg.ID, to)
			}
		}
	}
}

func walked(res *Result) []string {
	var out []string
	for b := range res.Walk(time.Time{}, time.Time{}) {
		out = append(out, exactBill(*b))
	}
	return out
}

// tallied is res.Tally(from, to) in full: counts, and every summary amount with its
// exponent.
func tallied(res *Result, from, to time.Time) string {
	t := res.Tally(from, to)
	return summaryText(t.Bills, t.Final, t.Summary)
}

// talliedByWalk is what tallied should be: the bills walked, counted, and summed by
// Summarize.
func talliedByWalk(res *Result, from, to time.Time) string {
	var bills []Bill
	final := 0
	for b := range res.Walk(from, to) {
		bills = append(bills, *b)
		if !b.Provisional {
			final++
		}
	}
	return summaryText(len(bills), final, Summarize(bills))
}

func summaryText(bills, final int, rows []SummaryRow) string {
	s := fmt.Sprintf("%d bills, %d final", bills, final)
	for _, row := range rows {
		s += fmt.Sprintf("\n%s %s %s %s %s %s", row.Month, row.Currency,
			exactText(row.Used), exactText(row.Unused), exactText(row.Linear), exactText(row.Refund))
	}
	return s
}

func totals(res *Result) []string {
	var out []string
	for _, tot := range res.Totals {
		out = append(out, exactTotal(tot))
	}
	return out
}

// hasUpgrade reports whether a package of order is upgraded by another of them.
func hasUpgrade(l *replay.Ledger, order []int) bool {
	for _, i := range order {
		if to := l.Packages[i].UpgradedBy; to != "" && slices.Contains(order, l.Package(to)) {
			return true
		}
	}
	return false
}

// When packages fail in several parts, the error is the one the first of them in
// package order gives on one goroutine, whatever the number of parts.
func TestPartsFirstError(t *testing.T) {
	defer func(f func() int) { engineParts = f }(engineParts)
	r := rand.New(rand.NewPCG(9, 2))
	tried := 0
	for iter := 0; iter < 300; iter++ {
		l, err := replay.Run(randPackages(r), randRecords(r), replay.Options{Location: sh, Precision: 2})
		if err != nil {
			t.Fatal(err)
		}
		broken := 0 // usage-amortized resettable packages with several periods: told they have one
		for i := range l.Packages {
			ps := &l.Packages[i]
			if ps.Pkg.Amortization == model.MethodUsage && ps.Pkg.Resettable() && len(ps.Periods) > 1 && ps.Periods[1].Index > 0 && r.IntN(2) == 0 {
				ps.FullPeriods = 1
				broken++
			}
		}
		if broken < 2 {
			continue
		}
		tried++
		engineParts = func() int { return 1 }
		_, want := RunLazy(l, cfgAsOf(time.Time{}))
		if want == nil {
			t.Fatalf("iter %d: %d broken packages and no error", iter, broken)
		}
		for _, n := range []int{2, 3, 8} {
			engineParts = func() int { return n }
			if _, err := RunLazy(l, cfgAsOf(time.Time{})); err == nil || err.Error() != want.Error() {
				t.Fatalf("iter %d, %d parts: err = %v, want %v", iter, n, err, want)
			}
		}
	}
	if tried < 30 {
		t.Fatalf("only %d ledgers with two broken packages: the errors were hardly tried", tried)
	}
}

// A part's rows and uses in chunks of a few give the bills, totals and tag sets of
// the usual chunks: a package whose uses move to a new chunk takes its rows' indices with
// them.
func TestChunksSameAsLarge(t *testing.T) {
	defer func(r, u int) { rowChunk, useChunk = r, u }(rowChunk, useChunk)
	r := rand.New(rand.NewPCG(17, 19))
	moved := movedUses.Load()
	for iter := 0; iter < 200; iter++ {
		l, asOf := randLedger(t, r)
		want, err := RunLazy(l, cfgAsOf(asOf))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{1, 2, 3, 5} {
			rowChunk, useChunk = n, n
			got, err := RunLazy(l, cfgAsOf(asOf))
			rowChunk, useChunk = 1<<14, 1<<14
			if err != nil {
				t.Fatal(err)
			}
			if gb, wb := walked(got), walked(want); !slices.Equal(gb, wb) {
				t.Fatalf("iter %d, chunks of %d: bills differ:\n%v\nwant\n%v", iter, n, gb, wb)
			}
			if gt, wt := totals(got), totals(want); !slices.Equal(gt, wt) {
				t.Fatalf("iter %d, chunks of %d: totals %v, want %v", iter, n, gt, wt)
			}
			if g, w := tagSetKeys(got), tagSetKeys(want); !slices.Equal(g, w) {
				t.Fatalf("iter %d, chunks of %d: tag sets %v, want %v", iter, n, g, w)
			}
		}
	}
	if movedUses.Load()-moved < 2 {
		t.Fatalf("uses moved to a new chunk %d times: the move was hardly tried", movedUses.Load()-moved)
	}
}

// tagSetKeys is the sorted distinct keys of res's tag sets.
func tagSetKeys(res *Result) []string {
	var keys []string
	for ts := range res.TagSets() {
		keys = append(keys, ts.String())
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// A replay that writes the entries of the packages amortized by usage only
// (replay.Options.EntriesOf with ByUsage, what pkgctl amortize asks for) amortizes
// exactly as a full one: on a generated account large enough to be replayed by several
// workers, whose entries are then read from where each worker wrote them.
func TestEntriesOfSameAsFull(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3)) // several workers, even on one core
	pkgs, recs := generated(t, 300, 60_000, 3)
	for _, asOf := range []time.Time{at("2025-06-01 00:00"), {}} {
		var res [2]*Result
		used := 0
		for k, some := range []bool{false, true} {
			opt := replay.Options{Location: sh, AsOf: asOf, Precision: 2}
			if some {
				opt.EntriesOf = ByUsage(cfgAsOf(asOf))
			}
			l, err := replay.Run(pkgs, recs, opt)
			if err != nil {
				t.Fatal(err)
			}
			if some != (l.Entries == nil) {
				t.Fatalf("EntriesOf %v: %d entries", some, len(l.Entries))
			}
			if res[k], err = RunLazy(l, cfgAsOf(asOf)); err != nil {
				t.Fatal(err)
			}
		}
		gb, wb := walked(res[1]), walked(res[0])
		if !slices.Equal(gb, wb) {
			t.Fatalf("as of %v: %d bills with EntriesOf, %d without, or the bills differ", asOf, len(gb), len(wb))
		}
		for b := range res[0].Walk(time.Time{}, time.Time{}) {
			if b.Type == model.BillUsed {
				used++
			}
		}
		if used == 0 {
			t.Fatalf("as of %v: no used row: the entries were not read", asOf)
		}
		if !slices.Equal(totals(res[1]), totals(res[0])) {
			t.Fatalf("as of %v: the totals differ", asOf)
		}
	}
}
