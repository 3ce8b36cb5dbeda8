package amortize

import (
	"bytes"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/sample"
)

// generatedLedger replays a generated data set as of asOf.
func generatedLedger(tb testing.TB, packages, records int, asOf time.Time) *replay.Ledger {
	tb.Helper()
	pkgs, recs := generated(tb, packages, records, 1)
	l, err := replay.Run(pkgs, recs, replay.Options{Location: sh, AsOf: asOf, Precision: 2})
	if err != nil {
		tb.Fatal(err)
	}
	return l
}

// generated is a generated data set, loaded.
func generated(tb testing.TB, packages, records int, seed int64) ([]model.Package, []model.Record) {
	tb.Helper()
	var pb, ub bytes.Buffer
	if err := sample.Generate(sample.GenOptions{Packages: packages, Records: records, Seed: seed}, &pb, &ub); err != nil {
		tb.Fatal(err)
	}
	opt := load.Options{Location: sh}
	pkgs, _, err := load.Packages("packages.csv", &pb, opt)
	if err != nil {
		tb.Fatal(err)
	}
	recs, _, err := load.Usage("usage.csv", &ub, opt)
	if err != nil {
		tb.Fatal(err)
	}
	return pkgs, recs
}

// BenchmarkRunGenerated amortizes 1,000 generated packages and 100,000 records (a tenth
// of the 1M-record benchmark) and takes every bill with Between, as `pkgctl amortize` does.
func BenchmarkRunGenerated(b *testing.B) {
	asOf := at("2026-06-02 00:00")
	l := generatedLedger(b, 1000, 100_000, asOf)
	cfg := cfgAsOf(asOf)
	b.ReportAllocs()
	for b.Loop() {
		res, err := Run(l, cfg)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Between(time.Time{}, time.Time{})) != len(res.Bills) {
			b.Fatal("Between without bounds lost bills")
		}
	}
}
