package kpi

import (
	"testing"

	"github.com/pkgctl/pkgctl/internal/testkit/benchdata"
)

// BenchmarkCompute measures the KPIs alone (the replay and the amortization are done
// once, before the clock starts) on the benchmarks' data set (internal/testkit/benchdata),
// grouped as the command's default does and by package.
func BenchmarkCompute(b *testing.B) {
	pkgs, recs := benchdata.Load(b)
	asOf := at("2025-06-30")
	in := replayed(b, pkgs, recs, asOf)
	for _, by := range [][]string{{"month", "product"}, {"package"}} {
		keys, err := ParseKeys(by)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(by[0], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Compute(in.l, in.am, Options{Location: sh, AsOf: asOf, Precision: 2, Keys: keys}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
