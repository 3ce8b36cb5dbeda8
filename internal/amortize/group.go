package amortize

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
)

// GroupRow is one group of `amortize --by`: the key values (in the order of the keys
// asked for), the currency (always a group key: amounts of two currencies never add up),
// the summed amount, and the summed quantity when every row of the group has one of a
// single unit (else Quantity is invalid and Unit empty).
type GroupRow struct {
	Keys     []string
	Currency string
	Amount   decimal.Decimal
	Quantity decimal.NullDecimal
	Unit     string
	Rows     int // bill rows summed
}

var groupKeys = "day, month, package, product, bill_type, enterprise_project, tag:KEY"

// Group sums final bills by keys (SPEC §4 --by): day, month, package, product, bill_type,
// enterprise_project, tag:KEY. Provisional rows are excluded. Groups are ordered by their
// key values, then currency.
func Group(bills []Bill, keys []string) ([]GroupRow, error) {
	fns := make([]func(*Bill) string, len(keys))
	for i, k := range keys {
		f, err := keyFunc(k)
		if err != nil {
			return nil, err
		}
		fns[i] = f
	}
	idx := map[string]int{}
	var out []GroupRow
	units := map[int]string{}
	for i := range bills {
		b := &bills[i]
		if b.Provisional {
			continue
		}
		vals := make([]string, len(fns))
		for j, f := range fns {
			vals[j] = f(b)
		}
		id := strings.Join(append(vals[:len(vals):len(vals)], b.Currency), "\x00")
		g, ok := idx[id]
		if !ok {
			g = len(out)
			idx[id] = g
			out = append(out, GroupRow{Keys: vals, Currency: b.Currency, Quantity: decimal.NewNullDecimal(decimal.Zero), Unit: b.Unit})
			units[g] = model.Norm(b.Unit)
		}
		addToGroup(&out[g], b, units[g])
	}
	sort.Slice(out, func(i, j int) bool { return lessGroup(&out[i], &out[j]) })
	return out, nil
}

func addToGroup(g *GroupRow, b *Bill, unit string) {
	g.Rows++
	g.Amount = g.Amount.Add(b.Amount)
	if !g.Quantity.Valid {
		return
	}
	if !b.Quantity.Valid || model.Norm(b.Unit) != unit {
		g.Quantity, g.Unit = decimal.NullDecimal{}, ""
		return
	}
	g.Quantity.Decimal = g.Quantity.Decimal.Add(b.Quantity.Decimal)
}

func lessGroup(a, b *GroupRow) bool {
	for k := range a.Keys {
		if a.Keys[k] != b.Keys[k] {
			return a.Keys[k] < b.Keys[k]
		}
	}
	return a.Currency < b.Currency
}

// keyFunc returns the value extractor of one --by key.
func keyFunc(k string) (func(*Bill) string, error) {
	switch strings.ToLower(strings.TrimSpace(k)) {
	case "day":
		return func(b *Bill) string { return b.Date.Format("2006-01-02") }, nil
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
	if name, ok := strings.CutPrefix(strings.TrimSpace(k), "tag:"); ok && name != "" {
		return func(b *Bill) string { v, _ := b.Tags.Get(name); return v }, nil
	}
	return nil, fmt.Errorf("unknown --by key %q (want %s)", k, groupKeys)
}
