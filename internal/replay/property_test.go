package replay

import (
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
)

// scenario builds random packages (up to maxPkgs) and records around January 2024.
// dense packages share their attributes, so that the index's time grid is exercised.
func scenario(rng *rand.Rand, maxPkgs, maxRecs int, dense bool) ([]model.Package, []model.Record) {
	base := at("2024-01-01")
	hour := func(max int) time.Time { return base.Add(time.Duration(rng.Intn(max)) * time.Hour) }
	pick := func(xs ...string) string { return xs[rng.Intn(len(xs))] }
	qty := func() decimal.Decimal { return decimal.New(int64(rng.Intn(2000)), -int32(rng.Intn(3))) }
	pkgs := make([]model.Package, 1+rng.Intn(maxPkgs))
	for i := range pkgs {
		from := hour(40 * 24)
		p := model.Package{ID: fmt.Sprintf("p%02d", i), Product: pick("OBS", "CDN"),
			Region: pick("", "", "r1", "r2"), Specification: pick("", "", "s1"),
			Effective: from, Expiration: from.Add(time.Duration(1+rng.Intn(30*24)) * time.Hour),
			Capacity: qty(), Unit: pick("GB", "GB", "MB", "times"), OrderTime: hour(10)}
		if rng.Intn(2) == 0 {
			p.DeductibleItems = []string{pick("x", "y")}
		}
		if dense {
			p.Product, p.Region, p.Specification, p.DeductibleItems = "OBS", "", "", nil
			p.Expiration = from.Add(time.Duration(1+rng.Intn(10*24)) * time.Hour)
		}
		p.ResetCycle = model.ResetCycle(rng.Intn(6))
		p.ResetAnchor.Kind = model.AnchorKind(rng.Intn(4))
		p.ResetAnchor.Clock = time.Duration(rng.Intn(24)) * time.Hour
		p.ResetAnchor.At = hour(60 * 24)
		if rng.Intn(5) == 0 {
			p.Type = model.TypeStorage
		}
		if rng.Intn(6) == 0 {
			p.Destroyed = p.Effective.Add(time.Duration(rng.Intn(20*24)) * time.Hour)
		}
		if i > 0 && rng.Intn(6) == 0 {
			p.OrderType, p.OriginalID = model.OrderUpgrade, pkgs[rng.Intn(i)].ID
		}
		pkgs[i] = p
	}
	recs := make([]model.Record, rng.Intn(maxRecs))
	for i := range recs {
		start := hour(50 * 24)
		if rng.Intn(3) == 0 { // share a window with an earlier record
			start = start.Truncate(6 * time.Hour)
		}
		end := start.Add(time.Duration(rng.Intn(1+rng.Intn(30))) * time.Hour)
		recs[i] = model.Record{ID: fmt.Sprintf("r%03d", i),
			RecordAttrs: &model.RecordAttrs{Product: pick("OBS", "OBS", "CDN", "ECS"),
				BillingItem: pick("x", "y"), Region: pick("", "r1", "r1", "r2"), Specification: pick("", "", "s1"),
				Unit: pick("GB", "GB", "MB", "times", "KB")},
			Quantity: exact.AmountOf(qty())}.WithTimes(start, end, end.Add(time.Duration(rng.Intn(3))*time.Hour))
		if rng.Intn(2) == 0 {
			recs[i].UnitPrice = decimal.NewNullDecimal(decimal.New(int64(rng.Intn(1000)), -3))
		}
	}
	return pkgs, recs
}

func TestProperties(t *testing.T) {
	for seed := int64(0); seed < 2500; seed++ {
		rng := rand.New(rand.NewSource(seed))
		pkgs, recs := scenario(rng, 6, 40, false)
		if seed%10 == 0 { // many packages in one index bucket: the time grid
			pkgs, recs = scenario(rng, 60, 80, true)
		}
		l := run(t, pkgs, recs)
		checkConservation(t, seed, l)
		checkCapacity(t, seed, l)
		checkDiagnose(t, seed, l)
		want := canonical(l)
		rng.Shuffle(len(pkgs), func(i, j int) { pkgs[i], pkgs[j] = pkgs[j], pkgs[i] })
		rng.Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
		if got := canonical(run(t, pkgs, recs)); got != want {
			t.Fatalf("seed %d: ledger depends on input order", seed)
		}
	}
}

// per record: quantity = deducted + pay-per-use = sum of its entries, record unit.
func checkConservation(t *testing.T, seed int64, l *Ledger) {
	for _, rr := range l.Records {
		sum := decimal.Zero
		for e := range rr.Entries() {
			sum = sum.Add(l.Entries[e].RecordQuantity.Dec())
		}
		if !rr.Deducted().Dec().Add(rr.PayPerUse.Dec()).Equal(rr.Rec.Quantity.Dec()) || !sum.Equal(rr.Rec.Quantity.Dec()) {
			t.Fatalf("seed %d: %s: %s + %s (entries %s) ≠ %s", seed, rr.Rec.ID, rr.Deducted(),
				rr.PayPerUse, sum, rr.Rec.Quantity)
		}
	}
}

// per usage period: Used = sum of entries ≤ capacity; per level window: Covered = sum ≤
// capacity. Along a usage period's (or a level window's) entries, the first has the whole
// capacity available and each next one exactly what the previous left, never below zero.
func checkCapacity(t *testing.T, seed int64, l *Ledger) {
	sum := func(ps *PackageState, es []int, chain bool) decimal.Decimal {
		s, left := decimal.Zero, ps.Pkg.Capacity
		for _, e := range es {
			en := &l.Entries[e]
			if before := en.AvailableBefore.Dec(); chain && !before.Equal(left) {
				t.Fatalf("seed %d: entry %d of %s: available %s, the previous entry left %s", seed, e, ps.Pkg.ID, before, left)
			}
			if left = en.RemainingAfter().Dec(); left.Sign() < 0 || !left.Equal(en.AvailableBefore.Dec().Sub(en.Quantity.Dec())) {
				t.Fatalf("seed %d: entry %d: %s - %s ≠ %s", seed, e, en.AvailableBefore, en.Quantity, left)
			}
			s = s.Add(en.Quantity.Dec())
		}
		return s
	}
	for i := range l.Packages {
		ps := &l.Packages[i]
		for k, p := range ps.Periods {
			s := sum(ps, l.PeriodEntries(i, k), !ps.Pkg.Type.IsLevel())
			if !s.Equal(p.Used) || (!ps.Pkg.Type.IsLevel() && s.GreaterThan(ps.Pkg.Capacity)) {
				t.Fatalf("seed %d: %s period %d: used %s, entries %s, capacity %s", seed, ps.Pkg.ID, p.Index, p.Used, s, ps.Pkg.Capacity)
			}
		}
		for wi, w := range l.Windows(i) {
			if s := sum(ps, l.WindowEntries(i, wi), true); !s.Equal(w.Covered) || s.GreaterThan(ps.Pkg.Capacity) {
				t.Fatalf("seed %d: %s window covers %s (entries %s) of %s", seed, ps.Pkg.ID, w.Covered, s, ps.Pkg.Capacity)
			}
		}
	}
}
