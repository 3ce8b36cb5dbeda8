package testkit

import (
	"math/rand"

	"github.com/shopspring/decimal"
)

// SameDecimal reports whether a and b have the same coefficient and exponent, not only
// the same value: an exact fast path must give what the decimal arithmetic gives.
func SameDecimal(a, b decimal.Decimal) bool {
	return a.Exponent() == b.Exponent() && a.Coefficient().Cmp(b.Coefficient()) == 0
}

// RandDecimal draws small, large (beyond int64, beyond 128 bits) and boundary decimals
// of mixed exponents.
func RandDecimal(rng *rand.Rand) decimal.Decimal {
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
