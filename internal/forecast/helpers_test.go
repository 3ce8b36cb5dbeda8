package forecast

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/testkit"
)

var sh = testkit.Shanghai

var at, dec = testkit.At, testkit.Dec

// daily writes one usage row a day from the day first for n days: a one-hour record
// ending (and deducted) at 12:00 of qty units.
func daily(id, product, item, first string, n int, qty, unit, price string) string {
	var b strings.Builder
	day := at(first)
	for i := range n {
		d := day.AddDate(0, 0, i)
		fmt.Fprintf(&b, "%s-%02d,%s,%s,%s,%s,%s,%s,%s\n", id, i+1, product, item,
			d.Add(11*time.Hour).Format(time.DateTime), d.Add(12*time.Hour).Format(time.DateTime), qty, unit, price)
	}
	return b.String()
}

const usageHeader = "record_id,product,billing_item,start_time,end_time,quantity,unit,unit_price\n"

type inputs struct {
	l  *replay.Ledger
	am *amortize.Result
}

// replayCSV loads the exports, replays them as of asOf and amortizes.
func replayCSV(t testing.TB, packages, usage string, asOf time.Time) inputs {
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

// run forecasts and checks the invariants of every forecast.
func (in inputs) run(t testing.TB, asOf time.Time, window int, rules ...string) *Result {
	t.Helper()
	var rs []Rule
	for _, s := range rules {
		r, err := ParseRule(s)
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	res, err := Run(in.l, in.am, Options{Location: sh, AsOf: asOf, Precision: 2, Window: window, Rules: rs})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, res)
	return res
}

// checkInvariants: projected, unused and what an upgrade takes over add up to what is
// offered; a spill has an exhaustion; at stake adds waste and spill cost; the order.
func checkInvariants(t testing.TB, res *Result) {
	t.Helper()
	for i := range res.Forecasts {
		f := &res.Forecasts[i]
		if f.WindowDays == 0 {
			continue
		}
		if sum := f.Projected.Add(f.Unused).Add(f.Carried); !sum.Equal(f.Offered) || (f.UpgradedBy == "" && f.Carried.Sign() != 0) {
			t.Fatalf("%s: projected %s + unused %s + carried %s, offered %s", f.PackageID, f.Projected, f.Unused, f.Carried, f.Offered)
		}
		if (f.Spill.Sign() > 0) != (f.SpillPeriods > 0) || (f.Spill.Sign() > 0 && f.Exhaustion.IsZero()) {
			t.Fatalf("%s: spill %s in %d periods, exhaustion %v", f.PackageID, f.Spill, f.SpillPeriods, f.Exhaustion)
		}
		want := decimal.Zero
		if f.Waste.Valid {
			want = want.Add(f.Waste.Decimal)
		}
		if f.SpillCost.Valid {
			want = want.Add(f.SpillCost.Decimal)
		}
		if !f.AtStake.Equal(want) {
			t.Fatalf("%s: at stake %s, waste %v + spill %v", f.PackageID, f.AtStake, f.Waste, f.SpillCost)
		}
		if i > 0 {
			g := &res.Forecasts[i-1]
			if g.Currency > f.Currency || (g.Currency == f.Currency && g.AtStake.LessThan(f.AtStake)) {
				t.Fatalf("%s before %s: out of order", g.PackageID, f.PackageID)
			}
		}
	}
}

// byID finds a forecast.
func byID(t testing.TB, res *Result, id string) *Forecast {
	t.Helper()
	for i := range res.Forecasts {
		if res.Forecasts[i].PackageID == id {
			return &res.Forecasts[i]
		}
	}
	t.Fatalf("no forecast of %s", id)
	return nil
}

func null(d decimal.NullDecimal) string {
	if !d.Valid {
		return "-"
	}
	return d.Decimal.StringFixed(2)
}

// summary renders a forecast's figures for comparison.
func summary(f *Forecast) string {
	ex := "-"
	if !f.Exhaustion.IsZero() {
		ex = f.Exhaustion.In(sh).Format("2006-01-02 15:04")
	}
	u, _ := f.Utilization()
	return fmt.Sprintf("%s days %d rate %s periods %d offered %s projected %s unused %s spill %s in %d exhaustion %s util %s waste %s spill cost %s at stake %s",
		f.Outlook, f.WindowDays, f.Rate, f.Periods, f.Offered, f.Projected, f.Unused, f.Spill, f.SpillPeriods, ex, u,
		null(f.Waste), null(f.SpillCost), f.AtStake.StringFixed(2))
}
