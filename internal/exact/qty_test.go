package exact

import (
	"math/rand"
	"testing"

	"github.com/shopspring/decimal"
)

// sameDec: same coefficient and exponent, not only the same value.
func sameDec(a, b decimal.Decimal) bool {
	return a.Exponent() == b.Exponent() && a.Coefficient().Cmp(b.Coefficient()) == 0
}

// randDec draws small, large (beyond int64, beyond 128 bits) and boundary decimals of mixed exponents.
func randDec(rng *rand.Rand) decimal.Decimal {
	exp := int32(rng.Intn(12)) - 9
	switch rng.Intn(7) {
	case 0:
		return decimal.New(int64(rng.Intn(3))-1, exp)
	case 1: // near the int64 limit
		return decimal.New(rng.Int63()-rng.Int63(), exp)
	case 2: // beyond int64
		return decimal.New(rng.Int63(), exp).Mul(decimal.New(rng.Int63n(1e6)+2, 0))
	case 3: // beyond 128 bits
		return decimal.New(rng.Int63()-rng.Int63(), exp).Mul(decimal.New(rng.Int63(), 0)).Mul(decimal.New(rng.Int63(), 0))
	}
	return decimal.New(rng.Int63n(2_000_000)-1_000_000, exp)
}

// Qty arithmetic gives exactly the decimal result, exponent included.
func TestQtyMatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for i := 0; i < 200_000; i++ {
		a, b := randDec(rng), randDec(rng)
		qa, qb := QtyOf(a), QtyOf(b)
		if got, want := qa.Add(qb).Dec(), a.Add(b); !sameDec(got, want) {
			t.Fatalf("%s + %s = %s (exp %d), want %s (exp %d)", a, b, got, got.Exponent(), want, want.Exponent())
		}
		if got, want := qa.Sub(qb).Dec(), a.Sub(b); !sameDec(got, want) {
			t.Fatalf("%s - %s = %s (exp %d), want %s (exp %d)", a, b, got, got.Exponent(), want, want.Exponent())
		}
		if got, want := qa.Cmp(qb), a.Cmp(b); got != want {
			t.Fatalf("cmp(%s, %s) = %d, want %d", a, b, got, want)
		}
		if qa.Sign() != a.Sign() || qa.IsZero() != a.IsZero() {
			t.Fatalf("sign(%s) = %d", a, qa.Sign())
		}
	}
}
