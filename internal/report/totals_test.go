package report

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestTotalerSumsExactly checks the totals rows against sums made with decimals, row by
// row: cells in parts of changing exponents, coefficients near the int64 limits (their
// int64 sums overflow), cells held as decimals, empty cells, and a TotalBy value that
// changes between rows and comes back. A column empty in every row of a currency has an
// empty total.
func TestTotalerSumsExactly(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 21))
	for round := range 300 {
		tab := &Table{Name: "T", TotalBy: "currency", Columns: []Column{
			{Key: "currency"}, {Key: "amount", Kind: KindMoney, Total: true},
			{Key: "quantity", Kind: KindQuantity, Total: true}, {Key: "n", Kind: KindInt, Total: true},
		}}
		want := map[string][2]decimal.Decimal{}
		wantN := map[string]int64{}
		set := map[string][2]int{} // the cells set per currency, amount and quantity
		tot := tab.newTotaler()
		for i := range rng.IntN(200) {
			cur := []string{"USD", "CNY", ""}[rng.IntN(3)]
			if rng.IntN(4) != 0 && i > 0 { // mostly runs of one currency
				cur = tab.Rows[i-1][0].str()
			}
			row := []Cell{Text(cur), {}, {}, Int(int64(rng.IntN(1000)))}
			sums := want[cur]
			for j := 1; j <= 2; j++ {
				d, c := randomAmount(rng, tab.Columns[j].Kind)
				row[j] = c
				if c.set() {
					sums[j-1] = sums[j-1].Add(d)
					n := set[cur]
					n[j-1]++
					set[cur] = n
				}
			}
			want[cur] = sums
			wantN[cur] += row[3].num
			tab.Rows = append(tab.Rows, row)
			tot.add(i, row)
		}
		rows := tot.rows()
		if len(tab.Rows) == 0 {
			continue
		}
		if len(rows) != len(want) {
			t.Fatalf("round %d: %d totals rows, want %d", round, len(rows), len(want))
		}
		for _, r := range rows {
			cur := r[0].str()
			if cur == totalLabel {
				cur = ""
			}
			w, ok := want[cur]
			if !ok {
				t.Fatalf("round %d: a totals row for %q, which no row has", round, cur)
			}
			if got := r[1].decimal(); !got.Equal(w[0]) {
				t.Errorf("round %d %q: amount total %s, want %s", round, cur, got, w[0])
			}
			if got := r[2].decimal(); !got.Equal(w[1]) {
				t.Errorf("round %d %q: quantity total %s, want %s", round, cur, got, w[1])
			}
			for j := 1; j <= 2; j++ {
				if r[j].set() != (set[cur][j-1] > 0) {
					t.Errorf("round %d %q: column %d's total set %v, its cells set %d", round, cur, j, r[j].set(), set[cur][j-1])
				}
			}
			if r[3].num != wantN[cur] {
				t.Errorf("round %d %q: count total %d, want %d", round, cur, r[3].num, wantN[cur])
			}
		}
	}
}

// randomAmount is a cell of kind k and its value: empty, in parts (small or near the
// int64 limits, of a few exponents), or held as a decimal of more than 18 digits.
func randomAmount(rng *rand.Rand, k Kind) (decimal.Decimal, Cell) {
	exp := int32(rng.IntN(5)) - 3
	var coef int64
	switch rng.IntN(6) {
	case 0:
		return decimal.Decimal{}, Empty()
	case 1:
		coef = math.MaxInt64 - rng.Int64N(1000)
	case 2:
		coef = math.MinInt64 + rng.Int64N(1000)
	case 3:
		d := decimal.RequireFromString("123456789012345678901234.5").Mul(decimal.NewFromInt((rng.Int64N(50) + 1) * (1 - 2*rng.Int64N(2))))
		c := Money(d)
		if k == KindQuantity {
			c = Qty(d)
		}
		if c.parts() {
			panic("a 25-digit amount in parts")
		}
		return d, c
	default:
		coef = rng.Int64N(2_000_000) - 1_000_000
	}
	if k == KindQuantity {
		return decimal.New(coef, exp), QtyParts(coef, exp)
	}
	return decimal.New(coef, exp), MoneyParts(coef, exp)
}

// A table without a counted row has no totals line, in the table and in markdown: a
// total is per currency, and there is none (a line of zeros with no currency read as a
// total measured). A table without any row says so under its header.
func TestNoCountedRowNoTotal(t *testing.T) {
	cols := []Column{{Key: "package_id"}, {Key: "amount", Kind: KindMoney, Total: true}, {Key: "currency"}}
	empty := &Table{Name: "Bills", Columns: cols}
	provisional := &Table{Name: "Bills", Columns: cols, Rows: [][]Cell{{Text("P1"), Money(dec("5")), Text("USD")}},
		TotalIf: func(int) bool { return false }}
	for _, c := range []struct {
		tab  *Table
		f    Format
		want string
	}{
		{empty, FormatTable, "+------------+--------+----------+\n| package_id | amount | currency |\n+------------+--------+----------+\n(no rows)\n"},
		{empty, FormatMarkdown, "| package_id | amount | currency |\n| --- | ---: | --- |\n\n_(no rows)_\n"},
		{provisional, FormatTable, "+------------+--------+----------+\n| package_id | amount | currency |\n+------------+--------+----------+\n" +
			"| P1         |   5.00 | USD      |\n+------------+--------+----------+\n"},
		{provisional, FormatMarkdown, "| package_id | amount | currency |\n| --- | ---: | --- |\n| P1 | 5.00 | USD |\n"},
	} {
		got := string(render(t, &Document{Tables: []*Table{c.tab}, Precision: 2}, c.f))
		if got != c.want {
			t.Errorf("%s, %d rows:\n%s\nwant\n%s", c.f, len(c.tab.Rows), got, c.want)
		}
	}
}
