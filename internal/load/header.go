package load

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/pkgctl/pkgctl/internal/value"
)

// normHeader is the matching form of a header cell: lower-case, without spaces, '_' or
// '-', and without one trailing "(unit)" or "（单位）" parenthetical.
// "Total capacity (GB)" and "total_capacity" both become "totalcapacity".
func normHeader(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(s, "\ufeff"))
	for _, p := range [...][2]string{{"(", ")"}, {"（", "）"}} {
		if strings.HasSuffix(s, p[1]) {
			if i := strings.LastIndex(s, p[0]); i > 0 {
				s = strings.TrimSpace(s[:i])
				break
			}
		}
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '_' || r == '-' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// aliasIndex maps a normalized header to the slots it names (more than one is a conflict).
type aliasIndex map[string][]int

// newAliasIndex builds the index of a schema plus the user's aliases (canonical → names).
// An alias for an unknown canonical column is an error.
func newAliasIndex(s *schema, extra map[string][]string) (aliasIndex, error) {
	ix := aliasIndex{}
	byName := map[string]int{}
	for slot, c := range s.cols {
		byName[c.name] = slot
		ix.add(c.name, slot)
		for _, a := range c.aliases {
			ix.add(a, slot)
		}
	}
	names := make([]string, 0, len(extra))
	for canon := range extra {
		names = append(names, canon)
	}
	sort.Strings(names)
	for _, canon := range names {
		slot, ok := byName[strings.ToLower(strings.TrimSpace(canon))]
		if !ok {
			return nil, fmt.Errorf("columns.%s: unknown column %s", s.kind, value.Quote(canon))
		}
		for _, a := range extra[canon] {
			ix.add(a, slot)
		}
	}
	for _, slots := range ix {
		sort.Ints(slots)
	}
	return ix, nil
}

func (ix aliasIndex) add(name string, slot int) {
	n := normHeader(name)
	if n == "" {
		return
	}
	for _, s := range ix[n] {
		if s == slot {
			return
		}
	}
	ix[n] = append(ix[n], slot)
}

// header is a mapped header row: the raw cells and, per slot, the cell index or -1.
type header struct {
	cells []string
	col   []int
}

// headerMatch is the result of matching one row against a schema.
type headerMatch struct {
	header
	missing  []string   // required columns not found
	problems []colError // conflicts: reported only when the row is the header
}

// colError is a problem whose location is not yet known.
type colError struct{ column, msg string }

// matchHeader maps the cells of one row. The row is a header when missing is empty.
func matchHeader(s *schema, ix aliasIndex, cells []string) headerMatch {
	m := headerMatch{header: header{cells: cells, col: make([]int, len(s.cols))}}
	for i := range m.col {
		m.col[i] = -1
	}
	for j, cell := range cells {
		slots := ix[normHeader(cell)]
		if len(slots) > 1 {
			m.problems = append(m.problems, colError{s.cols[slots[0]].name,
				fmt.Sprintf("header %s matches several columns (%s)", value.Quote(cell), slotNames(s, slots))})
		}
		for _, slot := range slots {
			if prev := m.col[slot]; prev >= 0 {
				m.problems = append(m.problems, colError{s.cols[slot].name,
					fmt.Sprintf("headers %s and %s both map to this column", value.Quote(cells[prev]), value.Quote(cell))})
				continue
			}
			m.col[slot] = j
		}
	}
	for slot, c := range s.cols {
		if c.need == required && m.col[slot] < 0 {
			m.missing = append(m.missing, c.name)
		}
	}
	return m
}

func slotNames(s *schema, slots []int) string {
	names := make([]string, len(slots))
	for i, slot := range slots {
		names[i] = s.cols[slot].name
	}
	return strings.Join(names, ", ")
}

// has reports whether the file has a column for slot.
func (h *header) has(slot int) bool { return h.col[slot] >= 0 }
