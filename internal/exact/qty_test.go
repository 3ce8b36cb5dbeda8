package exact

import (
	"math/rand"
	"testing"

	"github.com/pkgctl/pkgctl/internal/testkit"
)

// Qty arithmetic gives exactly the decimal result, exponent included.
func TestQtyMatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for i := 0; i < 200_000; i++ {
		a, b := testkit.RandDecimal(rng), testkit.RandDecimal(rng)
		qa, qb := QtyOf(a), QtyOf(b)
		if got, want := qa.Add(qb).Dec(), a.Add(b); !testkit.SameDecimal(got, want) {
			t.Fatalf("%s + %s = %s (exp %d), want %s (exp %d)", a, b, got, got.Exponent(), want, want.Exponent())
		}
		if got, want := qa.Sub(qb).Dec(), a.Sub(b); !testkit.SameDecimal(got, want) {
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
