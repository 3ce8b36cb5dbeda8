package report

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// TestFastDecimalFormatsAgreeWithShopspring: the integer fast paths print exactly what
// StringFixed and String print, over edge cases and random values of every scale.
func TestFastDecimalFormatsAgreeWithShopspring(t *testing.T) {
	vals := []string{"0", "-0", "0.000", "2.6", "-2.6", "0.05", "-0.05", "1234.5000", "100",
		"1E+3", "1.20E-7", "999999999999999999", "-999999999999999999", "0.000000000000000001",
		"123456789012345678.9", "5", "0.005", "-0.005", "42.000000000000000000"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		c := r.Int64N(2e12) - 1e12
		e := int32(r.IntN(24)) - 20
		vals = append(vals, decimal.New(c, e).String())
	}
	for _, v := range vals {
		d, err := decimal.NewFromString(v)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := QtyString(d), d.String(); got != want {
			t.Errorf("QtyString(%s) = %q, want %q", v, got, want)
		}
		for _, prec := range []int32{0, 2, 4} {
			if got, want := MoneyString(d, prec), d.StringFixed(prec); got != want {
				t.Errorf("MoneyString(%s, %d) = %q, want %q", v, prec, got, want)
			}
		}
	}
}

// TestTimeStringAsFormat: the hand-written RFC 3339 printer agrees with time.Format.
func TestTimeStringAsFormat(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	zones := []*time.Location{time.UTC, time.FixedZone("x", 8*3600), time.FixedZone("y", -(3*3600 + 30*60)),
		time.FixedZone("odd", 5*3600+30*60+15)}
	for range 20000 {
		tm := time.Unix(r.Int64N(1<<34)-1<<33, 0).In(zones[r.IntN(len(zones))])
		if got, want := TimeString(tm), tm.Format(timeLayout); got != want {
			t.Fatalf("TimeString(%v) = %q, want %q", tm, got, want)
		}
	}
}
