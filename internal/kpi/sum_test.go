package kpi

import (
	"math/rand/v2"
	"testing"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/shopspring/decimal"
)

// Sum agrees with decimal addition, through its fast path and past it.
func TestSumAgreesWithDecimals(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		var s Sum
		want := decimal.Zero
		for range r.IntN(50) {
			d := decimal.New(r.Int64N(1<<62)-1<<61, int32(r.IntN(25))-18)
			if round%3 == 0 {
				d = decimal.New(r.Int64N(1000), -int32(r.IntN(4)))
			}
			switch r.IntN(3) {
			case 0:
				s.Add(d)
			case 1:
				s.AddAmount(exact.AmountOf(d))
			default:
				var o Sum
				o.Add(d)
				s.AddSum(&o)
			}
			want = want.Add(d)
		}
		if !s.Value().Equal(want) {
			t.Fatalf("round %d: %s, want %s", round, s.Value(), want)
		}
	}
}
