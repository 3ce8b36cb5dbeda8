package report

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// textCell is random text of what may reach a table: wide runes, arrows, tabs and new
// lines anywhere, blank lines, spaces at either end.
func textCell(r *rand.Rand) string {
	parts := []string{"a", "REGION_MISMATCH", "→", "≠", "中文", " ", "\t", "\n", "\n\n", "x y", "😀", "é", "|", "-", "+"}
	var b strings.Builder
	for range r.IntN(6) {
		b.WriteString(parts[r.IntN(len(parts))])
	}
	return b.String()
}

// streamedCopy is t with the same rows given by a Stream.
func streamedCopy(t *Table) *Table {
	s := *t
	rows := t.Rows
	s.Rows = nil
	s.Stream = func(yield func([]Cell) error) error {
		for _, row := range rows {
			if err := yield(row); err != nil {
				return err
			}
		}
		return nil
	}
	return &s
}

// A streamed table prints the very bytes the same table holding its rows prints: widths,
// alignment, totals, empty tables, several tables, and cells with tabs, new lines and
// wide runes.
func TestStreamedTextMatchesTablewriter(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for i := range 1000 {
		doc := &Document{Precision: 2, Location: time.UTC}
		for k := range 1 + r.IntN(3) {
			tb := &Table{Name: []string{"Summary", "Records", "Other"}[k], Columns: []Column{
				{Key: "record_id"}, {Key: "n", Kind: KindInt, Total: r.IntN(2) == 0},
				{Key: "detail", Wide: r.IntN(2) == 0}, {Key: "qty", Kind: KindQuantity},
				{Key: "cost", Kind: KindMoney, Total: r.IntN(3) == 0}, {Key: "at", Kind: KindTime}}}
			if r.IntN(4) == 0 {
				tb.Columns[0].Key = textCell(r) + "key"
			}
			for range r.IntN(7) {
				row := []Cell{Text(textCell(r)), Int(r.Int64N(100000)), Text(textCell(r)),
					Qty(decimal.New(r.Int64N(1e7), -r.Int32N(4))), Money(decimal.New(r.Int64N(1e6), -2)),
					Time(time.Unix(1.7e9+r.Int64N(1e7), 0))}
				if r.IntN(3) == 0 {
					row[r.IntN(len(row))] = Empty()
				}
				tb.Rows = append(tb.Rows, row)
			}
			doc.Tables = append(doc.Tables, tb)
		}
		var want bytes.Buffer
		if err := renderTable(&want, doc); err != nil {
			t.Fatal(err)
		}
		sdoc := *doc
		sdoc.Tables = nil
		for _, tb := range doc.Tables {
			sdoc.Tables = append(sdoc.Tables, streamedCopy(tb))
		}
		var got bytes.Buffer
		if err := Render(&got, &sdoc, FormatTable); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("case %d:\n%s\nwant (tablewriter)\n%s", i, got.String(), want.String())
		}
	}
}
