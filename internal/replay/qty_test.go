package replay

import (
	"math/rand"
	"testing"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/testkit"
	"github.com/pkgctl/pkgctl/internal/value"
)

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
			d := testkit.RandDecimal(rng)
			if got, want := cv.apply(exact.QtyOf(d)).Dec(), c.Apply(d); !testkit.SameDecimal(got, want) {
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
