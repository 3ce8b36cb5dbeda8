package kpi

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/testkit"
)

var sh = testkit.Shanghai

var at, dec = testkit.At, testkit.Dec

// inputs is a replayed and amortized export.
type inputs struct {
	l  *replay.Ledger
	am *amortize.Result
}

// loadCSV reads a packages and a usage export (CSV text), replays them as of asOf and
// amortizes the ledger.
func loadCSV(t testing.TB, packages, usage string, asOf time.Time) inputs {
	t.Helper()
	opt := load.Options{Location: sh}
	pkgs, _, err := load.Packages("packages.csv", strings.NewReader(packages), opt)
	if err != nil {
		t.Fatal(err)
	}
	recs, _, err := load.Usage("usage.csv", strings.NewReader(usage), opt)
	if err != nil {
		t.Fatal(err)
	}
	return replayed(t, pkgs, recs, asOf)
}

func replayed(t testing.TB, pkgs []model.Package, recs []model.Record, asOf time.Time) inputs {
	t.Helper()
	l, err := replay.Run(pkgs, recs, replay.Options{Location: sh, AsOf: asOf, Precision: 2})
	if err != nil {
		t.Fatal(err)
	}
	am, err := amortize.Run(l, amortize.Config{Location: sh, Precision: 2, AsOf: asOf,
		UsageBasedFrom: amortize.DefaultUsageBasedFrom(sh), UsageBasedProducts: amortize.DefaultUsageBasedProducts})
	if err != nil {
		t.Fatal(err)
	}
	return inputs{l, am}
}

// compute runs Compute with keys.
func (in inputs) compute(t testing.TB, asOf time.Time, keys ...string) *Result {
	t.Helper()
	ks, err := ParseKeys(keys)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Compute(in.l, in.am, Options{Location: sh, AsOf: asOf, Precision: 2, Keys: ks})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, res)
	return res
}

// checkInvariants: coverage never exceeds 100%, a usage package never used more than it
// offered, percentages are within [0, 100].
func checkInvariants(t testing.TB, res *Result) {
	t.Helper()
	for _, r := range res.Rows {
		if r.Deducted.GreaterThan(r.Usage) || r.CoveredValue.GreaterThan(r.UsageValue) {
			t.Fatalf("row %v: coverage above 100%%: %s of %s, %s of %s", r.Keys, r.Deducted, r.Usage, r.CoveredValue, r.UsageValue)
		}
		for _, f := range []func() (decimal.Decimal, bool){r.Utilization, r.MoneyUtilization, r.Coverage, r.MoneyCoverage} {
			if p, ok := f(); ok && (p.Sign() < 0 || p.GreaterThan(hundred)) && !strings.HasSuffix(r.Unit, "*hour") {
				t.Fatalf("row %v: a percentage of %s", r.Keys, p)
			}
		}
	}
}

// find returns the row with the given key values, unit and currency.
func find(t testing.TB, res *Result, unit string, keys ...string) Row {
	t.Helper()
	for _, r := range res.Rows {
		if strings.Join(r.Keys, "|") == strings.Join(keys, "|") && r.Unit == unit {
			return r
		}
	}
	t.Fatalf("no row %v in %s", keys, unit)
	return Row{}
}

// pct renders an optional percentage ("-" when undefined).
func pct(p decimal.Decimal, ok bool) string {
	if !ok {
		return "-"
	}
	return p.String()
}
