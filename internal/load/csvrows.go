package load

import (
	"fmt"
	"strings"

	"github.com/pkgctl/pkgctl/internal/value"
)

// csvRows is what every data row of a CSV file is checked against, besides its values
// (rules.md §1.8): the number of fields of its header, its delimiter and its charset.
type csvRows struct {
	fields int
	comma  rune
	cs     charset
}

// unreadable is the problem that makes the current row unreadable: bad, its reader's,
// or else a CSV row's extra fields (csvRows.extra); nil when there is none.
func (r *rowReader) unreadable(bad error) error {
	if bad != nil || len(r.cells) <= r.fields {
		return bad
	}
	return r.csv.extra(r.cells)
}

// extra is the problem of a row with more fields than the header, one of the extra
// fields not blank: a value holding the delimiter, unquoted, was split, and the columns
// after it took the wrong values ("1,000" read as 1). Blank extra fields (a delimiter at
// the end of the row) are no problem: nil.
func (c *csvRows) extra(cells []string) error {
	for k := c.fields; k < len(cells); k++ {
		if strings.TrimSpace(cells[k]) == "" {
			continue
		}
		why := fmt.Sprintf("an unquoted %q inside a value splits it", string(c.comma))
		if c.comma == ',' {
			why = `an unquoted "," inside a value (a thousands separator, as in 1,000) splits it`
		}
		return fmt.Errorf("the row has %d fields, the header %d (field %d is %s): %s; quote the value",
			len(cells), c.fields, k+1, value.Quote(cells[k]), why)
	}
	return nil
}
