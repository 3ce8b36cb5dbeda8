package amortize

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

// GroupRow is one group of `amortize --by`: the key values (in the order of the keys
// asked for), the currency (always a group key: amounts of two currencies never add up),
// the summed amount, and the summed quantity when every row of the group has one of a
// single unit (HasQuantity; else Quantity is zero and Unit empty). The sums are exact:
// those of adding up the rows' decimals (exact.QtySum).
type GroupRow struct {
	Keys        []string // as written: a text attribute's first spelling met
	Currency    string
	Amount      exact.Amount
	Quantity    exact.Amount
	HasQuantity bool
	Unit        string
	Rows        int // bill rows summed
}

var groupKeys = "day, month, package, product, bill_type, enterprise_project, tag:KEY"

// MaxKeys is the most --by keys: the six that are not tags and ten tags. Every bill is
// keyed by each of them, so ten thousand keys would cost ten thousand times the walk.
const MaxKeys = 16

// Group sums final bills by keys (rules.md §3.7, --by): day, month, package, product, bill_type,
// enterprise_project, tag:KEY. Provisional rows are excluded. Product and project compare
// as text attributes do (model.Norm; a group shows the first spelling met); tags stay
// exact. Groups are ordered by their compared key values, then currency. The bills may
// come in any order.
func Group(bills []Bill, keys []string) ([]GroupRow, error) {
	seq, err := groups(func(yield func(*Bill, Exact) bool) {
		for i := range bills {
			if !yield(&bills[i], Exact{}) {
				return
			}
		}
	}, keys, datesSorted(bills))
	if err != nil {
		return nil, err
	}
	var out []GroupRow
	for g := range seq {
		r := *g
		r.Keys = slices.Clone(g.Keys)
		out = append(out, r)
	}
	return out, nil
}

// Groups is Group over bills walked in date order, as Result.WalkExact yields them, and
// yields the groups in Group's order as they are complete: under a first key of day or
// month, the groups of a day (a month) once the walk leaves it, so that only those are
// held at a time; under any other first key, every group once the walk ends (held
// compactly: groupTable). Each range over the groups walks the bills again. The
// GroupRow yielded, its Keys included, is reused: it is valid until yield returns.
func Groups(bills iter.Seq2[*Bill, Exact], keys []string) (iter.Seq[*GroupRow], error) {
	return groups(bills, keys, true)
}

// groups is Groups; dated says the bills come in date order.
func groups(bills iter.Seq2[*Bill, Exact], keys []string, dated bool) (iter.Seq[*GroupRow], error) {
	keys, err := ParseKeys(keys)
	if err != nil {
		return nil, err
	}
	dated = dated && len(keys) > 0 && (keys[0] == "day" || keys[0] == "month")
	return func(yield func(*GroupRow) bool) {
		g, _ := newGrouper(keys, dated) // the keys are parsed: no error
		for b, ex := range bills {
			if !b.Provisional && !g.add(b, &ex, yield) {
				return
			}
		}
		g.flush(yield)
	}, nil
}

// grouper sums the bills of one walk into groups (groupTable), yielding them as they
// are complete.
type grouper struct {
	fns []func(*Bill) string
	// norm is, per key, its place among the keys that compare as text attributes (whose
	// values as written a group shows apart), or -1
	norm []int
	// dated: the first key is day or month and the bills come in date order: the groups
	// held, all of one day or month (lead), are complete when it changes
	dated bool
	lead  string
	t     groupTable
	last  []lastNorm // per text attribute key: its last value and model.Norm form
	vals  []string   // the bill's key values, compared, then its currency
	shown []string   // the bill's text attribute key values as written
	row   GroupRow
}

// lastNorm is a text attribute's last value and its model.Norm form: bills come in runs
// of one product or project.
type lastNorm struct{ raw, norm string }

func newGrouper(keys []string, dated bool) (*grouper, error) {
	g := &grouper{fns: make([]func(*Bill) string, len(keys)), norm: make([]int, len(keys)), dated: dated,
		vals: make([]string, len(keys)+1), row: GroupRow{Keys: make([]string, len(keys))}}
	for i, k := range keys {
		f, n, err := keyFunc(k)
		if err != nil {
			return nil, err
		}
		g.fns[i], g.norm[i] = f, -1
		if n {
			g.norm[i] = len(g.last)
			g.last = append(g.last, lastNorm{})
		}
	}
	g.shown = make([]string, len(g.last))
	g.t.init(len(g.vals), len(g.shown))
	for i, k := range keys {
		g.t.dates[i] = k == "day" || k == "month"
	}
	return g, nil
}

// add sums bill b (its amounts ex, when OK) into its group; false when yield stopped
// the walk.
func (g *grouper) add(b *Bill, ex *Exact, yield func(*GroupRow) bool) bool {
	for j, f := range g.fns {
		v := f(b)
		if k := g.norm[j]; k >= 0 {
			l := &g.last[k]
			if v != l.raw || l.norm == "" {
				l.raw, l.norm = v, model.Norm(v)
			}
			g.shown[k], v = v, l.norm
		}
		g.vals[j] = v
	}
	g.vals[len(g.fns)] = b.Currency
	if g.dated && g.vals[0] != g.lead {
		if g.t.n > 0 && !g.flush(yield) {
			return false
		}
		g.lead = g.vals[0]
	}
	s, created := g.t.find(g.vals, g.shown)
	if created {
		s.unit, s.qtyValid = b.Unit, true
	}
	s.add(b, ex, &g.t.big)
	return true
}

// flush yields the groups held, in order, and drops them; false when yield stopped.
func (g *grouper) flush(yield func(*GroupRow) bool) bool {
	defer g.t.reset()
	for _, i := range g.t.sorted() {
		vals, shown, s := g.t.group(i)
		for j := range g.row.Keys {
			if k := g.norm[j]; k >= 0 {
				g.row.Keys[j] = shown[k]
			} else {
				g.row.Keys[j] = vals[j]
			}
		}
		g.row.Currency = vals[len(vals)-1]
		g.row.Amount, g.row.Rows = s.amt.amount(g.t.big), s.rows
		g.row.Quantity, g.row.HasQuantity, g.row.Unit = exact.Amount{}, s.qtyValid, ""
		if s.qtyValid {
			g.row.Quantity, g.row.Unit = s.qty.amount(g.t.big), s.unit
		}
		if !yield(&g.row) {
			return false
		}
	}
	return true
}

// keyFunc returns the value extractor of one --by key (as ParseKeys writes it), and
// whether its values compare as text attributes (model.Norm).
func keyFunc(k string) (func(*Bill) string, bool, error) {
	f, err := keyValue(k)
	switch k {
	case "product", "enterprise_project":
		return f, true, err
	}
	return f, false, err
}

// keyValue returns the value extractor of one --by key (as ParseKeys writes it).
func keyValue(k string) (func(*Bill) string, error) {
	switch k {
	case "day":
		var last time.Time
		var lastDay string
		return func(b *Bill) string { // bills of a day share their Date: format it once
			if b.Date != last || lastDay == "" {
				last, lastDay = b.Date, b.Date.Format("2006-01-02")
			}
			return lastDay
		}, nil
	case "month":
		return func(b *Bill) string { return b.BillingCycle }, nil
	case "package":
		return func(b *Bill) string { return b.PackageID }, nil
	case "product":
		return func(b *Bill) string { return b.Product }, nil
	case "bill_type":
		return func(b *Bill) string { return b.Type.String() }, nil
	case "enterprise_project":
		return func(b *Bill) string { return b.EnterpriseProject }, nil
	}
	if name, ok := strings.CutPrefix(k, "tag:"); ok && name != "" {
		return func(b *Bill) string { v, _ := b.Tags.Get(name); return v }, nil
	}
	return nil, fmt.Errorf("unknown --by key %q (want %s)", k, groupKeys)
}

// ParseKeys reads grouping keys as Group uses them: trimmed, a key's name in any case
// (MONTH is month, TAG:team is tag:team), a tag's key as written (tags are exact:
// tag:Team and tag:team are two keys). It refuses an unknown or empty key, and one
// given twice (it would only repeat a column).
func ParseKeys(keys []string) ([]string, error) {
	if len(keys) > MaxKeys {
		return nil, fmt.Errorf("at most %d keys, not %d", MaxKeys, len(keys))
	}
	out := make([]string, len(keys))
	seen := map[string]bool{}
	for i, k := range keys {
		n := strings.TrimSpace(k)
		if len(n) >= len("tag:") && strings.EqualFold(n[:len("tag:")], "tag:") {
			n = "tag:" + strings.TrimSpace(n[len("tag:"):])
			if err := value.CheckTagKey(n[len("tag:"):]); err != nil {
				return nil, err
			}
		} else {
			n = strings.ToLower(n)
		}
		if n == "" {
			return nil, errors.New("an empty key")
		}
		if seen[n] {
			return nil, fmt.Errorf("%q is given twice", k)
		}
		seen[n] = true
		if _, _, err := keyFunc(n); err != nil {
			return nil, fmt.Errorf("unknown --by key %q (want %s)", k, groupKeys)
		}
		out[i] = n
	}
	return out, nil
}
