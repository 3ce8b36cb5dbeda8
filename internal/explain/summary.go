package explain

import (
	"cmp"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
)

// SummaryRow totals the records of one (primary reason, unit, currency).
type SummaryRow struct {
	Code     string
	Records  int
	Quantity decimal.Decimal // pay-per-use, in Unit
	Unit     string          // as written on the first record of the row
	// Cost is the sum of the records' pay-per-use costs; invalid when a record of the
	// row has no unit price (a partial sum would understate it).
	Cost     decimal.NullDecimal
	Currency string // as written on the first record of the row
}

type summaryKey struct{ code, unit, currency string }

// Summarize groups the explanations with a primary reason by (code, unit, currency),
// units and currencies compared by model.Norm, and orders the rows by §2.6 code order,
// then unit, then currency. Fully deducted records (no primary reason) are not counted.
func Summarize(es []Explanation) []SummaryRow {
	rows := map[summaryKey]*SummaryRow{}
	var keys []summaryKey
	for i := range es {
		e := &es[i]
		if e.Primary.Code == "" {
			continue
		}
		k := summaryKey{e.Primary.Code, model.Norm(e.Rec.Unit), model.Norm(e.Rec.Currency)}
		row, ok := rows[k]
		if !ok {
			row = &SummaryRow{Code: k.code, Unit: e.Rec.Unit, Currency: e.Rec.Currency,
				Cost: decimal.NewNullDecimal(decimal.Zero)}
			rows[k] = row
			keys = append(keys, k)
		}
		row.Records++
		row.Quantity = row.Quantity.Add(e.PayPerUse)
		if row.Cost.Valid && e.Cost.Valid {
			row.Cost.Decimal = row.Cost.Decimal.Add(e.Cost.Decimal)
		} else {
			row.Cost = decimal.NullDecimal{}
		}
	}
	slices.SortFunc(keys, func(a, b summaryKey) int {
		if c := cmp.Compare(codeOrder(a.code), codeOrder(b.code)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.unit, b.unit); c != 0 {
			return c
		}
		return cmp.Compare(a.currency, b.currency)
	})
	out := make([]SummaryRow, len(keys))
	for i, k := range keys {
		out[i] = *rows[k]
	}
	return out
}
