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

// BenchmarkFocus writes the FOCUS file of the benchmarks' data set (benchdata, as of
// 2026-06-01) as CSV and as Parquet, and the ledger and the bills as Parquet: the write
// phases of amortize -f focus -o x.csv / x.parquet, deduct -o x.parquet and
// amortize -o x.parquet.
func BenchmarkFocus(b *testing.B) {
	g, l := benchLedger(b)
	res, err := amortize.Run(l, g.amortizeConfig())
	if err != nil {
		b.Fatal(err)
	}
	f, err := amortize.NewFocus(res, l, amortize.FocusConfig{Provider: amortize.HuaweiCloud, Publisher: amortize.HuaweiCloud,
		InvoiceIssuer: amortize.HuaweiCloud, BillingAccountID: "1", BillingAccountName: "1"})
	if err != nil {
		b.Fatal(err)
	}
	for _, out := range []string{"x.csv", "x.parquet"} {
		b.Run("focus-"+out[2:], func(b *testing.B) {
			w := focusWriter(f, out, 2)
			for b.Loop() {
				if err := w(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(f.Len()), "rows")
		})
	}
	for _, c := range []struct {
		name string
		doc  *report.Document
		rows int
	}{
		{"ledger-parquet", deductDocument(g, l, everyIndex(len(l.Entries)), everyIndex(len(l.Records))), len(l.Entries)},
		{"bills-parquet", billsDocument(g, res.Bills, res.Totals, false), len(res.Bills)},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if err := report.Render(io.Discard, c.doc, report.FormatParquet); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(c.rows), "rows")
		})
	}
}
