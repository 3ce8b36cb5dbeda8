package report

import (
	"slices"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/shopspring/decimal"
)

// hasTotals reports whether any column of t is totalled.
func (t *Table) hasTotals() bool {
	for _, c := range t.Columns {
		if c.Total {
			return true
		}
	}
	return false
}

// totaler accumulates a table's totals rows while its rows are rendered (one pass, so a
// streamed table is read once): the exact decimal sum of every Total column, empty cells
// skipped, over the rows TotalIf counts. With TotalBy, there is one totals row per value
// of that column (amounts of two currencies never add up), in order of the values.
type totaler struct {
	t    *Table
	by   int // TotalBy's column, or -1
	keys []string
	sums map[string]*columnSums
	// With TotalIn: the currency of the rows counted so far; whether they are in more
	// than one, or one is not known (no totals row then).
	currency string
	nototal  bool
	// The sums of the last row's TotalBy value, kept out of the map while the rows
	// share it.
	last    *columnSums
	lastKey string
}

type columnSums struct {
	sum   []exact.QtySum // money and quantity columns: exact, in an int64 while it fits
	n     []int64        // int columns
	cells []int64        // the cells added, per column
	rows  int64          // the rows counted
}

func newColumnSums(n int) *columnSums {
	return &columnSums{sum: make([]exact.QtySum, n), n: make([]int64, n), cells: make([]int64, n)}
}

// newTotaler returns t's totaler, or nil when t has no Total column.
func (t *Table) newTotaler() *totaler {
	if !t.hasTotals() {
		return nil
	}
	return &totaler{t: t, by: t.columnIndex(t.TotalBy), sums: map[string]*columnSums{}}
}

// add counts row i.
func (a *totaler) add(i int, row []Cell) {
	if a == nil || (a.t.TotalIf != nil && !a.t.TotalIf(i)) {
		return
	}
	if a.t.TotalIn != nil {
		switch c, known := a.t.TotalIn(i); {
		case !known || c != "" && a.currency != "" && c != a.currency:
			a.nototal = true
		case c != "":
			a.currency = c
		}
	}
	key := ""
	if a.by >= 0 {
		key = row[a.by].str()
	}
	s := a.last
	if s == nil || key != a.lastKey {
		if s = a.sums[key]; s == nil {
			s = newColumnSums(len(row))
			a.sums[key] = s
			a.keys = append(a.keys, key)
		}
		a.last, a.lastKey = s, key
	}
	s.rows++
	for j, col := range a.t.Columns {
		c := &row[j]
		if !col.Total || !c.set() {
			continue
		}
		s.cells[j]++
		switch k := c.kind(); {
		case k == KindInt:
			s.n[j] += c.num
		case c.parts():
			s.sum[j].AddCoef(c.num, c.exp())
		default:
			s.sum[j].Add(c.decimal())
		}
	}
}

// rows returns the totals rows: the label "total" in the first column that is not
// totalled, the TotalBy value in its column, the sums, empty cells elsewhere. A column
// empty in every row counted has an empty total (a sum of nothing is not a zero
// measured); a table with no counted row has no totals row (a total is per currency,
// and there is none), nor has one whose amounts do not add (TotalIn).
func (a *totaler) rows() [][]Cell {
	if a == nil || a.nototal || len(a.keys) == 0 {
		return nil
	}
	keys := slices.Clone(a.keys)
	slices.Sort(keys)
	out := make([][]Cell, 0, len(keys))
	for _, k := range keys {
		s := a.sums[k]
		row := make([]Cell, len(a.t.Columns))
		labelled := false
		for j, col := range a.t.Columns {
			switch {
			case col.Total && s.cells[j] == 0:
				row[j] = Empty()
			case col.Total:
				row[j] = sumCell(col.Kind, s.sum[j].Value(), s.n[j])
			case j == a.by:
				row[j] = Text(k)
			case !labelled:
				row[j], labelled = Text(totalLabel), true
			}
		}
		out = append(out, row)
	}
	return out
}

// sumCell is a column's sum as a cell of the column's kind.
func sumCell(k Kind, sum decimal.Decimal, n int64) Cell {
	switch k {
	case KindInt:
		return Int(n)
	case KindMoney:
		return Money(sum)
	case KindQuantity:
		return Qty(sum)
	}
	return Empty() // a non-numeric column cannot be totalled
}
