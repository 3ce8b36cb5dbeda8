package replay_test // benchdata reads through load, which imports replay

import (
	"runtime"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/testkit"
	"github.com/pkgctl/pkgctl/internal/testkit/benchdata"
)

// BenchmarkRunGenerated replays the benchmarks' data set (benchdata) as of 2026-06-01 and reports
// the heap the ledger keeps (live heap after Run minus before, after a GC).
func BenchmarkRunGenerated(b *testing.B) {
	pkgs, recs := benchdata.Load(b)
	opt := replay.Options{Location: testkit.Shanghai, AsOf: time.Date(2026, 6, 1, 0, 0, 0, 0, testkit.Shanghai), Precision: 2}
	heap := func() uint64 {
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	before := heap()
	var l *replay.Ledger
	for b.Loop() {
		l = nil
		var err error
		if l, err = replay.Run(pkgs, recs, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	after := heap()
	b.ReportMetric(float64(after-before)/(1<<20), "ledger-MB")
	b.ReportMetric(float64(len(l.Entries))/float64(len(recs)), "entries/record")
	runtime.KeepAlive(l)
}
