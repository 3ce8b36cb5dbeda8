package explain

import (
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/testkit/benchdata"
)

// BenchmarkExplain explains every record of the benchmarks' data set (benchdata, as of
// 2026-06-01) with the default candidates, one explanation reused as why's listings
// reuse theirs: the explain step of pkgctl why --all, without formatting.
func BenchmarkExplain(b *testing.B) {
	pkgs, recs := benchdata.Load(b)
	opt := replay.Options{Location: shanghai, AsOf: time.Date(2026, 6, 1, 0, 0, 0, 0, shanghai), Precision: 2}
	l, err := replay.Run(pkgs, recs, opt)
	if err != nil {
		b.Fatal(err)
	}
	x := NewExplainer(l, DefaultCandidates)
	sel, err := x.Select(Selection{All: true}, 0)
	if err != nil {
		b.Fatal(err)
	}
	var e Explanation
	listed := 0
	for b.Loop() {
		listed = 0
		for _, i := range sel {
			x.ExplainInto(i, &e)
			listed += len(e.Packages)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(sel)), "ns/record")
	b.ReportMetric(float64(listed)/float64(len(sel)), "listed/record")
}
