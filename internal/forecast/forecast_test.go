package forecast

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Five packages, each forecast by hand as of 2024-06-15 (the end of that day) with a
// window of 10 days (June 6 to 15):
//
//   - CONST, OCR 3,000 calls in June, 300.00, usage-amortized, 95 calls a day: 1,425
//     used, 15 days left at 95 → 2,850 projected, 150 unused (5%: on track), waste
//     300.00 − round(300 × 2,850 ÷ 3,000) = 15.00;
//   - RUNS, CDN 1,000 GB June–July, 100.00, linear, 40 GB a day at 0.10: 600 used,
//     46 days left → 1,840 more; the 400 left last 10 days (out on June 26 00:00, 36 days
//     before the end), 2,440 − 1,000 = 1,440 GB spill, 144.00;
//   - UNUSED, SFS 5,000 GB 2024-03-20 → 2024-08-20, 3,500.00, usage-amortized: 1,000 GB
//     on April 1, then 10 GB a day in the window: 1,100 used, 66 days left → 660 more,
//     1,760 projected, 3,240 unused (64.8%), waste 3,500.00 − 1,232.00 = 2,268.00; the
//     validity is 154 days → 1,540 GB a term, 1,600 suggested;
//   - RESET, VPC 10 GB a day (natural), June, 30.00 (1.00 a day), usage-amortized, 12 GB
//     a day at 0.20: 10 deducted and 2 pay-per-use each day, so its demand is 12; the 15
//     remaining days each spill 2 GB: 30 GB, 6.00; the first runs out 10 ÷ 12 of a day
//     into June 16 (20:00);
//   - EXH, OBS 100 GB in June, 50.00, 20 GB a day at 0.50: out on June 5 at 12:00, then
//     20 GB a day of pay-per-use it would have taken: 15 days × 20 = 300 GB, 150.00.
func TestForecastByHand(t *testing.T) {
	packages := `package_id,product,deductible_items,effective_time,expiration_time,capacity,unit,reset_cycle,reset_anchor,fee,amortization
CONST,OCR,API calls,2024-06-01 00:00:00,2024-06-30,3000,calls,none,,300.00,usage
RUNS,CDN,Traffic,2024-06-01 00:00:00,2024-07-31,1000,GB,none,,100.00,linear
UNUSED,SFS,Storage traffic,2024-03-20 00:00:00,2024-08-20,5000,GB,none,,3500.00,usage
RESET,VPC,Outbound traffic,2024-06-01 00:00:00,2024-06-30,10,GB,day,natural,30.00,usage
EXH,OBS,Outbound internet traffic,2024-06-01 00:00:00,2024-06-30,100,GB,none,,50.00,usage
`
	usage := usageHeader +
		daily("c", "OCR", "API calls", "2024-06-01", 15, "95", "calls", "") +
		daily("r", "CDN", "Traffic", "2024-06-01", 15, "40", "GB", "0.10") +
		daily("u0", "SFS", "Storage traffic", "2024-04-01", 1, "1000", "GB", "") +
		daily("u", "SFS", "Storage traffic", "2024-06-06", 10, "10", "GB", "") +
		daily("v", "VPC", "Outbound traffic", "2024-06-01", 15, "12", "GB", "0.20") +
		daily("o", "OBS", "Outbound internet traffic", "2024-06-01", 15, "20", "GB", "0.50")
	asOf := at("2024-06-16")
	res := replayCSV(t, packages, usage, asOf).run(t, asOf, 10)
	want := map[string]string{
		"CONST":  "on_track days 10 rate 95 periods 1 offered 3000 projected 2850 unused 150 spill 0 in 0 exhaustion - util 95 waste 15.00 spill cost - at stake 15.00",
		"RUNS":   "runs_out days 10 rate 40 periods 1 offered 1000 projected 1000 unused 0 spill 1440 in 1 exhaustion 2024-06-26 00:00 util 100 waste 0.00 spill cost 144.00 at stake 144.00",
		"UNUSED": "unused days 10 rate 10 periods 1 offered 5000 projected 1760 unused 3240 spill 0 in 0 exhaustion - util 35.2 waste 2268.00 spill cost - at stake 2268.00",
		"RESET":  "runs_out days 10 rate 12 periods 15 offered 150 projected 150 unused 0 spill 30 in 15 exhaustion 2024-06-16 20:00 util 100 waste 0.00 spill cost 6.00 at stake 6.00",
		"EXH":    "exhausted days 10 rate 20 periods 1 offered 100 projected 100 unused 0 spill 300 in 1 exhaustion 2024-06-05 12:00 util 100 waste 0.00 spill cost 150.00 at stake 150.00",
	}
	for id, w := range want {
		if got := summary(byID(t, res, id)); got != w {
			t.Errorf("%s:\n got %s\nwant %s", id, got, w)
		}
	}
	var order []string
	for _, f := range res.Forecasts {
		order = append(order, f.PackageID)
	}
	if got := strings.Join(order, " "); got != "UNUSED EXH RUNS CONST RESET" {
		t.Errorf("order %s, want by money at stake", got)
	}
	recs := map[string]string{
		"CONST":  "on track: 95% of its capacity used by 2024-06-30",
		"RUNS":   "will run out on 2024-06-26, 36 days before it ends: about 1,440 GB to pay-per-use (144.00 USD); add about 1,500 GB",
		"UNUSED": "will end 64.8% unused: 3,240 GB (2,268.00 USD at stake); a renewal of 1,600 GB covers the trend",
		"RESET":  "runs out in 15 of its 15 remaining periods (first on 2024-06-16): about 30 GB to pay-per-use (6.00 USD); 12 GB a period covers the trend",
		"EXH":    "ran out on 2024-06-05; at 20 GB a day, about 300 GB go to pay-per-use until 2024-06-30 (150.00 USD): add about 300 GB",
	}
	for id, w := range recs {
		if got := byID(t, res, id).Recommendation; got != w {
			t.Errorf("%s:\n got %s\nwant %s", id, got, w)
		}
	}
}

// A monthly package projected period by period: June from what it used so far, later
// months from nothing, each at 2 GB a day; each month's unused capacity is valued at its
// 100.00 (1,200.00 over 12 months), July and August together (both 62 GB):
// 40 + 76 + 40 + 38 + 40 + 38 = 272.00.
func TestForecastResettableByPeriod(t *testing.T) {
	packages := `package_id,product,deductible_items,effective_time,expiration_time,capacity,unit,reset_cycle,reset_anchor,fee,amortization
MONTHLY,OBS,Traffic M,2024-01-01 00:00:00,2024-12-31,100,GB,month,natural,1200.00,usage
`
	usage := usageHeader + daily("m", "OBS", "Traffic M", "2024-06-01", 15, "2", "GB", "")
	asOf := at("2024-06-16")
	f := byID(t, replayCSV(t, packages, usage, asOf).run(t, asOf, 10), "MONTHLY")
	// June 30 + 30; July, August, October, December 62; September, November 60.
	if got, want := summary(f), "unused days 10 rate 2 periods 7 offered 700 projected 428 unused 272 spill 0 in 0 exhaustion - util 61.14 waste 272.00 spill cost - at stake 272.00"; got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
	if got, want := f.Recommendation, "will leave 38.86% of its remaining capacity unused: 272 GB (272.00 USD at stake); 62 GB a period covers the trend"; got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
}

// What an upgrade takes over is not wasted: UPG stops on July 1, when UPG2 (with a fee)
// takes over its remainder.
func TestForecastUpgradeTakesTheRemainder(t *testing.T) {
	packages := `package_id,product,deductible_items,effective_time,expiration_time,capacity,unit,fee,amortization,order_type,original_package_id
UPG,OBS,Traffic U,2024-06-01 00:00:00,2024-12-31,1000,GB,100.00,usage,new,
UPG2,OBS,Traffic U,2024-07-01 00:00:00,2024-12-31,2000,GB,50.00,usage,upgrade,UPG
`
	usage := usageHeader + daily("u", "OBS", "Traffic U", "2024-06-01", 15, "10", "GB", "")
	asOf := at("2024-06-16")
	res := replayCSV(t, packages, usage, asOf).run(t, asOf, 10)
	if len(res.Forecasts) != 1 {
		t.Fatalf("%d forecasts, want UPG only (UPG2 is not effective yet)", len(res.Forecasts))
	}
	f := &res.Forecasts[0]
	if got, want := summary(f), "upgraded days 10 rate 10 periods 1 offered 1000 projected 300 unused 0 spill 0 in 0 exhaustion - util 30 waste 0.00 spill cost - at stake 0.00"; got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
	if got, want := f.Recommendation, "upgraded to UPG2 on 2024-07-01: the 700 GB it will not have used move there, with their money"; got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
}

// The pay-per-use two exhausted packages could have taken is demand of the first of
// them in the deduction order only (A ends first), never of both.
func TestForecastPayPerUseGoesToOnePackage(t *testing.T) {
	packages := `package_id,product,deductible_items,effective_time,expiration_time,capacity,unit,fee
A,OBS,Traffic D,2024-06-01 00:00:00,2024-06-30,10,GB,10.00
B,OBS,Traffic D,2024-06-01 00:00:00,2024-07-31,10,GB,10.00
`
	usage := usageHeader + daily("d", "OBS", "Traffic D", "2024-06-10", 6, "30", "GB", "1")
	asOf := at("2024-06-16")
	res := replayCSV(t, packages, usage, asOf).run(t, asOf, 10)
	// June 6–9 nothing; June 10: A took 10, B 10, and A would have taken the 10 left
	// (20); June 11–15: 30 of pay-per-use each, A's. A: 20 + 5 × 30 = 170 over 10 days
	// (no day above the upper quartile, 30): 17. B: its 10 of June 10 over 10 days: 1.
	// Together 18 a day: the 180 of the window, counted once.
	if a, b := byID(t, res, "A"), byID(t, res, "B"); !a.Rate.Equal(dec("17")) || !b.Rate.Equal(dec("1")) {
		t.Errorf("rates A %s, B %s; want 17 and 1", a.Rate, b.Rate)
	}
}

// The burn rate shrugs off a spike: 10 GB a day and one day of 500 give 10 (the spike
// counts as a day at the upper quartile of the busy days, 10). Use that comes in
// batches counts in full: 300 GB on one day of ten is 30 a day; and so does a weekly
// pattern: 100 GB on weekdays and 2 on weekends, over June 6–15 (Thursday to
// Saturday: 7 weekdays, 3 weekend days) is (700 + 6) ÷ 10 = 70.6 (a median would say
// 100).
func TestForecastBurnRate(t *testing.T) {
	packages := `package_id,product,deductible_items,effective_time,expiration_time,capacity,unit,fee
S,OBS,Traffic S,2024-06-01 00:00:00,2024-12-31,100000,GB,100.00
B,OBS,Traffic B,2024-06-01 00:00:00,2024-12-31,100000,GB,100.00
W,OBS,Traffic W,2024-06-01 00:00:00,2024-12-31,100000,GB,100.00
`
	usage := usageHeader + daily("s", "OBS", "Traffic S", "2024-06-06", 10, "10", "GB", "") +
		"spike,OBS,Traffic S,2024-06-09 13:00:00,2024-06-09 14:00:00,490,GB,\n" +
		daily("b", "OBS", "Traffic B", "2024-06-10", 1, "300", "GB", "")
	for d := 6; d <= 15; d++ {
		qty := "100"
		if wd := at(fmt.Sprintf("2024-06-%02d", d)).Weekday(); wd == time.Saturday || wd == time.Sunday {
			qty = "2"
		}
		usage += daily(fmt.Sprintf("w%02d", d), "OBS", "Traffic W", fmt.Sprintf("2024-06-%02d", d), 1, qty, "GB", "")
	}
	asOf := at("2024-06-16")
	res := replayCSV(t, packages, usage, asOf).run(t, asOf, 10)
	for id, want := range map[string]string{"S": "10", "B": "30", "W": "70.6"} {
		if f := byID(t, res, id); !f.Rate.Equal(dec(want)) {
			t.Errorf("%s: rate %s, want %s", id, f.Rate, want)
		}
	}
}

// The window holds whole days of validity only, and ends with the last whole day before
// as-of: a package that took effect on June 13 has 3 days; one that took effect at 10:00
// on June 15 none (no_history); as of 10:00 on June 16 the window still ends with June
// 15, and the rest of June 16 is projected (95 × 14 7/12 days = 1,385.42).
func TestForecastWindowDays(t *testing.T) {
	packages := `package_id,product,deductible_items,effective_time,expiration_time,capacity,unit,fee,amortization
CONST,OCR,API calls,2024-06-01 00:00:00,2024-06-30,3000,calls,300.00,usage
LATE,OBS,Traffic L,2024-06-13 00:00:00,2024-06-30,1000,GB,10.00,usage
NEW,CDN,Traffic N,2024-06-15 10:00:00,2024-06-30,1000,GB,10.00,usage
`
	usage := usageHeader + daily("c", "OCR", "API calls", "2024-06-01", 15, "95", "calls", "") +
		daily("l", "OBS", "Traffic L", "2024-06-13", 3, "7", "GB", "")
	asOf := at("2024-06-16 10:00")
	res := replayCSV(t, packages, usage, asOf).run(t, asOf, 10)
	if f := byID(t, res, "LATE"); f.WindowDays != 3 || !f.Rate.Equal(dec("7")) {
		t.Errorf("LATE: %d days, rate %s", f.WindowDays, f.Rate)
	}
	if f := byID(t, res, "NEW"); f.Outlook != OutlookNoHistory || f.WindowDays != 0 || f.AtStake.Sign() != 0 {
		t.Errorf("NEW: %s", summary(f))
	}
	// 300 − round(300 × 2,810.42 ÷ 3,000) = 300 − 281.04
	if got, want := summary(byID(t, res, "CONST")), "on_track days 10 rate 95 periods 1 offered 3000 projected 2810.42 unused 189.58 spill 0 in 0 exhaustion - util 93.68 waste 18.96 spill cost - at stake 18.96"; got != want {
		t.Errorf("CONST:\n got %s\nwant %s", got, want)
	}
}

func TestNice(t *testing.T) {
	for in, want := range map[string]string{"380.4": "390", "1234": "1300", "3.27": "3.3", "0.0123": "0.013",
		"300": "300", "1440": "1500", "9.99": "10", "62": "62", "0": "0"} {
		if got := nice(dec(in)); !got.Equal(dec(want)) {
			t.Errorf("nice(%s) = %s, want %s", in, got, want)
		}
	}
}

// An upgrade that takes effect at a reset boundary leaves the last period complete: its
// unused capacity is booked (waste) as usual, and only the periods never reached move.
// M: 100 GB a month from June (700.00, 100.00 a month), upgraded on July 1; 2 GB a day:
// June ends with 60 used, 40 unused, 40.00.
func TestForecastUpgradeAtABoundary(t *testing.T) {
	packages := `package_id,product,deductible_items,effective_time,expiration_time,capacity,unit,reset_cycle,reset_anchor,fee,amortization,order_type,original_package_id
M,OBS,Traffic M,2024-06-01 00:00:00,2024-12-31,100,GB,month,natural,700.00,usage,new,
M2,OBS,Traffic M,2024-07-01 00:00:00,2024-12-31,500,GB,month,natural,50.00,usage,upgrade,M
`
	usage := usageHeader + daily("m", "OBS", "Traffic M", "2024-06-01", 15, "2", "GB", "")
	asOf := at("2024-06-16")
	f := byID(t, replayCSV(t, packages, usage, asOf).run(t, asOf, 10), "M")
	if got, want := summary(f), "unused days 10 rate 2 periods 1 offered 100 projected 60 unused 40 spill 0 in 0 exhaustion - util 60 waste 40.00 spill cost - at stake 40.00"; got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
	if got, want := f.Recommendation, "will leave 40% of its remaining capacity unused: 40 GB (40.00 USD at stake); 60 GB a period covers the trend; upgraded to M2 on 2024-07-01"; got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
}
