package replay

import (
	"slices"
	"testing"

	"github.com/shopspring/decimal"
)

var codeRank = map[string]int{CodeProductMismatch: 0, CodeBillingItem: 1, CodeSpecification: 2,
	CodeRegion: 3, CodeEnterpriseProject: 4, CodeUnit: 5, CodeNotYetEffective: 6, CodeExpired: 7,
	CodeDestroyed: 7, CodeSuperseded: 7, CodeCrossesResetPeriod: 8, CodeExhausted: 9}

// checkDiagnose: Diagnose reports nothing but EXHAUSTED exactly for the packages that
// could deduct the record; those the record took from are among them; EXHAUSTED only
// when the record has a pay-per-use part and the package had nothing left for it.
func checkDiagnose(t *testing.T, seed int64, l *Ledger) {
	for ri := range l.Records {
		rr := &l.Records[ri]
		ppu, used := -1, map[int]bool{}
		for e := range rr.Entries() {
			if p := int(l.Entries[e].Package); p >= 0 {
				used[p] = true
			} else {
				ppu = e
			}
		}
		for pi := range l.Packages {
			fs := l.Diagnose(pi, ri)
			checkOrder(t, seed, fs)
			eligible := len(fs) == 0 || codes(fs) == CodeExhausted
			switch {
			case used[pi] && !eligible:
				t.Fatalf("seed %d: %s deducted %s but Diagnose says %s", seed, l.Packages[pi].Pkg.ID, rr.Rec.ID, codes(fs))
			case eligible && (len(fs) == 0) != (rr.PayPerUse.Sign() == 0):
				t.Fatalf("seed %d: %s/%s: %q with pay-per-use %s", seed, l.Packages[pi].Pkg.ID, rr.Rec.ID, codes(fs), rr.PayPerUse)
			case len(fs) == 1 && fs[0].Code == CodeExhausted:
				if left := leftBefore(l, pi, ri, ppu); left.Sign() > 0 {
					t.Fatalf("seed %d: %s had %s left for %s but was not used", seed, l.Packages[pi].Pkg.ID, left, rr.Rec.ID)
				}
			}
		}
	}
}

// leftBefore is what package pi's period (or window) for record ri had left before entry e.
func leftBefore(l *Ledger, pi, ri, e int) decimal.Decimal {
	ps, r := &l.Packages[pi], l.Records[ri].Rec
	rt := timesOfRecord(r)
	k, _ := slot(&l.match.times[pi], &rt)
	entries := l.PeriodEntries(pi, k)
	if ps.Pkg.Type.IsLevel() {
		entries = nil
		for wi, w := range l.Windows(pi) {
			if w.Start.Equal(r.Start()) && w.End.Equal(r.End()) {
				entries = l.WindowEntries(pi, wi)
			}
		}
	}
	left := ps.Pkg.Capacity
	for _, x := range entries {
		if x < e {
			left = left.Sub(l.Entries[x].Quantity.Dec())
		}
	}
	return left
}

func checkOrder(t *testing.T, seed int64, fs []Failure) {
	if !slices.IsSortedFunc(fs, func(a, b Failure) int { return codeRank[a.Code] - codeRank[b.Code] }) {
		t.Fatalf("seed %d: failures out of order: %s", seed, codes(fs))
	}
	for i, f := range fs {
		if f.Message == "" || (i > 0 && codeRank[f.Code] == codeRank[fs[i-1].Code]) {
			t.Fatalf("seed %d: bad failure list %+v", seed, fs)
		}
	}
}
