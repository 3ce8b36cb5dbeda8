package kpi

import (
	"fmt"
	"strings"
	"testing"
)

// Three packages and a product without one, every figure worked out by hand:
//
//   - P1, OBS "Traffic A", 100 GB, 2024-01-01 → 2024-01-31, 100.00, usage-amortized:
//     10 + 20 GB used in January → utilization 30%, used rows 10.00 + 20.00, unused 70.00;
//   - P2, OBS "Traffic B", 10 GB a month (natural), January and February, 24.00 (12.00
//     a period), usage-amortized: 4 GB in January (4.80 used, 7.20 unused), 12 GB in
//     February of which 10 deducted (12.00 used, 0.00 unused) and 2 pay-per-use;
//   - P3, CDN, 50 GB in January, 31.00, linear: 25 GB used, no used/unused rows;
//   - LTS has no package: 8 GB at 0.25 go pay-per-use.
//
// Every OBS record costs 0.50 a GB, CDN 0.10.
const (
	kpiPackages = `package_id,product,deductible_items,effective_time,expiration_time,capacity,unit,reset_cycle,reset_anchor,fee,amortization
P1,OBS,Traffic A,2024-01-01 00:00:00,2024-01-31,100,GB,none,,100.00,usage
P2,OBS,Traffic B,2024-01-01 00:00:00,2024-02-29,10,GB,month,natural,24.00,usage
P3,CDN,,2024-01-01 00:00:00,2024-01-31,50,GB,none,,31.00,linear
`
	kpiUsage = `record_id,product,billing_item,start_time,end_time,quantity,unit,unit_price
a1,OBS,Traffic A,2024-01-02 10:00:00,2024-01-02 11:00:00,10,GB,0.50
a2,OBS,Traffic A,2024-01-05 10:00:00,2024-01-05 11:00:00,20,GB,0.50
b1,OBS,Traffic B,2024-01-10 10:00:00,2024-01-10 11:00:00,4,GB,0.50
b2,OBS,Traffic B,2024-02-10 10:00:00,2024-02-10 11:00:00,12,GB,0.50
c1,CDN,Traffic,2024-01-20 10:00:00,2024-01-20 11:00:00,25,GB,0.10
l1,LTS,Logs,2024-01-21 10:00:00,2024-01-21 11:00:00,8,GB,0.25
`
)

// line renders a row's figures for comparison.
func line(r Row) string {
	u, ok1 := r.Utilization()
	mu, ok2 := r.MoneyUtilization()
	c, ok3 := r.Coverage()
	mc, ok4 := r.MoneyCoverage()
	return fmt.Sprintf("pkgs %d periods %d cap %s used %s util %s | amortized %d used %s unused %s util %s | records %d usage %s deducted %s cov %s | priced %d value %s covered %s cov %s",
		r.Packages, r.Periods, r.Capacity, r.Used, pct(u, ok1), r.Amortized, r.UsedAmount.StringFixed(2),
		r.UnusedAmount.StringFixed(2), pct(mu, ok2), r.Records, r.Usage, r.Deducted, pct(c, ok3),
		r.Priced, r.UsageValue.StringFixed(2), r.CoveredValue.StringFixed(2), pct(mc, ok4))
}

func TestKPIByMonthAndProduct(t *testing.T) {
	asOf := at("2024-03-15")
	res := loadCSV(t, kpiPackages, kpiUsage, asOf).compute(t, asOf, "month", "product")
	want := map[string]string{
		// 34 of 110 GB = 30.909… → 30.91; 34.80 of 112.00 = 31.071… → 31.07
		"2024-01|OBS": "pkgs 2 periods 2 cap 110 used 34 util 30.91 | amortized 2 used 34.80 unused 77.20 util 31.07 | records 3 usage 34 deducted 34 cov 100 | priced 3 value 17.00 covered 17.00 cov 100",
		// 10 of 12 GB = 83.333… → 83.33; 5.00 of 6.00 likewise
		"2024-02|OBS": "pkgs 1 periods 1 cap 10 used 10 util 100 | amortized 1 used 12.00 unused 0.00 util 100 | records 1 usage 12 deducted 10 cov 83.33 | priced 1 value 6.00 covered 5.00 cov 83.33",
		"2024-01|CDN": "pkgs 1 periods 1 cap 50 used 25 util 50 | amortized 0 used 0.00 unused 0.00 util - | records 1 usage 25 deducted 25 cov 100 | priced 1 value 2.50 covered 2.50 cov 100",
		"2024-01|LTS": "pkgs 0 periods 0 cap 0 used 0 util - | amortized 0 used 0.00 unused 0.00 util - | records 1 usage 8 deducted 0 cov 0 | priced 1 value 2.00 covered 0.00 cov 0",
	}
	if len(res.Rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(res.Rows), len(want))
	}
	for k, w := range want {
		if got := line(find(t, res, "GB", strings.Split(k, "|")...)); got != w {
			t.Errorf("%s:\n got %s\nwant %s", k, got, w)
		}
	}
	// Rows are ordered by their keys.
	var order []string
	for _, r := range res.Rows {
		order = append(order, strings.Join(r.Keys, "|"))
	}
	if got := strings.Join(order, " "); got != "2024-01|CDN 2024-01|LTS 2024-01|OBS 2024-02|OBS" {
		t.Errorf("order %s", got)
	}
	// The summary adds the money of every row of a month: January 34.80 used of 112.00,
	// usage 17.00 + 2.50 + 2.00 = 21.50 of which 19.50 covered (90.70%).
	if len(res.Months) != 2 {
		t.Fatalf("months %+v", res.Months)
	}
	m := res.Months[0]
	mu, _ := m.MoneyUtilization()
	mc, _ := m.MoneyCoverage()
	if got := fmt.Sprintf("%s %s %s %s %s %s %s", m.Month, m.Currency, m.UsedAmount.StringFixed(2), m.UnusedAmount.StringFixed(2),
		mu, m.UsageValue.StringFixed(2), mc); got != "2024-01 USD 34.80 77.20 31.07 21.50 90.7" {
		t.Errorf("summary %s", got)
	}
}

// By package, coverage goes to the package that deducted, and what went pay-per-use to
// the row without a package; utilization of P2 adds its two periods.
func TestKPIByPackage(t *testing.T) {
	asOf := at("2024-03-15")
	res := loadCSV(t, kpiPackages, kpiUsage, asOf).compute(t, asOf, "package")
	want := map[string]string{
		"P1": "pkgs 1 periods 1 cap 100 used 30 util 30 | amortized 1 used 30.00 unused 70.00 util 30 | records 2 usage 30 deducted 30 cov 100 | priced 2 value 15.00 covered 15.00 cov 100",
		// 14 of 20 GB; 16.80 of 24.00 = 70%
		"P2": "pkgs 1 periods 2 cap 20 used 14 util 70 | amortized 2 used 16.80 unused 7.20 util 70 | records 2 usage 14 deducted 14 cov 100 | priced 2 value 7.00 covered 7.00 cov 100",
		"P3": "pkgs 1 periods 1 cap 50 used 25 util 50 | amortized 0 used 0.00 unused 0.00 util - | records 1 usage 25 deducted 25 cov 100 | priced 1 value 2.50 covered 2.50 cov 100",
		// b2's 2 GB pay-per-use (1.00) and l1's 8 GB (2.00)
		"": "pkgs 0 periods 0 cap 0 used 0 util - | amortized 0 used 0.00 unused 0.00 util - | records 2 usage 10 deducted 0 cov 0 | priced 2 value 3.00 covered 0.00 cov 0",
	}
	for k, w := range want {
		if got := line(find(t, res, "GB", k)); got != w {
			t.Errorf("%q:\n got %s\nwant %s", k, got, w)
		}
	}
}

// Before a period ends nothing of it is settled: as of 2024-01-20 only coverage shows.
func TestKPIOnlySettledPeriods(t *testing.T) {
	asOf := at("2024-01-20 12:00")
	res := loadCSV(t, kpiPackages, kpiUsage, asOf).compute(t, asOf, "product")
	if got := line(find(t, res, "GB", "OBS")); got != "pkgs 0 periods 0 cap 0 used 0 util - | amortized 0 used 0.00 unused 0.00 util - | records 3 usage 34 deducted 34 cov 100 | priced 3 value 17.00 covered 17.00 cov 100" {
		t.Errorf("OBS: %s", got)
	}
}

// A storage package is measured in capacity-hours: 1 TB for 24 hours offers 24
// TB*hour; a one-hour window of 512 GB uses 0.5 of them (2.08%).
func TestKPILevelPackageInCapacityHours(t *testing.T) {
	pk := `package_id,product,package_type,effective_time,expiration_time,capacity,unit,fee
S1,OBS,storage,2024-01-01 00:00:00,2024-01-02 00:00:00,1,TB,24.00
`
	us := `record_id,product,billing_item,start_time,end_time,quantity,unit
s1,OBS,Standard storage,2024-01-01 10:00:00,2024-01-01 11:00:00,512,GB
`
	asOf := at("2024-02-01")
	res := loadCSV(t, pk, us, asOf).compute(t, asOf, "package")
	if got := line(find(t, res, "TB*hour", "S1")); !strings.HasPrefix(got, "pkgs 1 periods 1 cap 24 used 0.5 util 2.08 |") {
		t.Errorf("S1: %s", got)
	}
	if got := line(find(t, res, "GB", "S1")); !strings.Contains(got, "records 1 usage 512 deducted 512 cov 100") {
		t.Errorf("S1 coverage: %s", got)
	}
}

// Units of one family add up in its reference unit (GB); a row in one unit keeps it.
func TestKPIMixedUnitsUseTheReference(t *testing.T) {
	pk := `package_id,product,effective_time,expiration_time,capacity,unit,fee
T1,OBS,2024-01-01 00:00:00,2024-01-31,1,TB,10.00
G1,OBS,2024-01-01 00:00:00,2024-01-31,512,GB,5.00
`
	us := `record_id,product,billing_item,start_time,end_time,quantity,unit
m1,OBS,x,2024-01-02 10:00:00,2024-01-02 11:00:00,1024,MB
`
	asOf := at("2024-02-01")
	in := loadCSV(t, pk, us, asOf)
	res := in.compute(t, asOf, "product")
	// 1 TB + 512 GB = 1536 GB offered; 1024 MB = 1 GB used (by G1: the two tie on end and
	// effective time, and G1 comes first by id)
	if got := line(find(t, res, "GB", "OBS")); !strings.HasPrefix(got, "pkgs 2 periods 2 cap 1536 used 1 util 0.07 |") ||
		!strings.Contains(got, "records 1 usage 1 deducted 1 cov 100") {
		t.Errorf("OBS: %s", got)
	}
	res = in.compute(t, asOf, "package")
	if got := line(find(t, res, "TB", "T1")); !strings.HasPrefix(got, "pkgs 1 periods 1 cap 1 used 0 util 0 |") {
		t.Errorf("T1: %s", got)
	}
}

func TestParseKeys(t *testing.T) {
	ks, err := ParseKeys([]string{"Month", " project ", "tag:Team", "package"})
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, k := range ks {
		cols = append(cols, k.Column())
	}
	if got := strings.Join(cols, ","); got != "month,enterprise_project,tag_Team,package_id" {
		t.Errorf("columns %s", got)
	}
	for _, bad := range [][]string{{"colour"}, {""}, {"month", "MONTH"}, {"tag:"}, {"project", "enterprise_project"},
		{"month", "product", "region", "project", "package", "tag:a", "tag:b"}} {
		if _, err := ParseKeys(bad); err == nil {
			t.Errorf("ParseKeys(%q): no error", bad)
		}
	}
}

// A destroyed package's last period also offers the periods it never reached, as its
// closing unused row books them: 10 GB a month for 2024 (120.00), destroyed on March 15
// with 5 GB used in March: March offers 10 + 9 × 10 = 100 GB, 5 used; its bill books
// 95 GB unused. January and February (nothing used) offer 10 each.
func TestKPIDestroyedPackageOffersWhatItNeverReached(t *testing.T) {
	pk := `package_id,product,effective_time,expiration_time,capacity,unit,reset_cycle,reset_anchor,fee,amortization,destroyed_time
D,OBS,2024-01-01 00:00:00,2024-12-31,10,GB,month,natural,120.00,usage,2024-03-15 00:00:00
`
	us := `record_id,product,billing_item,start_time,end_time,quantity,unit
r1,OBS,x,2024-03-10 10:00:00,2024-03-10 11:00:00,5,GB
`
	asOf := at("2024-06-01")
	res := loadCSV(t, pk, us, asOf).compute(t, asOf, "month")
	if got := line(find(t, res, "GB", "2024-03")); !strings.HasPrefix(got, "pkgs 1 periods 1 cap 100 used 5 util 5 | amortized 1 used ") ||
		!strings.Contains(got, "unused 95.00") {
		t.Errorf("March: %s", got)
	}
	if got := line(find(t, res, "GB", "2024-01")); !strings.HasPrefix(got, "pkgs 1 periods 1 cap 10 used 0 util 0 | amortized 1 used 0.00 unused 10.00") {
		t.Errorf("January: %s", got)
	}
}
