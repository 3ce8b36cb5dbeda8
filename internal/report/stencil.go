package report

import (
	"fmt"
	"sync/atomic"
)

// stencils is what a CSV listing's rows of each stencil share (Table.Stencil), as
// text: made once, from the first row of the stencil a formatter meets, and shared by
// the formatters of the listing (on several goroutines). Two formatters meeting a new
// stencil at once both make its text, the same bytes; one keeps it.
type stencils struct {
	texts []atomic.Pointer[stencilText] // stencil s is texts[s-1]
}

// stencilText is a row's CSV line without its Vary fields: line[cut[k-1]:cut[k]] goes
// before Vary field k (from 0 for the first) and line[cut[last]:] after the last.
type stencilText struct {
	line []byte
	cut  []int
}

// newStencils checks t's stencil columns and makes the empty texts: nil when t has no
// Stencil.
func newStencils(t *Table) (*stencils, error) {
	if t.Stencil == nil {
		return nil, nil
	}
	for k, j := range t.Vary {
		if j < 0 || j >= len(t.Columns) || (k > 0 && j <= t.Vary[k-1]) {
			return nil, fmt.Errorf("report: table %q: stencil columns %v are not increasing column indexes", t.Name, t.Vary)
		}
	}
	return &stencils{texts: make([]atomic.Pointer[stencilText], max(t.Stencils, 0))}, nil
}

// appendRow appends row i of t as a CSV line in form f, the row being stencil s whose
// Vary cells are vary; a stencil not yet met is made from the whole row (Row).
func (sc *stencils) appendRow(b []byte, t *Table, f csvForm, memo []colMemo, i, s int, vary []Cell) ([]byte, error) {
	if s < 1 || s > len(sc.texts) {
		return b, fmt.Errorf("report: table %q row %d: stencil %d of %d", t.Name, i+1, s, len(sc.texts))
	}
	if len(vary) != len(t.Vary) {
		return b, fmt.Errorf("report: table %q row %d: %d cells for %d stencil columns", t.Name, i+1, len(vary), len(t.Vary))
	}
	st := sc.texts[s-1].Load()
	if st == nil {
		row := t.Row(i, nil)
		if err := t.checkRow(i, row); err != nil {
			return b, err
		}
		st = &stencilText{cut: make([]int, len(t.Vary))}
		k := 0
		for j := range row {
			if j > 0 {
				st.line = append(st.line, ',')
			}
			if k < len(t.Vary) && t.Vary[k] == j {
				st.cut[k] = len(st.line)
				k++
				continue
			}
			st.line = f.appendCell(st.line, &row[j], &memo[j])
		}
		sc.texts[s-1].Store(st)
	}
	from := 0
	for k, j := range t.Vary {
		c := &vary[k]
		if err := t.checkCell(i, j, c); err != nil {
			return b, err
		}
		b = append(b, st.line[from:st.cut[k]]...)
		b = memo[j].appendRepeat(b, c, f)
		from = st.cut[k]
	}
	b = append(b, st.line[from:]...)
	return append(b, '\n'), nil
}
