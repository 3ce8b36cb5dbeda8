package replay

import (
	"bytes"
	"io"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/sample"
)

// generated loads /tmp/bench/{packages,usage}.csv (pkgctl sample generate --packages
// 10000 --records 1000000 --seed 1 /tmp/bench) when present, else generates 1,000
// packages and 100,000 records in memory.
func generated(b testing.TB) ([]model.Package, []model.Record) {
	b.Helper()
	opt := load.Options{Location: shanghai}
	pf, perr := os.Open("/tmp/bench/packages.csv")
	uf, uerr := os.Open("/tmp/bench/usage.csv")
	var pr, ur io.Reader = pf, uf
	if perr != nil || uerr != nil {
		var pb, ub bytes.Buffer
		if err := sample.Generate(sample.GenOptions{Packages: 1000, Records: 100000, Seed: 1}, &pb, &ub); err != nil {
			b.Fatal(err)
		}
		pr, ur = &pb, &ub
	} else {
		defer pf.Close()
		defer uf.Close()
	}
	pkgs, _, err := load.Packages("packages.csv", pr, opt)
	if err != nil {
		b.Fatal(err)
	}
	recs, _, err := load.Usage("usage.csv", ur, opt)
	if err != nil {
		b.Fatal(err)
	}
	return pkgs, recs
}

// BenchmarkRunGenerated replays the generated data set as of 2026-06-01 and reports
// the heap the ledger keeps (live heap after Run minus before, after a GC).
func BenchmarkRunGenerated(b *testing.B) {
	pkgs, recs := generated(b)
	opt := Options{Location: shanghai, AsOf: time.Date(2026, 6, 1, 0, 0, 0, 0, shanghai), Precision: 2}
	heap := func() uint64 {
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	before := heap()
	var l *Ledger
	for b.Loop() {
		l = nil
		var err error
		if l, err = Run(pkgs, recs, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	after := heap()
	b.ReportMetric(float64(after-before)/(1<<20), "ledger-MB")
	b.ReportMetric(float64(len(l.Entries))/float64(len(recs)), "entries/record")
	runtime.KeepAlive(l)
}
