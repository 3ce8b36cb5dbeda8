package amortize

import "github.com/shopspring/decimal"

// Cumulative splits total into one row per cumulative share cum[k]/denom by cumulative
// rounding (rules.md §3.2): row k = round(total×cum[k]/denom) − round(total×cum[k−1]/denom)
// at prec decimals, half away from zero, with cum[−1] = 0. cum must be non-decreasing
// and denom non-zero. The rows sum to round(total×cum[last]/denom) exactly (to total
// when cum[last] = denom) and each is within one unit of the last place of its exact share.
// It is the only rounding in amortization.
func Cumulative(total decimal.Decimal, cum []decimal.Decimal, denom decimal.Decimal, prec int32) []decimal.Decimal {
	s := splitter{total: total, denom: denom, prec: prec}
	rows := make([]decimal.Decimal, len(cum))
	for k, c := range cum {
		rows[k] = s.next(c)
	}
	return rows
}

// Split splits total into len(weights) rows in proportion to the weights by cumulative
// rounding (see Cumulative); the rows sum to total rounded at prec. When the weights sum
// to zero the whole goes to the last row.
func Split(total decimal.Decimal, weights []decimal.Decimal, prec int32) []decimal.Decimal {
	if len(weights) == 0 {
		return nil
	}
	cum := make([]decimal.Decimal, len(weights))
	sum := decimal.Zero
	for k, w := range weights {
		sum = sum.Add(w)
		cum[k] = sum
	}
	if sum.IsZero() {
		rows := make([]decimal.Decimal, len(weights))
		for k := range rows {
			rows[k] = decimal.Zero
		}
		rows[len(rows)-1] = total.Round(prec)
		return rows
	}
	return Cumulative(total, cum, sum, prec)
}

// splitter is the stepping form of Cumulative: next(c) returns the row whose cumulative
// share ends at c/denom. A zero denom yields zero rows (a zero capacity shares nothing).
type splitter struct {
	total, denom decimal.Decimal
	prec         int32
	prev         decimal.Decimal
}

func (s *splitter) next(cum decimal.Decimal) decimal.Decimal {
	if s.denom.IsZero() {
		return decimal.Zero
	}
	cur := s.total.Mul(cum).DivRound(s.denom, s.prec)
	row := cur.Sub(s.prev)
	s.prev = cur
	return row
}
