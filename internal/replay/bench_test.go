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

// synthetic builds nPkgs packages and nRecs records over 2024: 10 products, 3 billing
// items, 4 regions, monthly/daily/non-resettable, a few storage packages.
func synthetic(nPkgs, nRecs int) ([]model.Package, []model.Record) {
	rng := rand.New(rand.NewSource(1))
	base := at("2024-01-01")
	pkgs := make([]model.Package, nPkgs)
	for i := range pkgs {
		from := base.Add(time.Duration(rng.Intn(300*24)) * time.Hour)
		pkgs[i] = model.Package{ID: fmt.Sprintf("pkg-%06d", i), Product: fmt.Sprintf("P%d", rng.Intn(10)),
			Region:    []string{"", "cn-north-4", "cn-south-1", "ap-1"}[rng.Intn(4)],
			Effective: from, Expiration: from.AddDate(0, 1+rng.Intn(6), 0),
			Capacity: decimal.NewFromInt(int64(1000 + rng.Intn(100000))), Unit: "GB",
			ResetCycle: []model.ResetCycle{model.ResetNone, model.ResetMonth, model.ResetDay}[rng.Intn(3)]}
		if rng.Intn(2) == 0 {
			pkgs[i].DeductibleItems = []string{fmt.Sprintf("item %d", rng.Intn(3))}
		}
		if rng.Intn(20) == 0 {
			pkgs[i].Type = model.TypeStorage
		}
	}
	recs := make([]model.Record, nRecs)
	for i := range recs {
		start := base.Add(time.Duration(rng.Intn(365*24)) * time.Hour)
		recs[i] = model.Record{ID: fmt.Sprintf("rec-%08d", i),
			RecordAttrs: &model.RecordAttrs{Product: fmt.Sprintf("P%d", rng.Intn(10)),
				BillingItem: fmt.Sprintf("item %d", rng.Intn(3)),
				Region:      []string{"cn-north-4", "cn-south-1", "ap-1"}[rng.Intn(3)],
				Unit:        []string{"GB", "MB"}[rng.Intn(2)],
				UnitPrice:   decimal.NewNullDecimal(decimal.New(12, -2))},
			Quantity: exact.NewAmount(int64(rng.Intn(100000)), -3)}.WithTimes(
			start, start.Add(time.Hour), start.Add(time.Hour+time.Duration(rng.Intn(3600))*time.Second))
	}
	return pkgs, recs
}

func BenchmarkRun(b *testing.B) {
	pkgs, recs := synthetic(1000, 100000)
	b.ResetTimer()
	var l *Ledger
	for b.Loop() {
		var err error
		if l, err = Run(pkgs, recs, Options{Location: shanghai, Precision: 2}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(recs)), "ns/record")
	b.ReportMetric(float64(len(l.Entries))/float64(len(recs)), "entries/record")
}

// BenchmarkRunLarge is the 1M records × 10k packages case (dense: about 90 eligible
// packages per record). Needs about 1.5 GB.
func BenchmarkRunLarge(b *testing.B) {
	pkgs, recs := synthetic(10000, 1000000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Run(pkgs, recs, Options{Location: shanghai, Precision: 2}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(recs)), "ns/record")
}
