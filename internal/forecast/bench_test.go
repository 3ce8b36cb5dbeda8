package forecast

import (
	"testing"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/testkit/benchdata"
)

// BenchmarkRun measures the forecast alone (the replay and the amortization are done
// once, before the clock starts) on the benchmarks' data set, and the chart series of
// the first ten packages.
func BenchmarkRun(b *testing.B) {
	pkgs, recs := benchdata.Load(b)
	asOf := at("2025-06-30")
	l, err := replay.Run(pkgs, recs, replay.Options{Location: sh, AsOf: asOf, Precision: 2})
	if err != nil {
		b.Fatal(err)
	}
	am, err := amortize.Run(l, amortize.Config{Location: sh, Precision: 2, AsOf: asOf,
		UsageBasedFrom: amortize.DefaultUsageBasedFrom(sh), UsageBasedProducts: amortize.DefaultUsageBasedProducts})
	if err != nil {
		b.Fatal(err)
	}
	var res *Result
	b.Run("forecast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if res, err = Run(l, am, Options{Location: sh, AsOf: asOf, Precision: 2, Window: 30}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("series", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for i := range min(10, len(res.Forecasts)) {
				Series(l, &res.Forecasts[i], asOf, sh)
			}
		}
	})
}
