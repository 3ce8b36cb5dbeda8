package cli

import (
	"bytes"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/spf13/viper"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/check"
	"github.com/pkgctl/pkgctl/internal/config"
	"github.com/pkgctl/pkgctl/internal/explain"
	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/present"
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
	config.Defaults(v) // the command's configuration without a file
	var cfg config.Config
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
	doc := present.Deduct(g.present(), l, present.All(len(l.Entries)), present.All(len(l.Records)))
	benchRender(b, doc, len(l.Entries))
}

// BenchmarkBillsCSV renders the bills of the benchmarks' data set (benchdata, as of
// 2026-06-01) as amortize's CSV: the write phase of pkgctl amortize -f csv.
func BenchmarkBillsCSV(b *testing.B) {
	g, l := benchLedger(b)
	res, err := amortize.RunLazy(l, g.amortizeConfig()) // as the command: bills made as written
	if err != nil {
		b.Fatal(err)
	}
	benchRender(b, present.Bills(g.present(), res, time.Time{}, time.Time{}), res.Tally(time.Time{}, time.Time{}).Bills)
}

// BenchmarkCheck checks the bills of the benchmarks' data set (benchdata, as of
// 2026-06-01), written as amortize's CSV, against themselves: the reading and comparing
// of pkgctl check --bills (the replay and the amortization are made once, before).
func BenchmarkCheck(b *testing.B) {
	g, l := benchLedger(b)
	pkgs, _ := benchdata.Load(b)
	res, err := amortize.RunLazy(l, g.amortizeConfig())
	if err != nil {
		b.Fatal(err)
	}
	var export bytes.Buffer
	if err := report.Render(&export, present.Bills(g.present(), res, time.Time{}, time.Time{}), report.FormatCSV); err != nil {
		b.Fatal(err)
	}
	opt := check.Options{Tolerance: decimal.New(1, -2), Precision: 2}
	b.SetBytes(int64(export.Len()))
	b.ReportAllocs()
	rows := 0
	for b.Loop() {
		var x *check.Export
		_, err := load.BillsEach("bills.csv", bytes.NewReader(export.Bytes()), g.loadOptions(), func(hint int) func(*model.BillRow) {
			x = check.NewExport(pkgs, check.Window{}, opt, hint)
			return x.Add
		})
		if err != nil {
			b.Fatal(err)
		}
		r := check.Run(l, res, x)
		if !r.OK() || r.RowsChecked == 0 {
			b.Fatalf("%d differences in %d rows", r.NumDifferences(), r.RowsChecked)
		}
		rows = r.RowsChecked
	}
	b.ReportMetric(float64(rows), "rows")
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
			w := present.FocusWriter(f, out, 2)
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
		{"ledger-parquet", present.Deduct(g.present(), l, present.All(len(l.Entries)), present.All(len(l.Records))), len(l.Entries)},
		{"bills-parquet", present.Bills(g.present(), res, time.Time{}, time.Time{}), len(res.Bills)},
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

// BenchmarkWhyJSON explains every record of the benchmarks' data set (benchdata, as of
// 2026-06-01; --all, the default 3 candidates) and renders them as why's JSON: the
// explain and write phases of pkgctl why --all -f json. It reports the bytes per record
// and the bytes allocated per record (what the collector must reclaim as it streams).
func BenchmarkWhyJSON(b *testing.B) {
	g, l := benchLedger(b)
	benchWhy(b, g, l, report.FormatJSON)
}

// BenchmarkWhyCSV is BenchmarkWhyJSON as why's CSV (the Records listing).
func BenchmarkWhyCSV(b *testing.B) {
	g, l := benchLedger(b)
	benchWhy(b, g, l, report.FormatCSV)
}

func benchWhy(b *testing.B, g *GlobalOptions, l *replay.Ledger, f report.Format) {
	x := explain.NewExplainer(l, explain.DefaultCandidates)
	recs, err := x.Select(explain.Selection{All: true}, 0)
	if err != nil {
		b.Fatal(err)
	}
	var cw countingWriter
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	cpu0 := cpuTime()
	for b.Loop() {
		cw = countingWriter{}
		if err := report.Render(&cw, present.Why(g.present(), x, recs), f); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	cpu := cpuTime() - cpu0
	runtime.ReadMemStats(&ms1)
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(len(recs)), "cpu-ns/record")
	b.ReportMetric(float64(cw.n)/float64(len(recs)), "bytes/record")
	b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/float64(b.N)/float64(len(recs)), "alloc-bytes/record")
	b.ReportMetric(float64(len(recs)), "records")
}

// countingWriter counts what is written and drops it.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }
