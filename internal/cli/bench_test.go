package cli

import (
	"io"
	"testing"
	"time"

	"github.com/spf13/viper"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
	"github.com/pkgctl/pkgctl/internal/testkit"
	"github.com/pkgctl/pkgctl/internal/testkit/benchdata"
)

// benchLedger replays the benchmarks' data set as of 2026-06-01.
func benchLedger(b *testing.B) (*GlobalOptions, *replay.Ledger) {
	pkgs, recs := benchdata.Load(b)
	loc := testkit.Shanghai
	v := viper.New()
	setDefaults(v) // the command's configuration without a file
	var cfg Config
	if err := v.Unmarshal(&cfg); err != nil {
		b.Fatal(err)
	}
	g := &GlobalOptions{Loc: loc, AsOfTime: time.Date(2026, 6, 1, 0, 0, 0, 0, loc), Config: cfg}
	l, err := replay.Run(pkgs, recs, replay.Options{Location: loc, AsOf: g.AsOfTime, Precision: 2})
	if err != nil {
		b.Fatal(err)
	}
	return g, l
}

// BenchmarkDeductCSV renders the ledger of the benchmarks' data set (benchdata, as of
// 2026-06-01) as deduct's CSV: the write phase of pkgctl deduct -f csv.
func BenchmarkDeductCSV(b *testing.B) {
	g, l := benchLedger(b)
	doc := deductDocument(g, l, everyIndex(len(l.Entries)), everyIndex(len(l.Records)))
	benchRender(b, doc, len(l.Entries))
}

// BenchmarkBillsCSV renders the bills of the benchmarks' data set (benchdata, as of
// 2026-06-01) as amortize's CSV: the write phase of pkgctl amortize -f csv.
func BenchmarkBillsCSV(b *testing.B) {
	g, l := benchLedger(b)
	res, err := amortize.Run(l, g.amortizeConfig())
	if err != nil {
		b.Fatal(err)
	}
	benchRender(b, billsDocument(g, res.Bills, res.Totals, false), len(res.Bills))
}

func benchRender(b *testing.B, doc *report.Document, rows int) {
	for b.Loop() {
		if err := report.Render(io.Discard, doc, report.FormatCSV); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows), "rows")
}
