package report

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// xlsxContent is what a reader sees of a workbook: per sheet, its frozen panes,
// autofilter, filter name, column widths, and every cell's raw value, type and number
// format.
func xlsxContent(t *testing.T, data []byte) string {
	t.Helper()
	f := openXLSX(t, data)
	var b strings.Builder
	wb := zipPart(t, data, "xl/workbook.xml")
	for _, name := range regexp.MustCompile(`<definedName [^>]*>[^<]*</definedName>`).FindAllString(wb, -1) {
		fmt.Fprintln(&b, name)
	}
	for i, sheet := range f.GetSheetList() {
		panes, _ := f.GetPanes(sheet)
		fmt.Fprintf(&b, "sheet %s: panes %+v\n", sheet, panes)
		part := zipPart(t, data, fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1))
		fmt.Fprintln(&b, regexp.MustCompile(`<autoFilter [^>]*>`).FindString(part))
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				ref := cellRef(c, r+1)
				typ, _ := f.GetCellType(sheet, ref)
				id, _ := f.GetCellStyle(sheet, ref)
				st, _ := f.GetStyle(id)
				format, bold := "", false
				if st != nil && st.CustomNumFmt != nil {
					format = *st.CustomNumFmt
				}
				if st != nil && st.Font != nil {
					bold = st.Font.Bold
				}
				if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
					typ = excelize.CellTypeInlineString // the same to a reader
				}
				fmt.Fprintf(&b, "%s %q type %v format %q bold %v\n", ref, v, typ, format, bold)
			}
		}
		for c := range 30 {
			if w, _ := f.GetColWidth(sheet, colName(c)); w != 9.140625 { // excelize's default
				fmt.Fprintf(&b, "column %s width %v\n", colName(c), w)
			}
		}
	}
	return b.String()
}

// randomDoc is a document of random tables with every cell kind, texts with what XML
// and excelize escape, held rows (or not, by how: 0 held, 1 N/Row, 2 Stream).
func randomDoc(r *rand.Rand, how int) *Document {
	doc := &Document{Precision: int32(r.IntN(3)), Location: time.FixedZone("UTC+8", 8*3600)}
	// check's expected and actual: amounts, quantities of up to 14 decimals, words, and
	// numbers too long for a spreadsheet (text)
	numberTexts := []string{"20.00", "-5.00", "1400", "0.5", "1.23456789012345", "-0.000000000001", "Active",
		"1234567890123456", "n/a", "1.", "", "7"}
	texts := []string{"a", " lead", "trail ", "\ttab", "x\ny", "<&>\"'", "\x01\x1f", "\xff", "中文", "→", "0123",
		"1e5", "", "\r\n", "_x"}
	for k := range 1 + r.IntN(3) {
		tb := &Table{Name: []string{"Records", "Reasons", "Sum"}[k], Columns: []Column{{Key: "text"},
			{Key: "n", Kind: KindInt}, {Key: "money", Kind: KindMoney}, {Key: "qty", Kind: KindQuantity},
			{Key: "at", Kind: KindTime}, {Key: "day", Kind: KindDate}, {Key: "ok", Kind: KindBool},
			{Key: "expected", NumberText: true}}}
		for range r.IntN(12) {
			tm := time.Unix(1.7e9+r.Int64N(1e8), 0).In(time.UTC)
			row := []Cell{Text(texts[r.IntN(len(texts))] + texts[r.IntN(len(texts))]), Int(r.Int64N(1e9) - 5e8),
				Money(decimal.New(r.Int64N(1e12), -r.Int32N(5))), Qty(decimal.New(r.Int64N(1e18), -r.Int32N(20))),
				Time(tm), Date(tm), Bool(r.IntN(2) == 0), NumberText(numberTexts[r.IntN(len(numberTexts))])}
			if r.IntN(3) == 0 {
				row[r.IntN(len(row))] = Empty()
			}
			tb.Rows = append(tb.Rows, row)
		}
		doc.Tables = append(doc.Tables, tb)
	}
	for _, tb := range doc.Tables {
		rows := tb.Rows
		switch how {
		case 1:
			tb.Rows, tb.N = nil, len(rows)
			tb.Row = func(i int, buf []Cell) []Cell { return append(buf, rows[i]...) }
		case 2:
			*tb = *streamedCopy(tb)
		}
	}
	return doc
}

// A streamed sheet reads as the sheet excelize writes for the same rows: values, types
// (numbers stay numbers with their exact text, text stays text), number formats, the
// header, panes, autofilter and widths.
func TestStreamedXLSXReadsLikeExcelize(t *testing.T) {
	for seed := range uint64(60) {
		held := randomDoc(rand.New(rand.NewPCG(seed, 1)), 0)
		want := xlsxContent(t, render(t, held, FormatXLSX))
		for how := 1; how <= 2; how++ {
			doc := randomDoc(rand.New(rand.NewPCG(seed, 1)), how)
			data := render(t, doc, FormatXLSX)
			if got := xlsxContent(t, data); got != want {
				t.Fatalf("seed %d, how %d:\n%s\nwant\n%s", seed, how, got, want)
			}
			if again := render(t, randomDoc(rand.New(rand.NewPCG(seed, 1)), how), FormatXLSX); !bytes.Equal(again, data) {
				t.Fatalf("seed %d, how %d: two renderings differ", seed, how)
			}
		}
	}
}

// A streamed text reads back as written, "_xHHHH_" sequences included (excelize's
// in-memory writer stores "_x0041_" as is, and readers decode it as "A").
func TestStreamedXLSXTextReadsBack(t *testing.T) {
	texts := []string{"_x0041_", "_x005F_x0041_", "a_x00e9_b", "_xZZZZ_", "_x005F_"}
	tb := &Table{Name: "T", Columns: []Column{{Key: "s"}}}
	for _, s := range texts {
		tb.Rows = append(tb.Rows, []Cell{Text(s)})
	}
	f := openXLSX(t, render(t, &Document{Tables: []*Table{streamedCopy(tb)}}, FormatXLSX))
	rows, err := f.GetRows("T")
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range texts {
		if got := rows[i+1][0]; got != s {
			t.Errorf("%q reads back as %q", s, got)
		}
	}
}

// Numbers keep their exact text in a streamed sheet, whatever float64 would make of it.
func TestStreamedXLSXExactDecimals(t *testing.T) {
	doc := &Document{Precision: 2, Tables: []*Table{streamedCopy(&Table{Name: "T",
		Columns: []Column{{Key: "q", Kind: KindQuantity}, {Key: "m", Kind: KindMoney}},
		Rows:    [][]Cell{{Qty(decimal.RequireFromString("0.016666666666666667")), Money(decimal.RequireFromString("12345678901234567.89"))}}})}}
	sheet := zipPart(t, render(t, doc, FormatXLSX), "xl/worksheets/sheet1.xml")
	for ref, want := range map[string]string{"A2": "0.016666666666666667", "B2": "12345678901234567.89"} {
		if c := rawCell(t, sheet, ref); strings.Contains(c, ` t="`) || !strings.Contains(c, "<v>"+want+"</v>") {
			t.Errorf("%s = %s, want a numeric cell holding exactly %s", ref, c, want)
		}
	}
	if strings.Contains(sheet, "<dimension") {
		t.Errorf("a streamed sheet of unknown length has a dimension")
	}
}

// A Stream table longer than a sheet holds is refused once its rows are counted.
func TestStreamedXLSXTooManyRows(t *testing.T) {
	n := excelize.TotalRows // one more than fits under the header
	tb := &Table{Name: "Big", Columns: []Column{{Key: "n", Kind: KindInt}},
		Stream: func(yield func([]Cell) error) error {
			for i := range n {
				if err := yield([]Cell{Int(int64(i))}); err != nil {
					return err
				}
			}
			return nil
		}}
	err := Render(&bytes.Buffer{}, &Document{Tables: []*Table{tb}}, FormatXLSX)
	var tm *TooManyRowsError
	if !errors.As(err, &tm) || tm.Rows != n || tm.Sheet != "Big" {
		t.Fatalf("err %v", err)
	}
}

// Every other format writes a table whose rows are produced (N/Row, Stream) byte for
// byte as the same table held: one renderer per format, whatever keeps the rows.
func TestProducedTablesRenderLikeHeld(t *testing.T) {
	for seed := range uint64(60) {
		for _, f := range []Format{FormatTable, FormatCSV, FormatJSON, FormatMarkdown} {
			want := render(t, randomDoc(rand.New(rand.NewPCG(seed, 1)), 0), f)
			for how := 1; how <= 2; how++ {
				if got := render(t, randomDoc(rand.New(rand.NewPCG(seed, 1)), how), f); !bytes.Equal(got, want) {
					t.Fatalf("seed %d, %s, how %d:\n%s\nwant\n%s", seed, f, how, got, want)
				}
			}
		}
	}
}

// A held table longer than widthRows is written as a streamed sheet (excelize's
// in-memory sheet takes about 3 KB and 30 µs a row): the same bytes as the table made
// by N/Row, and the document is left as it was.
func TestLongHeldTableIsStreamed(t *testing.T) {
	tb := &Table{Name: "Summary", Columns: []Column{{Key: "month"}, {Key: "amount", Kind: KindMoney}}}
	for i := range widthRows + 1 {
		tb.Rows = append(tb.Rows, []Cell{Text(fmt.Sprintf("m%05d", i)), Money(decimal.New(int64(i), -2))})
	}
	rows := tb.Rows
	made := &Table{Name: tb.Name, Columns: tb.Columns, N: len(rows),
		Row: func(i int, buf []Cell) []Cell { return append(buf, rows[i]...) }}
	held := render(t, &Document{Precision: 2, Tables: []*Table{tb}}, FormatXLSX)
	if want := render(t, &Document{Precision: 2, Tables: []*Table{made}}, FormatXLSX); !bytes.Equal(held, want) {
		t.Error("a long held table is not written as the same table made by N/Row")
	}
	if tb.Row != nil || len(tb.Rows) != widthRows+1 {
		t.Error("rendering changed the document's table")
	}
}
