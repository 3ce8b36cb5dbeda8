package cli

import (
	"io"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
	"github.com/pkgctl/pkgctl/internal/testkit"
	"github.com/pkgctl/pkgctl/internal/testkit/benchdata"
)

// BenchmarkDeductCSV renders the ledger of the benchmarks' data set (benchdata, as of
// 2026-06-01) as deduct's CSV: the write phase of pkgctl deduct -f csv.
func BenchmarkDeductCSV(b *testing.B) {
	pkgs, recs := benchdata.Load(b)
	loc := testkit.Shanghai
	l, err := replay.Run(pkgs, recs, replay.Options{Location: loc, AsOf: time.Date(2026, 6, 1, 0, 0, 0, 0, loc), Precision: 2})
	if err != nil {
		b.Fatal(err)
	}
	g := &GlobalOptions{Loc: loc, Config: Config{Precision: 2}}
	doc := deductDocument(g, l, everyIndex(len(l.Entries)), recordsWithEntries(l))
	for b.Loop() {
		if err := report.Render(io.Discard, doc, report.FormatCSV); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(l.Entries)), "rows")
}
