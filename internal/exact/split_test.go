package exact

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

func TestSplitExamples(t *testing.T) {
	tests := []struct {
		total   string
		weights []int64
		want    []string
	}{
		{"480", []int64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, []string{"40", "40", "40", "40", "40", "40", "40", "40", "40", "40", "40", "40"}},
		{"990", []int64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, []string{"90", "90", "90", "90", "90", "90", "90", "90", "90", "90", "90"}},
		{"100", []int64{1, 1, 1}, []string{"33.33", "33.34", "33.33"}},
		{"0.01", []int64{1, 1, 1}, []string{"0", "0.01", "0"}}, // 0.0033→0, 0.0067→0.01, 0.01
		{"-10", []int64{1, 2}, []string{"-3.33", "-6.67"}},     // half away from zero, negatives too
		{"5", []int64{0, 0}, []string{"0", "5"}},               // zero weights: all on the last row
	}
	for _, tt := range tests {
		w := make([]decimal.Decimal, len(tt.weights))
		for i, x := range tt.weights {
			w[i] = decimal.NewFromInt(x)
		}
		got := Split(dec(tt.total), w, 2)
		for i := range tt.want {
			if !got[i].Equal(dec(tt.want[i])) {
				t.Errorf("Split(%s, %v)[%d] = %s, want %s", tt.total, tt.weights, i, got[i], tt.want[i])
			}
		}
	}
}

// Property: rows sum exactly to the total and each is within one unit of the last place
// of its exact share.
func TestSplitProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	unit := dec("0.01")
	for iter := 0; iter < 2000; iter++ {
		total := decimal.New(r.Int64N(10_000_000), -2)
		n := 1 + r.IntN(40)
		w := make([]decimal.Decimal, n)
		sum := decimal.Zero
		for i := range w {
			w[i] = decimal.New(r.Int64N(100_000), -int32(r.IntN(4)))
			sum = sum.Add(w[i])
		}
		if sum.IsZero() {
			continue
		}
		rows := Split(total, w, 2)
		got := decimal.Zero
		for i, row := range rows {
			got = got.Add(row)
			exact := total.Mul(w[i]).DivRound(sum, 20)
			if row.Sub(exact).Abs().GreaterThanOrEqual(unit) {
				t.Fatalf("row %d = %s, exact share %s: off by a cent or more", i, row, exact)
			}
			if row.IsNegative() {
				t.Fatalf("row %d negative: %s", i, row)
			}
		}
		if !got.Equal(total) {
			t.Fatalf("rows sum to %s, want %s", got, total)
		}
	}
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }
