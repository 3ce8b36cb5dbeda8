package explain

import (
	"cmp"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
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
// units and currencies compared by model.Norm, and orders the rows by rules.md §2.6 code order,
// then unit, then currency. Fully deducted records (no primary reason) are not counted.
func Summarize(es []Explanation) []SummaryRow {
	t := NewTally(len(es))
	for i := range es {
		t.Add(i, &es[i])
	}
	return t.Rows()
}

// Tally accumulates the summary of a listing's explanations as they are made, in any
// order and from several goroutines: each is added with its place in the listing, and
// counts once however often it is added. Its rows are those Summarize gives for the
// listing in order (a row's unit and currency are written as on its first record).
type Tally struct {
	mu   sync.Mutex
	n    int                      // places
	seen []uint64                 // a bit per place, set atomically
	rows map[summaryKey]*tallyRow // under mu
}

type tallyRow struct {
	SummaryRow
	first int // the place of the row's first record so far
}

// NewTally starts the summary of a listing of n explanations.
func NewTally(n int) *Tally {
	return &Tally{n: n, seen: make([]uint64, (n+63)/64), rows: map[summaryKey]*tallyRow{}}
}

// Add counts explanation e, at place k of the listing, unless it is counted already.
func (t *Tally) Add(k int, e *Explanation) {
	bit := uint64(1) << (k % 64)
	if atomic.OrUint64(&t.seen[k/64], bit)&bit != 0 || e.Primary.Code == "" {
		return // counted already, or nothing to count (most records of a listing)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	key := summaryKey{e.Primary.Code, value.UnitKey(e.Rec.Unit), model.Norm(e.Rec.Currency)}
	row, ok := t.rows[key]
	if !ok {
		row = &tallyRow{SummaryRow: SummaryRow{Code: key.code, Unit: e.Rec.Unit, Currency: e.Rec.Currency,
			Cost: decimal.NewNullDecimal(decimal.Zero)}, first: k}
		t.rows[key] = row
	} else if k < row.first {
		row.Unit, row.Currency, row.first = e.Rec.Unit, e.Rec.Currency, k
	}
	row.Records++
	row.Quantity = row.Quantity.Add(e.PayPerUse.Dec())
	if row.Cost.Valid && e.Cost.Valid {
		row.Cost.Decimal = row.Cost.Decimal.Add(e.Cost.Decimal)
	} else {
		row.Cost = decimal.NullDecimal{}
	}
}

// Missing returns the places not counted yet, in order.
func (t *Tally) Missing() []int {
	var out []int
	for k := range t.n {
		if atomic.LoadUint64(&t.seen[k/64])&(1<<(k%64)) == 0 {
			out = append(out, k)
		}
	}
	return out
}

// Rows is the summary of what was added: one row per (code, unit, currency) in reason-code
// code order, then unit, then currency.
func (t *Tally) Rows() []SummaryRow {
	t.mu.Lock()
	defer t.mu.Unlock()
	keys := make([]summaryKey, 0, len(t.rows))
	for k := range t.rows {
		keys = append(keys, k)
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
		out[i] = t.rows[k].SummaryRow
	}
	return out
}
