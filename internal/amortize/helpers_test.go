package amortize

import (
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/testkit"
)

var sh = mustZone("Asia/Shanghai")

var mustZone = testkit.MustZone

// at parses "2006-01-02 15:04" in Asia/Shanghai.
var at = testkit.At

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func fee(s string) decimal.NullDecimal { return decimal.NewNullDecimal(dec(s)) }

// pkg is a usage package valid [eff, exp) with the method set in the column.
func pkg(id, product string, eff, exp, capacity, unit, amount string, reset model.ResetCycle) model.Package {
	return model.Package{
		ID: id, Product: product, DeductibleItems: []string{"item"},
		Effective: at(eff), Expiration: at(exp), Capacity: dec(capacity), Unit: unit,
		ResetCycle: reset, Fee: fee(amount), Currency: "USD", Amortization: model.MethodUsage,
	}
}

// use is a one-hour usage record ending (and deducted) at end.
func use(id, product, end, qty, unit string) model.Record {
	t := at(end)
	return model.Record{
		RecordAttrs: &model.RecordAttrs{Product: product, BillingItem: "item", Unit: unit, Currency: "USD"},
		ID:          id, Quantity: exact.AmountOf(dec(qty)),
	}.WithTimes(t.Add(-time.Hour), t, t)
}

func cfgAsOf(asOf time.Time) Config {
	return Config{Location: sh, Precision: 2, UsageBasedFrom: DefaultUsageBasedFrom(sh),
		UsageBasedProducts: DefaultUsageBasedProducts, AsOf: asOf}
}

// amortize replays pkgs and recs (records up to asOf) and amortizes the ledger.
func amortize(t testing.TB, pkgs []model.Package, recs []model.Record, asOf time.Time) *Result {
	t.Helper()
	l, err := replay.Run(pkgs, recs, replay.Options{Location: sh, AsOf: asOf, Precision: 2})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(l, cfgAsOf(asOf))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// line renders a row compactly: "2024-01-31 pkg unused 42 16.80" (+ " P" if provisional).
func line(b Bill) string {
	short := map[model.BillType]string{model.BillUsed: "used", model.BillUnused: "unused",
		model.BillPurchase: "purchase", model.BillRenewal: "renewal", model.BillChange: "change",
		model.BillRefund: "refund"}[b.Type]
	q := "-"
	if b.Quantity.Valid {
		q = b.Quantity.Decimal.String()
	}
	s := fmt.Sprintf("%s %s %s %s %s", b.Date.Format("2006-01-02"), b.PackageID, short, q, b.Amount.StringFixed(2))
	if b.Provisional {
		s += " P"
	}
	return s
}

func lines(bills []Bill) []string {
	out := make([]string, len(bills))
	for i, b := range bills {
		out[i] = line(b)
	}
	return out
}

func expectLines(t *testing.T, got []Bill, want []string) {
	t.Helper()
	g := lines(got)
	if len(g) != len(want) {
		t.Fatalf("got %d rows, want %d:\n%q", len(g), len(want), g)
	}
	for i := range want {
		if g[i] != want[i] {
			t.Errorf("row %d: got %q, want %q", i, g[i], want[i])
		}
	}
}

// checkTotals asserts the conservation invariant: every ended package's final rows sum to
// its amortizable amount, and totals equal the sum of the final rows.
func checkTotals(t *testing.T, res *Result) {
	t.Helper()
	sums := map[string]decimal.Decimal{}
	for _, b := range res.Bills {
		if !b.Provisional {
			sums[b.PackageID] = sums[b.PackageID].Add(b.Amount)
		}
	}
	for _, tot := range res.Totals {
		if !tot.Amortized.Equal(sums[tot.PackageID]) {
			t.Errorf("%s: total amortized %s, rows sum %s", tot.PackageID, tot.Amortized, sums[tot.PackageID])
		}
		if tot.Ended && !tot.Amortized.Equal(tot.Amortizable) {
			t.Errorf("%s: ended, amortized %s ≠ amortizable %s", tot.PackageID, tot.Amortized, tot.Amortizable)
		}
	}
}
