package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// stencilDoc is a listing of n rows of every kind of cell, in which row i is of stencil
// 1 + i%stencils (none for every fifth row): a stencil's rows share every cell but those
// of the vary columns. With stencil set, Table.Stencil tells them apart.
func stencilDoc(n, stencils int, vary []int, stencil bool) *Document {
	loc := time.FixedZone("UTC+8", 8*3600)
	cols := []Column{{Key: "date", Kind: KindDate}, {Key: "name", Kind: KindText}, {Key: "count", Kind: KindInt},
		{Key: "amount", Kind: KindMoney}, {Key: "qty", Kind: KindQuantity}, {Key: "start", Kind: KindTime},
		{Key: "note", Kind: KindText}, {Key: "final", Kind: KindBool}}
	// cell j of row i, as a row of stencil s has it (s = 0: none)
	cell := func(j, i, s int) Cell {
		shared := s > 0 && !containsInt(vary, j)
		k := i
		if shared {
			k = s
		}
		day := time.Date(2024, 1, 1, 0, 0, 0, 0, loc).AddDate(0, 0, k/7) // a day repeats on consecutive rows
		switch j {
		case 0:
			return Date(day)
		case 1:
			return Text([]string{"plain", "with, comma", `a "quote"`, "=SUM(A1)", "", "a text longer than thirty bytes, quoted"}[k%6])
		case 2:
			return Int(int64(k * 3))
		case 3:
			return Money(decimal.New(int64(k*7919%100000-5000), -3))
		case 4:
			if k%4 == 0 {
				return Empty()
			}
			return Qty(decimal.New(int64(k), -2))
		case 5:
			return Time(day.Add(time.Duration(k%5) * time.Hour))
		case 6:
			return Text(fmt.Sprintf("note %d", k/3))
		}
		return Bool(k%2 == 0)
	}
	stencilOf := func(i int) int {
		if i%5 == 4 {
			return 0
		}
		return 1 + i%stencils
	}
	row := func(i int, buf []Cell) []Cell {
		for j := range cols {
			buf = append(buf, cell(j, i, stencilOf(i)))
		}
		return buf
	}
	t := &Table{Name: "Rows", Columns: cols, N: n, Row: row, Concurrent: true}
	if stencil {
		t.Stencils, t.Vary = stencils, vary
		t.Stencil = func(i int, buf []Cell) (int, []Cell) {
			s := stencilOf(i)
			if s == 0 {
				return 0, row(i, buf)
			}
			for _, j := range vary {
				buf = append(buf, cell(j, i, s))
			}
			return s, buf
		}
	}
	return &Document{Tables: []*Table{t}, Precision: 2, Location: loc}
}

func containsInt(s []int, x int) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// A listing whose rows have stencils is written byte for byte as without them, whichever
// columns vary (the first, the last, neighbours, or none), on several goroutines.
func TestStencilRowsRenderTheSame(t *testing.T) {
	n := 5*csvBlock + 3
	for _, vary := range [][]int{{0, 3, 5}, {0, 1}, {6, 7}, {2}, {}, {0, 1, 2, 3, 4, 5, 6, 7}} {
		want, got := render(t, stencilDoc(n, 37, vary, false), FormatCSV), render(t, stencilDoc(n, 37, vary, true), FormatCSV)
		if !bytes.Equal(got, want) {
			t.Errorf("vary %v: the rows with stencils are written differently", vary)
		}
		if lines := bytes.Count(want, []byte("\n")); lines != n+1 || !bytes.Contains(want, []byte(`"with, comma"`)) {
			t.Errorf("vary %v: %d lines, want %d, and a quoted text", vary, lines, n+1)
		}
	}
}

// A stencil outside 1 … Stencils, the wrong number of vary cells, a vary cell of the
// wrong kind, and vary columns out of order are errors that name the table and row, not
// output.
func TestStencilMisuseIsAnError(t *testing.T) {
	n := 3 * csvBlock
	for _, c := range []struct {
		name string
		bend func(t *Table)
		want string
	}{
		{"stencil too large", func(t *Table) { t.Stencils = 10 }, "row 11: stencil 11 of 10"},
		{"stencil negative", func(t *Table) {
			s := t.Stencil
			t.Stencil = func(i int, buf []Cell) (int, []Cell) {
				if i == 7 {
					return -1, buf
				}
				return s(i, buf)
			}
		}, "row 8: stencil -1 of 37"},
		{"vary cells missing", func(t *Table) {
			s := t.Stencil
			t.Stencil = func(i int, buf []Cell) (int, []Cell) {
				k, row := s(i, buf)
				if k > 0 && i > 2*csvBlock {
					row = row[:1]
				}
				return k, row
			}
		}, "1 cells for 2 stencil columns"},
		{"vary cell of another kind", func(t *Table) {
			s := t.Stencil
			t.Stencil = func(i int, buf []Cell) (int, []Cell) {
				k, row := s(i, buf)
				if k > 0 && i == csvBlock+1 {
					row[1] = Int(5)
				}
				return k, row
			}
		}, fmt.Sprintf(`row %d column "amount": int cell in a money column`, csvBlock+2)},
		{"vary columns out of order", func(t *Table) { t.Vary = []int{3, 0} }, "stencil columns [3 0] are not increasing"},
		{"vary column outside", func(t *Table) { t.Vary = []int{0, 8} }, "stencil columns [0 8] are not increasing"},
	} {
		doc := stencilDoc(n, 37, []int{0, 3}, true)
		c.bend(doc.Tables[0])
		err := Render(io.Discard, doc, FormatCSV)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), `table "Rows"`) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
}
