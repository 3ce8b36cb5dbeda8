package replay

import (
	"math/rand"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/value"
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

// qconv.apply gives exactly value.Conversion.Apply, for whole, inverse-whole and
// general ratios.
func TestQconvMatchesConversion(t *testing.T) {
	pairs := [][2]string{{"GB", "GB"}, {"GB", "TB"}, {"TB", "GB"}, {"MB", "GB"}, {"B", "TB"},
		{"GB*hour", "TB*minute"}, {"TB*minute", "GB*hour"}, {"hour", "day"}, {"times", "calls"}}
	rng := rand.New(rand.NewSource(8))
	for _, p := range pairs {
		cv := newQconv(p[0], p[1])
		c, ok := value.NewConversion(p[0], p[1])
		if !ok || !cv.ok {
			t.Fatalf("%s → %s does not convert", p[0], p[1])
		}
		for i := 0; i < 20_000; i++ {
			d := randDec(rng)
			if got, want := cv.apply(exact.QtyOf(d)).Dec(), c.Apply(d); !sameDec(got, want) {
				t.Fatalf("%s → %s: %s gives %s (exp %d), want %s (exp %d)", p[0], p[1], d, got,
					got.Exponent(), want, want.Exponent())
			}
		}
	}
	if cv := newQconv("GB", "TB"); cv.num != 1 || cv.den != 1024 {
		t.Errorf("GB → TB: %d/%d, want the int64 path 1/1024", cv.num, cv.den)
	}
	if cv := newQconv("TB", "GB"); cv.num != 1024 || cv.den != 1 {
		t.Errorf("TB → GB: %d/%d, want the int64 path 1024/1", cv.num, cv.den)
	}
	if cv := newQconv("GB", "hour"); cv.ok {
		t.Error("GB → hour converts")
	}
}
