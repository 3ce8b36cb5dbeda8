package load

import (
	"slices"

	"github.com/pkgctl/pkgctl/internal/value"
)

// unescape is the text s of slot, which starts with an apostrophe, as rules.md §4.1
// reads it: in a text column of a CSV file, `'=x` is the text `=x` that a CSV writer
// escaped against formula injection, and one apostrophe more is one more in the text
// (value.UnescapeFormula).
// Numbers and times are left as they are, as are XLSX cells, which are typed and never
// escaped. Only cells that start with an apostrophe get here: the others cost nothing.
func (r *rowReader) unescape(slot int, s string) string {
	if r.csv == nil || slices.Contains(r.s.numbers, slot) || slices.Contains(r.s.times, slot) {
		return s
	}
	return value.UnescapeFormula(s)
}
