package report

import (
	"archive/zip"
	"bytes"
	"errors"
	"html"
	"io"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// zipPart returns the text of one part of an xlsx file.
func zipPart(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			b, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("no part %s in the workbook", name)
	return ""
}

// rawCell returns the XML element of cell ref in a worksheet part.
func rawCell(t *testing.T, sheetXML, ref string) string {
	t.Helper()
	m := regexp.MustCompile(`<c r="` + ref + `"[^>]*>.*?</c>`).FindString(sheetXML)
	if m == "" {
		t.Fatalf("no cell %s", ref)
	}
	return m
}

func openXLSX(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestXLSXSheetsAndLayout(t *testing.T) {
	data := render(t, sampleDoc(), FormatXLSX)
	f := openXLSX(t, data)
	if got := strings.Join(f.GetSheetList(), ","); got != "Bills,Summary" {
		t.Fatalf("sheets = %s, want Bills,Summary (no Sheet1)", got)
	}
	id, err := f.GetCellStyle("Bills", "A1")
	if err != nil {
		t.Fatal(err)
	}
	style, err := f.GetStyle(id)
	if err != nil || style.Font == nil || !style.Font.Bold {
		t.Errorf("header A1 is not bold: %+v %v", style, err)
	}
	panes, err := f.GetPanes("Bills")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header is not frozen: %+v %v", panes, err)
	}
	sheet1 := zipPart(t, data, "xl/worksheets/sheet1.xml")
	if !strings.Contains(sheet1, `<autoFilter ref="$A$1:$H$8"`) {
		t.Errorf("no autofilter over header and 7 data rows")
	}
	if !strings.Contains(sheet1, `<dimension ref="A1:H8"`) {
		t.Errorf("sheet dimension is not exactly header and 7 rows (no totals row in data sheets)")
	}
	w, err := f.GetColWidth("Bills", "C")
	if err != nil || w < float64(len("Expenditure-resource packages unused")) || w > maxColWidth {
		t.Errorf("column C width = %v, want room for the longest bill type", w)
	}
}

func TestXLSXTypedCells(t *testing.T) {
	data := render(t, sampleDoc(), FormatXLSX)
	sheet1 := zipPart(t, data, "xl/worksheets/sheet1.xml")
	// Money: exact text, numeric (no t attribute).
	for ref, want := range map[string]string{"F2": "2.00", "F4": "3.20", "F8": "1234.50", "D3": "20"} {
		c := rawCell(t, sheet1, ref)
		if strings.Contains(c, ` t="`) || !strings.Contains(c, "<v>"+want+"</v>") {
			t.Errorf("%s = %s, want a numeric cell holding exactly %s", ref, c, want)
		}
	}
	f := openXLSX(t, data)
	raw, err := f.GetCellValue("Bills", "A2", excelize.Options{RawCellValue: true})
	if err != nil || raw != "45294" {
		t.Fatalf("A2 raw = %q %v, want serial 45294", raw, err)
	}
	if d, _ := excelize.ExcelDateToTime(45294, false); !d.Equal(time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("serial 45294 is %v", d)
	}
	for ref, want := range map[string]string{"A2": "yyyy-mm-dd", "G2": "yyyy-mm-dd hh:mm:ss", "F2": "#,##0.00"} {
		id, _ := f.GetCellStyle("Bills", ref)
		st, err := f.GetStyle(id)
		if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != want {
			t.Errorf("%s number format = %+v, want %s", ref, st, want)
		}
	}
	if got, _ := f.GetCellValue("Bills", "G2", excelize.Options{RawCellValue: true}); got != "45323" {
		t.Errorf("G2 (2024-02-01 00:00 +08:00) = %q, want 45323", got)
	}
	if got, _ := f.GetCellValue("Bills", "A9"); got != "" {
		t.Errorf("A9 = %q: data sheets have no totals row", got)
	}
	if c := rawCell(t, sheet1, "H7"); !strings.Contains(c, `t="b"`) {
		t.Errorf("H7 is not a boolean: %s", c)
	}
}

func TestXLSXChart(t *testing.T) {
	data := render(t, sampleDoc(), FormatXLSX)
	chart := html.UnescapeString(zipPart(t, data, "xl/charts/chart1.xml"))
	for _, want := range []string{`<barDir val="col"`, `<grouping val="stacked"`,
		`'Summary'!$B$2:$B$3`, `'Summary'!$C$2:$C$3`, `'Summary'!$A$2:$A$3`, "Amortized by month"} {
		if !strings.Contains(chart, want) {
			t.Errorf("chart lacks %s", want)
		}
	}
	if !strings.Contains(zipPart(t, data, "xl/worksheets/sheet2.xml"), "<drawing ") {
		t.Errorf("the chart is not on the Summary sheet")
	}
	// Anchored right of the data: column F (index 5) of 4 data columns + a gap.
	if d := zipPart(t, data, "xl/drawings/drawing1.xml"); !strings.Contains(d, "<xdr:col>5</xdr:col>") {
		t.Errorf("chart not anchored at column F: %s", d)
	}
}

func TestXLSXNumericLookingTextStaysText(t *testing.T) {
	doc := &Document{Tables: []*Table{{Name: "T", Columns: []Column{{Key: "id"}}, Rows: [][]Cell{{Text("00123")}}}}}
	f := openXLSX(t, render(t, doc, FormatXLSX))
	typ, err := f.GetCellType("T", "A2")
	if err != nil || typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset {
		t.Errorf("Text(\"00123\") stored as %v, want a string", typ)
	}
	if v, _ := f.GetCellValue("T", "A2"); v != "00123" {
		t.Errorf("A2 = %q", v)
	}
}

func TestTimeSerial(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2024, 1, 3, 12, 0, 0, 0, time.UTC), "45294.5"},
		{time.Date(2024, 1, 3, 16, 0, 0, 0, shanghai), "45294.6666666667"},
		{time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC), "61"},
		// past 2262, where a time.Duration stops, and Excel's last day
		{time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC), "146099"},
		{time.Date(9999, 12, 31, 18, 0, 0, 0, time.UTC), "2958465.75"},
	}
	for _, tt := range tests {
		if got := timeSerial(tt.in); got != tt.want {
			t.Errorf("timeSerial(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// A time Excel cannot hold as a date (a package that never expires ends on
// 10000-01-01) is written as its text, in both writers; a time past 2262 is a date.
func TestXLSXTimesPastExcel(t *testing.T) {
	tb := &Table{Name: "T", Columns: []Column{{Key: "end", Kind: KindTime}, {Key: "day", Kind: KindDate}},
		Rows: [][]Cell{
			{Time(time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)), Date(time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC))},
			{Time(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)), Date(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))},
		}}
	streamed := &Table{Name: "T", Columns: tb.Columns, N: 2, Row: func(i int, row []Cell) []Cell { return append(row, tb.Rows[i]...) }}
	for _, table := range []*Table{tb, streamed} {
		f := openXLSX(t, render(t, &Document{Tables: []*Table{table}, Location: time.UTC}, FormatXLSX))
		for ref, want := range map[string]string{"A2": "146099", "B2": "146099", "A3": "10000-01-01T00:00:00+00:00", "B3": "10000-01-01"} {
			if got, err := f.GetCellValue("T", ref, excelize.Options{RawCellValue: true}); err != nil || got != want {
				t.Errorf("%s = %q %v, want %s", ref, got, err, want)
			}
		}
	}
}

// A table with more rows than an xlsx sheet holds under its header is refused before
// anything is written (excelize would fail on the first row past the limit, with a
// message about a cell name).
func TestXLSXTooManyRows(t *testing.T) {
	rows := func(n int) *Document {
		tb := &Table{Name: "Big", Columns: []Column{{Key: "n", Kind: KindInt}}, N: n,
			Row: func(i int, row []Cell) []Cell { return append(row, Int(int64(i))) }}
		return &Document{Tables: []*Table{{Name: "Small", Columns: tb.Columns, Rows: [][]Cell{{Int(1)}}}, tb}}
	}
	var buf bytes.Buffer
	err := renderXLSX(&buf, rows(1<<20))
	var tm *TooManyRowsError
	if !errors.As(err, &tm) || tm.Sheet != "Big" || tm.Rows != 1<<20 || tm.Max != 1<<20-1 || buf.Len() != 0 {
		t.Fatalf("err %v (%+v), %d bytes written", err, tm, buf.Len())
	}
	if !strings.Contains(err.Error(), `sheet "Big" would have 1048576 rows; an xlsx sheet holds 1048575`) {
		t.Errorf("message %q", err)
	}
}

// The serial of a time on int64s is the one decimal division gives, rounded to 10
// decimals: every second of a few days around each edge (day 0, 1900-03-01, 2262,
// Excel's last day) and a million seconds drawn from 1900 to 9999.
func TestTimeSerialMatchesDecimal(t *testing.T) {
	const last = 2958465*86400 + 86399 // 9999-12-31 23:59:59
	check := func(secs int64) {
		if got, want := string(appendSerial(nil, secs)), serialDecimal(secs); got != want {
			t.Fatalf("%d s: %s, want %s", secs, got, want)
		}
	}
	for _, edge := range []int64{0, 61 * 86400, 132871 * 86400, last - 3*86400} {
		for secs := edge; secs < edge+3*86400; secs++ {
			check(secs)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1_000_000 {
		check(r.Int64N(last + 1))
	}
}
