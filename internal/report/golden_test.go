package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// render renders doc in f, failing the test on error.
func render(t *testing.T, doc *Document, f Format) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, doc, f); err != nil {
		t.Fatalf("Render(%s): %v", f, err)
	}
	return buf.Bytes()
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	testkit.Golden(t, filepath.Join("testdata", name), got, *update)
}

// columnSum is the exact sum of a Money/Quantity column of the fixture.
func columnSum(tb *Table, key string) decimal.Decimal {
	j := tb.columnIndex(key)
	sum := decimal.Zero
	for _, r := range tb.Rows {
		sum = sum.Add(r[j].decimal())
	}
	return sum
}

func TestGoldenTable(t *testing.T) {
	doc := sampleDoc()
	out := render(t, doc, FormatTable)
	golden(t, "sample.table.txt", out)
	// Invariants: one line per row, and the footer's amount is the column's sum.
	text := string(out)
	bills := doc.Tables[0]
	if n := strings.Count(text, "| obs-1 ") + strings.Count(text, "| ocr-2 "); n != len(bills.Rows) {
		t.Errorf("table has %d bill rows, want %d", n, len(bills.Rows))
	}
	want := MoneyString(columnSum(bills, "amount"), 2)
	if want != "1274.50" || !strings.Contains(text, "| total ") || !strings.Contains(text, " "+want+" |") {
		t.Errorf("table footer lacks the amount total %s:\n%s", want, text)
	}
	if !strings.HasPrefix(text, "Bills\n") || !strings.Contains(text, "\n\nSummary\n") {
		t.Errorf("tables are not titled and separated by a blank line:\n%s", text)
	}
}

func TestGoldenCSV(t *testing.T) {
	doc := sampleDoc()
	out := render(t, doc, FormatCSV)
	golden(t, "sample.csv", out)
	recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	bills := doc.Tables[0]
	if len(recs) != len(bills.Rows)+1 {
		t.Fatalf("csv has %d records, want header + %d rows (Tables[0] only)", len(recs), len(bills.Rows))
	}
	for j, c := range bills.Columns {
		if recs[0][j] != c.Key {
			t.Errorf("header %d = %q, want %q", j, recs[0][j], c.Key)
		}
	}
	j := bills.columnIndex("amount")
	sum := decimal.Zero
	for i, r := range bills.Rows {
		if want := r[j].decimal().StringFixed(2); recs[i+1][j] != want {
			t.Errorf("row %d amount = %q, want exactly %q", i+1, recs[i+1][j], want)
		}
		sum = sum.Add(decimal.RequireFromString(recs[i+1][j]))
	}
	if !sum.Equal(columnSum(bills, "amount")) {
		t.Errorf("csv amounts sum to %s, want %s", sum, columnSum(bills, "amount"))
	}
}

func TestGoldenJSON(t *testing.T) {
	doc := sampleDoc()
	out := render(t, doc, FormatJSON)
	golden(t, "sample.json", out)
	var got map[string][]map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if len(got["bills"]) != 7 || len(got["summary"]) != 2 {
		t.Fatalf("json has %d bills and %d summary rows, want 7 and 2", len(got["bills"]), len(got["summary"]))
	}
	first := got["bills"][0]
	if first["amount"] != "2.00" || first["quantity"] != "10" || first["period_end"] != "2024-02-01T00:00:00+08:00" {
		t.Errorf("first bill = %v", first)
	}
	if got["bills"][6]["quantity"] != "" || got["summary"][0]["rows"] != float64(6) || first["provisional"] != false {
		t.Errorf("missing value must be \"\", counts numbers, bools booleans: %v %v", got["bills"][6], got["summary"][0])
	}
	if !bytes.Contains(out, []byte("<eu>")) || !bytes.HasSuffix(out, []byte("}\n")) {
		t.Errorf("json must not escape HTML and must end with a newline")
	}
}

func TestGoldenMarkdown(t *testing.T) {
	doc := sampleDoc()
	out := render(t, doc, FormatMarkdown)
	golden(t, "sample.md", out)
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	tableLines := 0
	for _, l := range lines {
		if strings.HasPrefix(l, "|") {
			tableLines++
		}
	}
	// header + rule + rows + totals, per table
	if want := (2 + 7 + 1) + (2 + 2 + 1); tableLines != want {
		t.Errorf("markdown has %d table lines, want %d", tableLines, want)
	}
	if !strings.Contains(string(out), "| **total** |") || !strings.Contains(string(out), "| **1274.50** |") {
		t.Errorf("markdown lacks the bold totals row")
	}
	if !strings.Contains(string(out), `obs-1 \| \<eu\>`) || !strings.Contains(string(out), "| --- | --- | --- | ---: |") {
		t.Errorf("markdown must escape pipes and right-align numbers")
	}
}

func TestRenderTwiceIdentical(t *testing.T) {
	for _, f := range []Format{FormatTable, FormatCSV, FormatJSON, FormatMarkdown, FormatXLSX} {
		a, b := render(t, sampleDoc(), f), render(t, sampleDoc(), f)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renders differ", f)
		}
	}
}

func TestTableAlignsWideRunes(t *testing.T) {
	doc := &Document{Precision: 2, Tables: []*Table{{
		Name:    "Packages",
		Columns: []Column{{Key: "product"}, {Key: "fee", Kind: KindMoney, Total: true}},
		Rows:    [][]Cell{{Text("对象存储服务"), Money(dec("480"))}, {Text("OCR"), Money(dec("520.5"))}},
	}}}
	lines := strings.Split(strings.TrimSuffix(string(render(t, doc, FormatTable)), "\n"), "\n")
	for _, l := range lines {
		if textWidth(l) != textWidth(lines[0]) {
			t.Errorf("misaligned line %q (width %d, want %d)", l, textWidth(l), textWidth(lines[0]))
		}
	}
	if last := lines[len(lines)-2]; !strings.Contains(last, "total") || !strings.Contains(last, "1000.50 |") {
		t.Errorf("footer = %q, want total 1000.50 right-aligned", last)
	}
}

// Totals split by currency: one footer line per currency (sorted), over exactly the rows
// counted, never a sum across currencies; invariant: the per-currency totals add up to
// the column sums of their rows.
func TestTotalsPerCurrency(t *testing.T) {
	doc := &Document{Precision: 2, Tables: []*Table{{
		Name:    "Groups",
		TotalBy: "currency",
		Columns: []Column{{Key: "month"}, {Key: "rows", Kind: KindInt, Total: true},
			{Key: "amount", Kind: KindMoney, Total: true}, {Key: "currency"}},
		Rows: [][]Cell{{Text("2024-01"), Int(2), Money(dec("10.50")), Text("USD")},
			{Text("2024-01"), Int(1), Money(dec("70")), Text("CNY")},
			{Text("2024-02"), Int(3), Money(dec("0.25")), Text("USD")}},
	}}}
	text := string(render(t, doc, FormatTable))
	for _, want := range []string{"| total   |    1 |  70.00 | CNY      |", "| total   |    5 |  10.75 | USD      |"} {
		if !strings.Contains(text, want) {
			t.Errorf("table lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "80.75") {
		t.Errorf("a total adds two currencies:\n%s", text)
	}
	md := string(render(t, doc, FormatMarkdown))
	for _, want := range []string{"| **total** | **1** | **70.00** | **CNY** |", "| **total** | **5** | **10.75** | **USD** |"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

// A table with no currency column (deduct's ledger: each pay-per-use cost is in its
// record's currency) has a totals row only when the amounts counted add up: all in one
// currency, none missing (TotalIn).
func TestTotalsInOneCurrencyOnly(t *testing.T) {
	for _, c := range []struct {
		name   string
		in     []string // per row: the currency, "?" when not known, "" when the row has none
		amount string   // the total; "" when there must be no totals row
	}{
		{"one currency", []string{"USD", "", "USD"}, "31.50"},
		{"none at all", []string{"", "", ""}, "31.50"},
		{"two currencies", []string{"USD", "", "CNY"}, ""},
		{"one not known", []string{"USD", "?", "USD"}, ""},
	} {
		doc := &Document{Precision: 2, Tables: []*Table{{
			Name:    "Entries",
			Columns: []Column{{Key: "record_id"}, {Key: "cost", Kind: KindMoney, Total: true}},
			Rows:    [][]Cell{{Text("a"), Money(dec("1.50"))}, {Text("b"), Money(dec("0"))}, {Text("c"), Money(dec("30"))}},
			TotalIn: func(i int) (string, bool) { return strings.TrimSuffix(c.in[i], "?"), c.in[i] != "?" },
		}}}
		for _, f := range []Format{FormatTable, FormatMarkdown} {
			text := string(render(t, doc, f))
			if has := strings.Contains(text, "total"); has != (c.amount != "") || c.amount != "" && !strings.Contains(text, c.amount) {
				t.Errorf("%s, %s: want total %q:\n%s", c.name, f, c.amount, text)
			}
		}
	}
}
