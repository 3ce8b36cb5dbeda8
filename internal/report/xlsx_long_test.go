package report

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A text longer than an xlsx cell holds (32,767 UTF-16 units) is refused, naming the
// sheet, its row and the column, in sheets held in memory and streamed ones, rather
// than cut: nothing is written. A text of exactly the limit (in UTF-16 units: 𝄞 counts
// two) is written whole.
func TestXLSXTextTooLong(t *testing.T) {
	long := strings.Repeat("L", excelize.TotalCellChars+1)
	fits := strings.Repeat("𝄞", excelize.TotalCellChars/2) + "x" // 32,767 units, 65,537 bytes
	cols := []Column{{Key: "id", Kind: KindText}, {Key: "note", Kind: KindText}}
	held := func(note string) *Table {
		return &Table{Name: "Held", Columns: cols, Rows: [][]Cell{{Text("a"), Text("ok")}, {Text("b"), Text(note)}}}
	}
	streamed := func(note string) *Table {
		rows := [][]Cell{{Text("a"), Text("ok")}, {Text("b"), Text(note)}}
		return &Table{Name: "Streamed", Columns: cols, N: len(rows), Row: func(i int, row []Cell) []Cell { return append(row, rows[i]...) }}
	}
	for _, tb := range []*Table{held(long), streamed(long)} {
		var buf bytes.Buffer
		err := renderXLSX(&buf, &Document{Tables: []*Table{tb}})
		var tl *TextTooLongError
		if !errors.As(err, &tl) || tl.Sheet != tb.Name || tl.Row != 3 || tl.Column != "note" || tl.Units != excelize.TotalCellChars+1 {
			t.Fatalf("%s: err %v (%+v)", tb.Name, err, tl)
		}
		want := `report: sheet "` + tb.Name + `" row 3: column "note" holds a text of 32768 characters; an xlsx cell holds 32767`
		if err.Error() != want {
			t.Errorf("message %q, want %q", err, want)
		}
		if tb.Name == "Held" && buf.Len() != 0 {
			t.Errorf("%s: %d bytes written", tb.Name, buf.Len())
		}
	}
	// A text that fits, but not once its _xHHHH_ sequences are escaped (each grows by
	// six characters as stored), is refused too: excelize would cut a held sheet's.
	escapes := strings.Repeat("_x0041_", 200) + strings.Repeat("e", excelize.TotalCellChars-1400) // 32,767 characters
	for _, tb := range []*Table{held(escapes), streamed(escapes)} {
		err := renderXLSX(&bytes.Buffer{}, &Document{Tables: []*Table{tb}})
		var tl *TextTooLongError
		if !errors.As(err, &tl) || tl.Units != excelize.TotalCellChars+1200 || !tl.Escaped ||
			!strings.Contains(err.Error(), "holds a text of 33967 characters once its _xHHHH_ sequences are escaped") {
			t.Errorf("%s: err %v (%+v), want the escaped text refused", tb.Name, err, tl)
		}
	}
	for _, text := range []string{fits, strings.Repeat("_x0041_", 100)} {
		for _, tb := range []*Table{held(text), streamed(text)} {
			out := render(t, &Document{Tables: []*Table{tb}}, FormatXLSX)
			f, err := excelize.OpenReader(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if v, _ := f.GetCellValue(tb.Name, "B3"); v != text {
				t.Errorf("%s: B3 has %d bytes, want the %d of the text written whole", tb.Name, len(v), len(text))
			}
		}
	}
}
