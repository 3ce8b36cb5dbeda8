package amortize

import (
	"cmp"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
)

// SummaryRow is one month (billing cycle) and currency of the amortization summary: the
// final bills of that month summed by category. Linear is the linear rows (purchase,
// renewal and change bills).
type SummaryRow struct {
	Month, Currency              string
	Used, Unused, Linear, Refund decimal.Decimal
}

// Total is the month's amortized amount: every category summed (refunds are negative).
func (r *SummaryRow) Total() decimal.Decimal {
	return r.Used.Add(r.Unused).Add(r.Linear).Add(r.Refund)
}

// Summarize sums the final bills (provisional rows excluded) by month and currency, in
// one pass, ordered by month then currency (both as written: months are YYYY-MM).
func Summarize(bills []Bill) []SummaryRow {
	type key struct{ month, currency string }
	idx := map[key]int{}
	var sums [][4]exact.QtySum // used, unused, linear, refund
	var out []SummaryRow
	for i := range bills {
		b := &bills[i]
		if b.Provisional {
			continue
		}
		k := key{b.BillingCycle, b.Currency}
		g, ok := idx[k]
		if !ok {
			g = len(out)
			idx[k] = g
			out = append(out, SummaryRow{Month: k.month, Currency: k.currency})
			sums = append(sums, [4]exact.QtySum{})
		}
		sums[g][summaryColumn(b.Type)].Add(b.Amount)
	}
	for g := range out {
		s := &sums[g]
		out[g].Used, out[g].Unused, out[g].Linear, out[g].Refund = s[0].Value(), s[1].Value(), s[2].Value(), s[3].Value()
	}
	slices.SortFunc(out, func(a, b SummaryRow) int {
		return cmp.Or(cmp.Compare(a.Month, b.Month), cmp.Compare(a.Currency, b.Currency))
	})
	return out
}

// summaryColumn is the summary category of a bill type: used, unused, linear, refund.
func summaryColumn(t model.BillType) int {
	switch t {
	case model.BillUsed:
		return 0
	case model.BillUnused:
		return 1
	case model.BillRefund:
		return 3
	}
	return 2 // purchase, renewal, change: the linear rows
}
