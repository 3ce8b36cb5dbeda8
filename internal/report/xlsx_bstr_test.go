package report

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pkgctl/pkgctl/internal/load"
)

// A text that looks like an OOXML escape (_x0041_, which a spreadsheet shows as A) is
// written escaped in every sheet, held in memory or streamed, so that a spreadsheet,
// excelize and pkgctl's own reader read it as written.
func TestXLSXTextsKeepEscapeLookalikes(t *testing.T) {
	ids := []string{"_x0041_", "_x005F_x0042_", "a_x0043_b"}
	cols := []Column{{Key: "record_id"}, {Key: "product"}, {Key: "billing_item"}, {Key: "start_time", Kind: KindTime},
		{Key: "end_time", Kind: KindTime}, {Key: "quantity", Kind: KindQuantity}, {Key: "unit"}}
	start := time.Date(2024, 1, 2, 10, 0, 0, 0, time.UTC)
	var rows [][]Cell
	for _, id := range ids {
		rows = append(rows, []Cell{Text(id), Text("OBS"), Text("x"), Time(start), Time(start.Add(time.Hour)), Qty(dec("1")), Text("GB")})
	}
	held := &Table{Name: "Held", Columns: cols, Rows: rows}
	streamed := &Table{Name: "Streamed", Columns: cols, N: len(rows), Row: func(i int, row []Cell) []Cell { return append(row, rows[i]...) }}
	for _, tb := range []*Table{held, streamed} {
		out := render(t, &Document{Tables: []*Table{tb}, Location: time.UTC}, FormatXLSX)
		f, err := excelize.OpenReader(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range ids {
			if v, _ := f.GetCellValue(tb.Name, cellRef(0, i+2)); v != id {
				t.Errorf("%s: excelize reads %q, want %q", tb.Name, v, id)
			}
		}
		recs, _, err := load.Usage("u.xlsx", bytes.NewReader(out), load.Options{Location: time.UTC, Currency: "USD"})
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range recs {
			if r.ID != ids[i] {
				t.Errorf("%s: pkgctl reads the id %q, want %q", tb.Name, r.ID, ids[i])
			}
		}
	}
}
