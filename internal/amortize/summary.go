package amortize

import (
	"cmp"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
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
// one pass, ordered by currency then month (both as written: months are YYYY-MM).
func Summarize(bills []Bill) []SummaryRow {
	var s Summary
	for i := range bills {
		s.Add(&bills[i])
	}
	return s.Rows()
}

// Summary is Summarize fed one bill at a time (bills walked without being held).
type Summary struct {
	idx  map[summaryKey]int
	sums [][4]exact.QtySum // used, unused, linear, refund
	out  []SummaryRow
	// the texts of the last bill added and its group + 1 (0: none): the next bill is
	// often of the same month and package, the very same texts
	lastCycle, lastCurrency string
	last                    int
}

type summaryKey struct{ month, currency string }

// Add counts b, unless it is provisional.
func (s *Summary) Add(b *Bill) {
	if !b.Provisional {
		s.add(b.BillingCycle, b.Currency, b.Type, b.Amount)
	}
}

// add counts a final bill's amount.
func (s *Summary) add(cycle, currency string, typ model.BillType, amt decimal.Decimal) {
	s.sum(cycle, currency, typ).Add(amt)
}

// addAmount is add of a stored row's amount.
func (s *Summary) addAmount(cycle, currency string, typ model.BillType, a exact.Amount) {
	s.sum(cycle, currency, typ).AddAmount(a)
}

// addCoef counts a final bill's amount c·10^exp.
func (s *Summary) addCoef(cycle, currency string, typ model.BillType, c int64, exp int32) {
	s.sum(cycle, currency, typ).AddCoef(c, exp)
}

// sum is the sum of the month, currency and category of a bill.
func (s *Summary) sum(cycle, currency string, typ model.BillType) *exact.QtySum {
	if s.last > 0 && mem.SameString(s.lastCycle, cycle) && mem.SameString(s.lastCurrency, currency) {
		return &s.sums[s.last-1][summaryColumn(typ)] // no hashing
	}
	g := s.group(cycle, currency)
	s.lastCycle, s.lastCurrency, s.last = cycle, currency, g+1
	return &s.sums[g][summaryColumn(typ)]
}

// group is the index of the month and currency's sums, added if new.
func (s *Summary) group(cycle, currency string) int {
	if s.idx == nil {
		s.idx = map[summaryKey]int{}
	}
	k := summaryKey{cycle, currency}
	g, ok := s.idx[k]
	if !ok {
		g = len(s.out)
		s.idx[k] = g
		s.out = append(s.out, SummaryRow{Month: k.month, Currency: k.currency})
		s.sums = append(s.sums, [4]exact.QtySum{})
	}
	return g
}

// merge adds the sums of o (its months and currencies, even those that sum to zero).
func (s *Summary) merge(o *Summary) {
	for g, row := range o.out {
		k := s.group(row.Month, row.Currency)
		for c := range o.sums[g] {
			s.sums[k][c].AddSum(&o.sums[g][c])
		}
	}
}

// Rows is the summary of the bills added, ordered by currency then month: each
// currency's months together, as they are charted (one chart per currency).
func (s *Summary) Rows() []SummaryRow {
	out := slices.Clone(s.out)
	for g := range out {
		sum := &s.sums[g]
		out[g].Used, out[g].Unused, out[g].Linear, out[g].Refund = sum[0].Value(), sum[1].Value(), sum[2].Value(), sum[3].Value()
	}
	slices.SortFunc(out, func(a, b SummaryRow) int {
		return cmp.Or(cmp.Compare(a.Currency, b.Currency), value.CompareDated(a.Month, b.Month))
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
