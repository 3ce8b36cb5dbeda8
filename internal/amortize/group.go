package amortize

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
)

// GroupRow is one group of `amortize --by`: the key values (in the order of the keys
// asked for), the currency (always a group key: amounts of two currencies never add up),
// the summed amount, and the summed quantity when every row of the group has one of a
// single unit (else Quantity is invalid and Unit empty).
type GroupRow struct {
	Keys     []string // as written: a text attribute's first spelling met
	Currency string
	Amount   decimal.Decimal
	Quantity decimal.NullDecimal
	Unit     string
	Rows     int      // bill rows summed
	ids      []string // the keys as compared (text attributes in model.Norm form)
}

var groupKeys = "day, month, package, product, bill_type, enterprise_project, tag:KEY"

// Group sums final bills by keys (rules.md §3.7, --by): day, month, package, product, bill_type,
// enterprise_project, tag:KEY. Provisional rows are excluded. Product and project compare
// as text attributes do (model.Norm; a group shows the first spelling met); tags stay
// exact. Groups are ordered by their compared key values, then currency.
func Group(bills []Bill, keys []string) ([]GroupRow, error) {
	return GroupWalk(func(yield func(*Bill) bool) {
		for i := range bills {
			if !yield(&bills[i]) {
				return
			}
		}
	}, keys)
}

// GroupWalk is Group over bills as they are walked (Result.Walk of a lazy result).
func GroupWalk(bills iter.Seq[*Bill], keys []string) ([]GroupRow, error) {
	keys, err := ParseKeys(keys)
	if err != nil {
		return nil, err
	}
	fns := make([]func(*Bill) string, len(keys))
	norm := make([]bool, len(keys))
	for i, k := range keys {
		f, n, err := keyFunc(k)
		if err != nil {
			return nil, err
		}
		fns[i], norm[i] = f, n
	}
	idx := map[string]int{}
	var out []GroupRow
	var sums []groupSum
	vals, ids := make([]string, len(fns)), make([]string, len(fns))
	var id []byte
	for b := range bills {
		if b.Provisional {
			continue
		}
		id = id[:0]
		for j, f := range fns {
			vals[j] = f(b)
			ids[j] = vals[j]
			if norm[j] {
				ids[j] = model.Norm(vals[j])
			}
			id = append(append(id, ids[j]...), 0)
		}
		id = append(id, b.Currency...)
		g, ok := idx[string(id)]
		if !ok {
			g = len(out)
			idx[string(id)] = g
			out = append(out, GroupRow{Keys: slices.Clone(vals), ids: slices.Clone(ids), Currency: b.Currency, Unit: b.Unit})
			sums = append(sums, groupSum{unit: model.Norm(b.Unit), raw: b.Unit, qtyValid: true})
		}
		out[g].Rows++
		sums[g].add(b)
	}
	for g := range out {
		out[g].Amount = sums[g].amt.Value()
		if sums[g].qtyValid {
			out[g].Quantity = decimal.NewNullDecimal(sums[g].qty.Value())
		} else {
			out[g].Unit = ""
		}
	}
	sort.Slice(out, func(i, j int) bool { return lessGroup(&out[i], &out[j]) })
	return out, nil
}

// groupSum adds up a group's rows: the amounts, and the quantities while every row has
// one in the unit of the first (by model.Norm; raw is the first row's unit as written).
type groupSum struct {
	amt, qty  exact.QtySum
	unit, raw string
	qtyValid  bool
}

func (s *groupSum) add(b *Bill) {
	s.amt.Add(b.Amount)
	if !s.qtyValid {
		return
	}
	if !b.Quantity.Valid || (b.Unit != s.raw && model.Norm(b.Unit) != s.unit) {
		s.qtyValid = false
		return
	}
	s.qty.Add(b.Quantity.Decimal)
}

func lessGroup(a, b *GroupRow) bool {
	for k := range a.ids {
		if a.ids[k] != b.ids[k] {
			return a.ids[k] < b.ids[k]
		}
	}
	return a.Currency < b.Currency
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
	out := make([]string, len(keys))
	seen := map[string]bool{}
	for i, k := range keys {
		n := strings.TrimSpace(k)
		if len(n) >= len("tag:") && strings.EqualFold(n[:len("tag:")], "tag:") {
			n = "tag:" + strings.TrimSpace(n[len("tag:"):])
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
