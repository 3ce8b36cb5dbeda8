package report

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestMoneyString(t *testing.T) {
	tests := []struct {
		in   string
		prec int32
		want string
	}{
		{"2.6", 2, "2.60"},
		{"16.8", 2, "16.80"},
		{"0.005", 2, "0.01"},   // half away from zero
		{"-0.005", 2, "-0.01"}, // half away from zero
		{"1234567890123456789.125", 2, "1234567890123456789.13"},
		{"90", 0, "90"},
		{"0", 2, "0.00"},
	}
	for _, tt := range tests {
		if got := MoneyString(dec(tt.in), tt.prec); got != tt.want {
			t.Errorf("MoneyString(%s, %d) = %s, want %s", tt.in, tt.prec, got, tt.want)
		}
	}
}

func TestQtyString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"100.500", "100.5"},
		{"1E+3", "1000"},
		{"1.20E-7", "0.00000012"},
		{"20.000", "20"},
		{"-0.0", "0"},
		{"0.000000000000000001", "0.000000000000000001"},
		{"2920", "2920"},
	}
	for _, tt := range tests {
		if got := QtyString(dec(tt.in)); got != tt.want {
			t.Errorf("QtyString(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestTimeAndDateString(t *testing.T) {
	end := time.Date(2024, 12, 31, 16, 0, 0, 0, time.UTC)
	if got := TimeString(end.In(shanghai)); got != "2025-01-01T00:00:00+08:00" {
		t.Errorf("TimeString = %s", got)
	}
	if got := TimeString(end); got != "2024-12-31T16:00:00+00:00" {
		t.Errorf("TimeString(UTC) = %s, want a numeric offset", got)
	}
	if TimeString(time.Time{}) != "" || DateString(time.Time{}) != "" {
		t.Errorf("zero time must print \"\"")
	}
	if got := DateString(time.Date(2024, 1, 31, 23, 0, 0, 0, shanghai)); got != "2024-01-31" {
		t.Errorf("DateString = %s", got)
	}
	// A Time cell prints in the document's zone; a Date cell keeps its own day.
	c := Time(end).format(2, shanghai)
	d := Date(time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC)).format(2, time.FixedZone("W", -5*3600))
	if c != "2025-01-01T00:00:00+08:00" || d != "2024-01-31" {
		t.Errorf("cells = %s, %s", c, d)
	}
}

func TestSnakeCase(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Bills", "bills"}, {"Summary by Month", "summary_by_month"},
		{"PackageTotals", "package_totals"}, {"why-records", "why_records"}, {"Q1 2024", "q1_2024"},
	}
	for _, tt := range tests {
		if got := SnakeCase(tt.in); got != tt.want {
			t.Errorf("SnakeCase(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in   string
		want Format
		ok   bool
	}{
		{"table", FormatTable, true}, {"CSV", FormatCSV, true}, {" json ", FormatJSON, true},
		{"md", FormatMarkdown, true}, {"markdown", FormatMarkdown, true}, {"xlsx", FormatXLSX, true},
		{"focus", FormatFocus, true}, {"yaml", "", false}, {"", "", false},
	}
	for _, tt := range tests {
		got, err := ParseFormat(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseFormat(%q) = %q, %v", tt.in, got, err)
		}
	}
}

func TestFormatFromPath(t *testing.T) {
	tests := []struct {
		in   string
		want Format
		ok   bool
	}{
		{"out.csv", FormatCSV, true}, {"a/b.JSON", FormatJSON, true}, {"x.xlsx", FormatXLSX, true},
		{"r.md", FormatMarkdown, true}, {"r.markdown", FormatMarkdown, true}, {"r.txt", FormatTable, true},
		{"r.xls", "", false}, {"noext", "", false},
	}
	for _, tt := range tests {
		got, ok := FormatFromPath(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("FormatFromPath(%q) = %q, %v", tt.in, got, ok)
		}
	}
}

func TestRenderRejectsBadDocuments(t *testing.T) {
	col := []Column{{Key: "amount", Kind: KindMoney, Total: true}}
	tests := []struct {
		name string
		tbl  *Table
		want string
	}{
		{"missing cell", &Table{Name: "T", Columns: col, Rows: [][]Cell{{}}}, "row 1: 0 cells for 1 columns"},
		{"kind mismatch", &Table{Name: "T", Columns: col, Rows: [][]Cell{{Qty(dec("1"))}}}, "quantity cell in a money column"},
		{"text total", &Table{Name: "T", Columns: []Column{{Key: "x", Total: true}}}, "cannot total a text column"},
		{"chart key", &Table{Name: "T", Columns: col, Chart: &Chart{Category: "month"}}, `no column "month"`},
		{"chart per", &Table{Name: "T", Columns: col, Chart: &Chart{Category: col[0].Key, Per: "currency"}}, `no column "currency"`},
	}
	for _, tt := range tests {
		err := Render(&bytes.Buffer{}, &Document{Tables: []*Table{tt.tbl}}, FormatCSV)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestRenderOverrides(t *testing.T) {
	custom := errors.New("custom")
	doc := sampleDoc()
	doc.JSON = map[string]any{"as_of": "x"}
	doc.Text = func(w io.Writer) error { _, err := w.Write([]byte("text\n")); return err }
	doc.Custom = map[Format]func(io.Writer) error{FormatFocus: func(io.Writer) error { return custom }}
	if got := string(render(t, doc, FormatJSON)); got != "{\n  \"as_of\": \"x\"\n}\n" {
		t.Errorf("json = %q", got)
	}
	if got := string(render(t, doc, FormatTable)); got != "text\n" {
		t.Errorf("table = %q", got)
	}
	if err := Render(&bytes.Buffer{}, doc, FormatFocus); !errors.Is(err, custom) {
		t.Errorf("focus = %v", err)
	}
	if err := Render(&bytes.Buffer{}, sampleDoc(), FormatFocus); err == nil {
		t.Errorf("focus without a Custom renderer must fail")
	}
}
