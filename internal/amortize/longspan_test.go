package amortize

import (
	"math/big"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// A linear package valid to 9999-12-31 (longer than the 292 years a time.Duration
// holds) is split by its whole span: the rows through a day sum to the fee times that
// day's share of the validity, rounded, on the int64 and the decimal paths alike.
func TestLinearLongerThanDuration(t *testing.T) {
	p := pkg("FOREVER", "ECS", "2024-01-01 00:00", "2024-01-01 00:00", "1", "instance", "1000.00", model.ResetNone)
	p.Expiration = time.Date(9999, 12, 31, 0, 0, 0, 0, sh)
	p.Amortization = model.MethodLinear
	asOf := at("2024-03-01 00:00")
	for _, decimalOnly := range []bool{false, true} {
		l := ledgerOf(t, []model.Package{p}, nil, asOf)
		res, err := run(l, cfgAsOf(asOf), decimalOnly)
		if err != nil {
			t.Fatal(err)
		}
		span := new(big.Rat).SetInt64(p.Expiration.Unix() - p.Effective.Unix())
		sum := decimal.Zero
		for _, b := range res.Bills {
			sum = sum.Add(b.Amount)
			through := new(big.Rat).SetInt64(b.Date.AddDate(0, 0, 1).Unix() - p.Effective.Unix())
			share := new(big.Rat).Mul(big.NewRat(1000, 1), through.Quo(through, span))
			want, _ := decimal.NewFromString(share.FloatString(10))
			if !sum.Equal(want.Round(2)) {
				t.Fatalf("decimalOnly=%v: rows through %s sum to %s, want %s", decimalOnly, b.Date.Format(time.DateOnly), sum, want.Round(2))
			}
		}
		if len(res.Bills) != 2 || res.Bills[0].Date.Day() != 15 {
			t.Errorf("decimalOnly=%v: %d rows, first on %s; want 2, the first on 2024-01-15", decimalOnly, len(res.Bills), res.Bills[0].Date)
		}
	}
}

// ledgerOf replays pkgs and recs as of asOf.
func ledgerOf(t testing.TB, pkgs []model.Package, recs []model.Record, asOf time.Time) *replay.Ledger {
	t.Helper()
	l, err := replay.Run(pkgs, recs, replay.Options{Location: sh, AsOf: asOf, Precision: 2})
	if err != nil {
		t.Fatal(err)
	}
	return l
}
