package focuscheck

import (
	"fmt"
	"slices"
	"sort"
	"time"
)

// Requirement is one checkable FOCUS 1.2 requirement.
type Requirement struct {
	ID    string // e.g. "NULL-MANDATORY"
	Text  string // a one-line paraphrase
	check func(d *Dataset, o Options, c *counter)
}

// Options are what a check needs beyond the data.
type Options struct {
	// EndedBy: a commitment discount whose Purchase rows' charge periods all end by
	// then is complete in the dataset, and its cost relations are checked. Zero checks
	// none (a dataset cut to a month holds no commitment whole).
	EndedBy time.Time
}

// Result is the outcome of one requirement.
type Result struct {
	ID, Text   string
	Applied    int      // rows (or columns, or commitments) the requirement applied to
	Violations int      // of which failed
	Examples   []string // the first few failures
}

// Status is "met", "violated" or "not applicable" (it applied to nothing).
func (r Result) Status() string {
	switch {
	case r.Violations > 0:
		return "violated"
	case r.Applied == 0:
		return "not applicable"
	}
	return "met"
}

// counter collects a requirement's applications and failures.
type counter struct{ r *Result }

func (c *counter) apply() { c.r.Applied++ }

func (c *counter) fail(format string, args ...any) {
	c.r.Violations++
	if len(c.r.Examples) < 5 {
		c.r.Examples = append(c.r.Examples, fmt.Sprintf(format, args...))
	}
}

// ok applies once and fails with the message unless cond holds. (args are copied
// before they are kept, so that a call that passes costs no allocation.)
func (c *counter) ok(cond bool, format string, args ...any) {
	c.apply()
	if !cond {
		c.fail(format, slices.Clone(args)...)
	}
}

// Check runs every requirement on d.
func Check(d *Dataset, o Options) []Result {
	out := make([]Result, len(Requirements))
	for i, req := range Requirements {
		out[i] = Result{ID: req.ID, Text: req.Text}
		req.check(d, o, &counter{&out[i]})
	}
	return out
}

// eachRow calls fn with every row and its 1-based line (header = line 1).
func (d *Dataset) eachRow(fn func(line int, r []Value)) {
	for i, r := range d.Rows {
		fn(i+2, r)
	}
}

// columnsOf lists the present columns of a FOCUS type, sorted.
func (d *Dataset) columnsOf(typ string) []string {
	var out []string
	for _, c := range d.Columns {
		if s, ok := Columns[c]; ok && s.Type == typ {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

func in(v Value, allowed []string) bool { return !v.Null && slices.Contains(allowed, v.S) }

func isUsageOrPurchase(d *Dataset, r []Value) bool {
	cc := d.get(r, "ChargeCategory").S
	return (cc == "Usage" || cc == "Purchase") && d.get(r, "ChargeClass").S != "Correction"
}
