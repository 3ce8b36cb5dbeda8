package report

import (
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

// totals returns the totals row of t: the exact decimal sum of every Total column
// (empty cells skipped), the label "total" in the first column that is not totalled
// (whatever its kind),
// and empty cells elsewhere. ok is false when t has no Total column.
func (t *Table) totals() (row []Cell, ok bool) {
	if !t.hasTotals() {
		return nil, false
	}
	row = make([]Cell, len(t.Columns))
	labelled := false
	for j, col := range t.Columns {
		if !col.Total {
			if !labelled {
				row[j], labelled = Text(totalLabel), true
			}
			continue
		}
		row[j] = t.sumColumn(j)
	}
	return row, true
}

// sumColumn sums column j of t into a cell of the column's kind.
func (t *Table) sumColumn(j int) Cell {
	sum := decimal.Zero
	var n int64
	_ = t.each(func(i int, r []Cell) error { // row shape errors surface when rendering rows
		if t.TotalIf != nil && !t.TotalIf(i) {
			return nil
		}
		if c := r[j]; c.set() {
			n += c.num
			sum = sum.Add(c.decimal())
		}
		return nil
	})
	switch t.Columns[j].Kind {
	case KindInt:
		return Int(n)
	case KindMoney:
		return Money(sum)
	case KindQuantity:
		return Qty(sum)
	}
	return Empty() // a non-numeric column cannot be totalled
}
