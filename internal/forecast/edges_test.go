package forecast

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
)

// A package without a fee whose records carry no price has nothing at stake even when
// it spills nothing: no spill cost (not 0.00), and no at_stake or spill rule catches it.
// With a price it shows the price and a spill cost of 0.00, which the rules catch.
func TestForecastNoPriceNoStake(t *testing.T) {
	packages := `package_id,product,deductible_items,effective_time,expiration_time,capacity,unit,amortization
NF,OBS,Traffic,2024-06-01 00:00:00,2024-06-30,1000,GB,usage
PF,CDN,Traffic,2024-06-01 00:00:00,2024-06-30,1000,GB,usage
`
	usage := usageHeader + daily("n", "OBS", "Traffic", "2024-06-01", 15, "5", "GB", "") +
		daily("p", "CDN", "Traffic", "2024-06-01", 15, "5", "GB", "0.08")
	asOf := at("2024-06-16")
	res := replayCSV(t, packages, usage, asOf).run(t, asOf, 10, "at_stake<1", "spill<=0")
	f := byID(t, res, "NF")
	if _, ok := f.Stake(); ok || f.SpillCost.Valid || f.Price.Valid || f.Waste.Valid || len(f.Alerts) != 0 {
		t.Errorf("NF: %s; alerts %v", summary(f), f.Alerts)
	}
	f = byID(t, res, "PF")
	if stake, ok := f.Stake(); !ok || !stake.IsZero() || null(f.SpillCost) != "0.00" || !f.Price.Valid ||
		!f.Price.Decimal.Equal(dec("0.08")) || len(f.Alerts) != 2 {
		t.Errorf("PF: %s, price %v; alerts %v", summary(f), f.Price, f.Alerts)
	}
}

// A package of capacity 0 ran out when it took effect: it shows that day, and days_left
// is 0, with demand or without.
func TestForecastCapacityZeroRanOut(t *testing.T) {
	packages := `package_id,product,deductible_items,effective_time,expiration_time,capacity,unit,fee,amortization
Z,OBS,Traffic,2024-06-01 00:00:00,2024-06-30,0,GB,100.00,usage
`
	for _, product := range []string{"CDN", "OBS"} { // no demand for Z; demand
		usage := usageHeader + daily("z", product, "Traffic", "2024-06-01", 15, "5", "GB", "")
		asOf := at("2024-06-10")
		res := replayCSV(t, packages, usage, asOf).run(t, asOf, 5, "days_left<=0")
		f := byID(t, res, "Z")
		if f.Outlook != OutlookExhausted || !f.Exhaustion.Equal(at("2024-06-01")) || len(f.Alerts) != 1 ||
			!strings.HasPrefix(f.Recommendation, "ran out on 2024-06-01; ") {
			t.Errorf("%s usage: %s, exhausted %v; %q; alerts %v", product, f.Outlook, f.Exhaustion, f.Recommendation, f.Alerts)
		}
	}
}

// Waste is what the unused rows will book if the projection holds: per period, as
// amortization rounds each period's used rows, so that a projection that comes true
// is booked to the cent. An hourly package of 0.01 a period at half use books nothing
// unused (each 0.005 used rounds to 0.01), a monthly one of 1,234.56 what its July to
// December unused rows and June's book.
func TestForecastWasteAsAmortizationBooks(t *testing.T) {
	for _, tc := range []struct {
		name, pkg   string
		usage       func() string
		asOf, until string // forecast as of, amortize as of
		window      int
		want        string
	}{
		{"hourly", "H,OBS,Traffic,2024-06-01 00:00:00,2024-06-30,1,GB,hour,7.20,usage\n", func() string {
			var b strings.Builder
			for h := range 30 * 24 {
				s := at("2024-06-01").Add(time.Duration(h) * time.Hour)
				fmt.Fprintf(&b, "h%d,OBS,Traffic,%s,%s,0.5,GB,\n", h, s.Format(time.DateTime), s.Add(30*time.Minute).Format(time.DateTime))
			}
			return b.String()
		}, "2024-06-10", "2024-07-01", 7, "0.00"},
		{"monthly", "M,OBS,Traffic,2024-01-01 00:00:00,2024-12-31,100,GB,month,1234.56,usage\n", func() string {
			return daily("m", "OBS", "Traffic", "2024-05-01", 245, "2.3", "GB", "")
		}, "2024-06-15", "2025-01-01", 10, "213.79"},
	} {
		packages := "package_id,product,deductible_items,effective_time,expiration_time,capacity,unit,reset_cycle,fee,amortization\n" + tc.pkg
		usage := usageHeader + tc.usage()
		asOf := at(tc.asOf)
		f := &replayCSV(t, packages, usage, asOf).run(t, asOf, tc.window).Forecasts[0]
		// what amortization books unused from the period of as-of on, the usage come true
		until := at(tc.until)
		booked := decimal.Zero
		for _, b := range replayCSV(t, packages, usage, until).am.Bills {
			if b.Type == model.BillUnused && !b.Provisional && b.PeriodEnd.After(asOf) {
				booked = booked.Add(b.Amount)
			}
		}
		if got := null(f.Waste); got != tc.want || !f.Waste.Decimal.Equal(booked) {
			t.Errorf("%s: waste %s, want %s; amortization books %s", tc.name, got, tc.want, booked)
		}
	}
}

// runWaste's two roundings are the sum of every period's, for any amount, number of
// periods, run and projection.
func TestRunWasteIsEveryPeriods(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	for range 3000 {
		prec := int32(r.IntN(4))
		w := decimal.New(r.Int64N(10_000_000), -prec)
		if r.IntN(5) == 0 {
			w = decimal.New(r.Int64N(10_000_000), -prec-2) // more decimals than the precision
		}
		n := 1 + r.Int64N(10_000)
		a := r.Int64N(n)
		b := a + 1 + r.Int64N(min(n-a, 200))
		capacity := decimal.New(1+r.Int64N(100_000), -int32(r.IntN(3)))
		projected := decimal.Min(capacity, decimal.New(r.Int64N(100_000), -int32(r.IntN(3))))
		if r.IntN(10) == 0 {
			capacity = decimal.Zero
		}
		want := decimal.Zero
		for k := a; k < b; k++ {
			s := exact.Cumulative(w, []decimal.Decimal{decimal.NewFromInt(k), decimal.NewFromInt(k + 1)}, decimal.NewFromInt(n), prec)[1]
			used := decimal.Zero
			if capacity.Sign() > 0 {
				used = s.Mul(projected).DivRound(capacity, prec)
			}
			want = want.Add(s.Sub(used))
		}
		if got := runWaste(w, a, b, n, projected, capacity, prec); !got.Equal(want) {
			t.Fatalf("runWaste(%s, %d, %d, %d, %s, %s, %d) = %s, want %s", w, a, b, n, projected, capacity, prec, got, want)
		}
	}
}

// A package an upgrade will follow says so, with a fee or without one (then what it
// leaves is wasted, not carried).
func TestForecastFeelessUpgradeNamed(t *testing.T) {
	packages := `package_id,product,deductible_items,effective_time,expiration_time,capacity,unit,fee,amortization,order_type,original_package_id
N,CDN,Traffic,2024-01-01 00:00:00,2024-12-31,1000,GB,1000.00,usage,new,
NU,CDN,Traffic,2024-07-01 00:00:00,2024-12-31,5000,GB,,usage,upgrade,N
`
	usage := usageHeader + daily("n", "CDN", "Traffic", "2024-06-01", 15, "2", "GB", "")
	asOf := at("2024-06-16")
	f := byID(t, replayCSV(t, packages, usage, asOf).run(t, asOf, 10), "N")
	if !strings.HasSuffix(f.Recommendation, "; upgraded to NU on 2024-07-01") || f.UpgradedBy != "" || f.Carried.Sign() != 0 {
		t.Errorf("%s: %q", summary(f), f.Recommendation)
	}
}

// Use too small for a burn rate of 4 decimals is use all the same: not idle.
func TestForecastTinyUseNotIdle(t *testing.T) {
	packages := `package_id,product,deductible_items,effective_time,expiration_time,capacity,unit,fee,amortization
T,OBS,Traffic,2024-01-01 00:00:00,2024-12-31,1,TB,300.00,usage
`
	usage := usageHeader + daily("t", "OBS", "Traffic", "2024-05-01", 45, "30", "MB", "")
	asOf := at("2024-06-14")
	f := byID(t, replayCSV(t, packages, usage, asOf).run(t, asOf, 30), "T")
	if f.Rate.Sign() != 0 || f.Outlook != OutlookUnused ||
		f.Recommendation != "will end 99.87% unused: 1 TB (299.62 USD at stake); its use, under 0.0001 TB a day, is too small to size a package by" {
		t.Errorf("%s: %q", summary(f), f.Recommendation)
	}
}
