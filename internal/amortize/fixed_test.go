package amortize

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// exactText renders a decimal with its exponent: the fast paths must give the same value
// and the same representation as the decimal ones.
func exactText(d decimal.Decimal) string { return fmt.Sprintf("%se%d", d.Coefficient(), d.Exponent()) }

func exactBill(b Bill) string {
	q := "-"
	if b.Quantity.Valid {
		q = exactText(b.Quantity.Decimal)
	}
	return fmt.Sprintf("%s %s %s %s %d %d %s %s %s %s %s %s %s %s %v", b.Date.Format(time.RFC3339), b.Date.Location(),
		b.BillingCycle, b.PackageID, b.Type, b.Method, q, b.Unit, exactText(b.Amount), b.Currency,
		b.PeriodStart.Format(time.RFC3339Nano), b.PeriodEnd.Format(time.RFC3339Nano), b.EnterpriseProject, b.Tags, b.Provisional)
}

func exactTotal(t Total) string {
	return fmt.Sprintf("%s %d %s %s %s %v", t.PackageID, t.Method, exactText(t.Amortizable), exactText(t.Amortized), t.Currency, t.Ended)
}

// Property: the int64 paths (linear runs, used rows, period amounts, sums) give exactly
// the rows and totals of the decimal paths, in any zone and precision, and fall back
// when numbers do not fit (huge fees and quantities).
func TestFastPathsMatchDecimals(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	zones := []*time.Location{sh, time.UTC, mustZone("America/New_York"), mustZone("Europe/London")}
	for iter := 0; iter < 400; iter++ {
		pkgs, recs := randPackages(r), randRecords(r)
		for i := range pkgs {
			if r.IntN(6) == 0 && pkgs[i].Fee.Valid {
				pkgs[i].Fee.Decimal = decimal.New(r.Int64N(1<<62), int32(r.IntN(5))-2)
			}
		}
		for i := range recs {
			if r.IntN(10) == 0 {
				recs[i].Quantity = exact.NewAmount(r.Int64N(1<<62), -int32(r.IntN(4)))
			}
		}
		var asOf time.Time
		if r.IntN(2) == 0 {
			asOf = randTime(r, year, 600)
		}
		loc, prec := zones[r.IntN(len(zones))], int32(r.IntN(4))
		l, err := replay.Run(pkgs, recs, replay.Options{Location: loc, AsOf: asOf, Precision: prec})
		if err != nil {
			t.Fatal(err)
		}
		cfg := Config{Location: loc, Precision: prec, UsageBasedFrom: DefaultUsageBasedFrom(loc),
			UsageBasedProducts: DefaultUsageBasedProducts, AsOf: asOf}
		fast, err1 := run(l, cfg, false)
		slow, err2 := run(l, cfg, true)
		if err1 != nil || err2 != nil {
			t.Fatalf("iter %d: %v, %v", iter, err1, err2)
		}
		if len(fast.Bills) != len(slow.Bills) {
			t.Fatalf("iter %d: %d rows, decimals give %d", iter, len(fast.Bills), len(slow.Bills))
		}
		for i := range fast.Bills {
			if f, s := exactBill(fast.Bills[i]), exactBill(slow.Bills[i]); f != s {
				t.Fatalf("iter %d row %d:\n  int64s   %s\n  decimals %s", iter, i, f, s)
			}
		}
		for i := range fast.Totals {
			if f, s := exactTotal(fast.Totals[i]), exactTotal(slow.Totals[i]); f != s {
				t.Fatalf("iter %d total %d:\n  int64s   %s\n  decimals %s", iter, i, f, s)
			}
		}
	}
}
