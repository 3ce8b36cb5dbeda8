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
// and empty cells elsewhere. ok is false when t has no Total column. It reads every
// row once; a renderer that goes through the rows anyway sums them with a totaler.
func (t *Table) totals() (row []Cell, ok bool) {
	a := newTotaler(t)
	if a == nil {
		return nil, false
	}
	_ = t.each(func(i int, r []Cell) error { // row shape errors surface when rendering rows
		a.add(i, r)
		return nil
	})
	return a.row(), true
}

// totaler sums a table's Total columns as its rows go by.
type totaler struct {
	t    *Table
	sums []decimal.Decimal
	ns   []int64
}

// newTotaler starts the totals of t; nil when t has no Total column.
func newTotaler(t *Table) *totaler {
	if !t.hasTotals() {
		return nil
	}
	return &totaler{t: t, sums: make([]decimal.Decimal, len(t.Columns)), ns: make([]int64, len(t.Columns))}
}

// add counts row i (unless the table's TotalIf leaves it out).
func (a *totaler) add(i int, r []Cell) {
	if a == nil || a.t.TotalIf != nil && !a.t.TotalIf(i) {
		return
	}
	for j, col := range a.t.Columns {
		if c := r[j]; col.Total && c.set() {
			a.ns[j] += c.num
			a.sums[j] = a.sums[j].Add(c.decimal())
		}
	}
}

// row is the totals row of what was added (see Table.totals).
func (a *totaler) row() []Cell {
	row := make([]Cell, len(a.t.Columns))
	labelled := false
	for j, col := range a.t.Columns {
		if !col.Total {
			if !labelled {
				row[j], labelled = Text(totalLabel), true
			}
			continue
		}
		switch col.Kind {
		case KindInt:
			row[j] = Int(a.ns[j])
		case KindMoney:
			row[j] = Money(a.sums[j])
		case KindQuantity:
			row[j] = Qty(a.sums[j])
		default:
			row[j] = Empty() // a non-numeric column cannot be totalled
		}
	}
	return row
}
