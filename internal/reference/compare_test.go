package reference

import (
	"fmt"
	"sort"
	"strings"
)

// listKeys are the fields that identify a row of each list, for aligning the engine's
// rows with the reference's.
var listKeys = map[string][]string{
	"packages":    {"package_id"},
	"entries":     {"record_id", "package_id"},
	"records":     {"record_id"},
	"summary":     {"code", "unit", "currency"},
	"bills":       {"bill_date", "package_id", "bill_type", "period_start", "enterprise_project", "tags", "provisional"},
	"totals":      {"package_id"},
	"groups":      {"month", "product", "currency"},
	"differences": {"code", "package_id", "bill_date", "bill_type", "expected", "actual"},
}

func keyOf(r row, fields []string) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = f + "=" + r[f]
	}
	return strings.Join(parts, " ")
}

// compareListings returns one line per disagreement between the engine's listing and the
// reference's: rows only one side has, fields that differ (only the reference's fields
// are compared), and rows in another order. unordered lists are compared as sets.
func compareListings(engine, ref listing, unordered map[string]bool) []string {
	var out []string
	names := make([]string, 0, len(ref))
	for n := range ref {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		rr, er := ref[name], engine[name]
		keys := listKeys[name]
		if keys == nil { // a scalar
			if len(er) != 1 || er[0]["value"] != rr[0]["value"] {
				v := "<absent>"
				if len(er) == 1 {
					v = fmt.Sprintf("%q", er[0]["value"])
				}
				out = append(out, fmt.Sprintf("%s: engine %s, reference %q", name, v, rr[0]["value"]))
			}
			continue
		}
		used := make([]bool, len(er))
		var matchedOrder []int
		for _, r := range rr {
			k := keyOf(r, keys)
			found := -1
			for j, e := range er {
				if !used[j] && keyOf(e, keys) == k {
					found = j
					break
				}
			}
			if found < 0 {
				out = append(out, fmt.Sprintf("%s: missing in engine: %s", name, describe(r)))
				continue
			}
			used[found] = true
			matchedOrder = append(matchedOrder, found)
			e := er[found]
			var fields []string
			for f := range r {
				fields = append(fields, f)
			}
			sort.Strings(fields)
			for _, f := range fields {
				if e[f] != r[f] {
					out = append(out, fmt.Sprintf("%s[%s].%s: engine %q, reference %q", name, k, f, e[f], r[f]))
				}
			}
		}
		for j, e := range er {
			if !used[j] {
				out = append(out, fmt.Sprintf("%s: extra in engine: %s", name, describe(restrict(e, rr))))
			}
		}
		if !unordered[name] && sort.IntsAreSorted(matchedOrder) == false {
			out = append(out, fmt.Sprintf("%s: rows in another order than the reference's (engine positions %v)", name, matchedOrder))
		}
	}
	return out
}

// restrict keeps the fields the reference's rows have (an engine row's extra columns
// are not compared and would only clutter the report).
func restrict(e row, like []row) row {
	if len(like) == 0 {
		return e
	}
	out := row{}
	for f := range like[0] {
		out[f] = e[f]
	}
	return out
}

func describe(r row) string {
	fields := make([]string, 0, len(r))
	for f := range r {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = fmt.Sprintf("%s=%q", f, r[f])
	}
	return "{" + strings.Join(parts, " ") + "}"
}
