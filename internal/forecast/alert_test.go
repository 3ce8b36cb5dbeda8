package forecast

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func TestParseRule(t *testing.T) {
	for in, want := range map[string]string{
		"waste>100":            "waste>100",
		" Waste >= 1,000.5 ":   "waste>=1000.5",
		"at_stake>250 cny":     "at_stake>250 CNY",
		"spill>0USD":           "spill>0 USD",
		"utilization<50":       "utilization<50",
		"days_left <= 30":      "days_left<=30",
		"utilization <= 99.99": "utilization<=99.99",
	} {
		r, err := ParseRule(in)
		if err != nil || r.Text != want {
			t.Errorf("ParseRule(%q) = %q, %v; want %q", in, r.Text, err, want)
		}
	}
	for in, msg := range map[string]string{
		"waste":             "want METRIC OP NUMBER",
		"wast>100":          `unknown metric "wast"`,
		"waste=100":         "want METRIC OP NUMBER",
		"waste>":            "waste>",
		"waste>1e3":         "waste>1e3",
		"utilization<50USD": "a currency only goes with waste, spill or at_stake",
		"waste>>100":        `"waste>>100"`,
		"waste>100e":        `"e" is not a currency code`,
		"waste>100 dollars": `"dollars" is not a currency code`,
		"at_stake>5 usdd":   `"usdd" is not a currency code`,
	} {
		if _, err := ParseRule(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseRule(%q): %v, want an error with %q", in, err, msg)
		}
	}
}

func TestRuleMatch(t *testing.T) {
	asOf := at("2024-06-16")
	f := &Forecast{PackageID: "P", Currency: "USD", WindowDays: 10, Offered: dec("100"), Projected: dec("40"),
		Waste: decimal.NewNullDecimal(dec("150.00")), AtStake: dec("150.00"), Exhaustion: asOf.Add(36 * time.Hour)}
	for rule, want := range map[string]bool{
		"waste>100": true, "waste>150": false, "waste>=150": true, "waste>100 CNY": false, "waste>100 usd": true,
		"spill>0":         false, // no spill cost: no value, no alert
		"at_stake>149.99": true, "utilization<50": true, "utilization<40": false, "utilization<=40": true,
		"days_left<2": true, "days_left<1.5": false, "days_left<=1.5": true,
	} {
		r, err := ParseRule(rule)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Match(f, asOf); got != want {
			t.Errorf("%s: %v, want %v", rule, got, want)
		}
	}
	f.WindowDays = 0 // no history: nothing to compare
	if r, _ := ParseRule("waste>0"); r.Match(f, asOf) {
		t.Error("a package without a burn rate matched")
	}
}

// Alerts fire per package; the JUnit report has a test case per forecast package in id
// order, failing ones naming their rules and values, and is the same bytes every time.
func TestAlertsAndJUnit(t *testing.T) {
	packages := `package_id,product,deductible_items,effective_time,expiration_time,capacity,unit,reset_cycle,reset_anchor,fee,amortization
RUNS,CDN,Traffic,2024-06-01 00:00:00,2024-07-31,1000,GB,none,,100.00,linear
UNUSED,SFS,Storage traffic,2024-03-20 00:00:00,2024-08-20,5000,GB,none,,3500.00,usage
CONST,OCR,API calls,2024-06-01 00:00:00,2024-06-30,3000,calls,none,,300.00,usage
`
	usage := usageHeader +
		daily("c", "OCR", "API calls", "2024-06-01", 15, "95", "calls", "") +
		daily("r", "CDN", "Traffic", "2024-06-01", 15, "40", "GB", "0.10") +
		daily("u", "SFS", "Storage traffic", "2024-06-06", 10, "10", "GB", "")
	asOf := at("2024-06-16")
	res := replayCSV(t, packages, usage, asOf).run(t, asOf, 10, "waste>100", "days_left<30")
	if res.Alerted != 2 || len(byID(t, res, "CONST").Alerts) != 0 {
		t.Fatalf("%d alerted; CONST %v", res.Alerted, byID(t, res, "CONST").Alerts)
	}
	if a := byID(t, res, "UNUSED").Alerts; len(a) != 1 || a[0].Rule.Text != "waste>100" {
		t.Errorf("UNUSED alerts %+v", a)
	}
	var b1, b2 bytes.Buffer
	if err := WriteJUnit(&b1, res, 2); err != nil {
		t.Fatal(err)
	}
	if err := WriteJUnit(&b2, res, 2); err != nil {
		t.Fatal(err)
	}
	if b1.String() != b2.String() {
		t.Fatal("two JUnit reports of one result differ")
	}
	x := b1.String()
	for _, want := range []string{
		`<testsuite name="pkgctl forecast" tests="3" failures="2" errors="0" skipped="0">`,
		`<testcase classname="OCR" name="CONST"></testcase>`,
		`<testcase classname="CDN" name="RUNS">`,
		`<failure message="1 alert: days_left&lt;30" type="days_left"><![CDATA[days_left<30: days_left is 10 days`,
		`<failure message="1 alert: waste&gt;100" type="waste"><![CDATA[waste>100: waste is 2968.00 USD`,
	} {
		if !strings.Contains(x, want) {
			t.Errorf("JUnit lacks %s:\n%s", want, x)
		}
	}
	if strings.Index(x, `name="CONST"`) > strings.Index(x, `name="RUNS"`) || strings.Index(x, `name="RUNS"`) > strings.Index(x, `name="UNUSED"`) {
		t.Errorf("test cases not in id order:\n%s", x)
	}
}
