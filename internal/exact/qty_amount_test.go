package exact

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// Qty.Amount keeps a working quantity's value and exponent, packed when its magnitude is a
// 63-bit number times a power of ten, and qtyOfAmount gives the quantity back.
func TestAmountOfQty(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 50_000; i++ {
		var m u128
		switch r.IntN(3) {
		case 0:
			m = u128{lo: r.Uint64N(math.MaxInt64)}
		case 1: // past an int64, ending in zeros
			m, _ = u128{lo: r.Uint64N(1 << 50)}.mulPow10(int64(r.IntN(25)))
		default:
			m = u128{hi: r.Uint64N(1 << 20), lo: r.Uint64()}
		}
		q := mkQty(m, r.IntN(2) == 0, -int32(r.IntN(30)))
		c := new(big.Int).Lsh(new(big.Int).SetUint64(m.hi), 64)
		c.Or(c, new(big.Int).SetUint64(m.lo))
		if q.neg() {
			c.Neg(c)
		}
		want := decimal.NewFromBigInt(c, q.e())
		a := q.Amount()
		if got := a.Dec(); !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Fatalf("Amount(%s) = %s (exp %d)", want, got, got.Exponent())
		}
		back := QtyOfAmount(a)
		if got := back.Dec(); !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Fatalf("QtyOfAmount(%s) = %s (exp %d)", want, got, got.Exponent())
		}
	}
	if _, _, _, ok := mkQty(u128{lo: 17624}, false, -3).Amount().Scaled(); !ok {
		t.Error("17.624 is not packed")
	}
	m, _ := u128{lo: 17624}.mulPow10(15)
	if _, _, _, ok := mkQty(m, false, -18).Amount().Scaled(); !ok {
		t.Error("17.624 at exponent -18 is not packed")
	}
}
