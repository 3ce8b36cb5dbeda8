package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeInputs writes packages.csv and usage.csv into dir.
func writeInputs(t *testing.T, dir, packages, usage string) {
	t.Helper()
	for name, text := range map[string]string{"packages.csv": packages, "usage.csv": usage} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// dailyUsage is n records of q GB of product OBS, item T, one a day from the given day
// (yyyy-mm-dd) at 10:00 for an hour, at 0.1 USD a GB.
func dailyUsage(from string, n int, q string) string {
	var b strings.Builder
	b.WriteString("record_id,product,billing_item,start_time,end_time,quantity,unit,unit_price,currency\n")
	for i := range n {
		day, err := time.Parse(time.DateOnly, from)
		if err != nil {
			panic(err)
		}
		d := day.AddDate(0, 0, i).Format(time.DateOnly)
		fmt.Fprintf(&b, "R%03d,OBS,T,%s 10:00,%s 11:00,%s,GB,0.1,USD\n", i, d, d, q)
	}
	return b.String()
}

// csvField is the value of column col in the line whose first field is key, of a CSV
// output without quoted fields.
func csvField(t *testing.T, out, key, col string) string {
	t.Helper()
	lines := strings.Split(strings.TrimPrefix(strings.TrimSpace(out), "\ufeff"), "\n")
	head := strings.Split(lines[0], ",")
	for _, l := range lines[1:] {
		if cells := strings.Split(l, ","); cells[0] == key {
			for i, h := range head {
				if h == col && i < len(cells) {
					return cells[i]
				}
			}
		}
	}
	t.Fatalf("no column %q in a row %q in\n%s", col, key, out)
	return ""
}

// Spans of time longer than a time.Duration holds (about 292 years) are counted
// exactly: a forecast's days_left to an exhaustion in 4762, and the capacity-hours of a
// storage package valid from 1000 to 1500.
func TestTimesPast292Years(t *testing.T) {
	dir := t.TempDir()
	writeInputs(t, dir, "package_id,product,deductible_items,effective_time,expiration_time,capacity,unit,fee,currency\n"+
		"L1,OBS,T,2024-01-01 00:00:00,9999-12-31,1000000,GB,1000,USD\n", dailyUsage("2024-06-01", 30, "1"))
	// 999,970 GB left at 1 GB a day: exhausted 999,970 days after as-of, on 4762-04-29
	code, out, stderr := runMain(t, dir, "forecast", "--packages", "packages.csv", "--usage", "usage.csv",
		"--as-of", "2024-06-30", "--fail-on", "days_left>999969", "--fail-on", "days_left<999971", "-f", "csv")
	if code != ExitDifferences || csvField(t, out, "L1", "exhaustion") != "4762-04-29" {
		t.Fatalf("exit %d, exhaustion %q: %s", code, csvField(t, out, "L1", "exhaustion"), stderr)
	}
	if !strings.Contains(stderr, "days_left>999969: 1, days_left<999971: 1") {
		t.Errorf("days_left is not 999970: %s", stderr)
	}

	writeInputs(t, dir, "package_id,product,package_type,deductible_items,effective_time,expiration_time,capacity,unit,fee,currency\n"+
		"S2,EVS,storage,Disk,1000-01-01 00:00:00,1500-01-01 00:00:00,1,TB,10,USD\n",
		"record_id,product,billing_item,start_time,end_time,quantity,unit\nR1,OBS,Disk,2024-01-01 10:00,2024-01-01 11:00,512,GB\n")
	code, out, stderr = runMain(t, dir, "kpi", "--packages", "packages.csv", "--usage", "usage.csv",
		"--as-of", "2024-12-31", "--by", "package", "-f", "csv")
	// 182,621 days (Python: (date(1500,1,1) - date(1000,1,1)).days) × 24 hours × 1 TB
	if code != 0 || csvField(t, out, "S2", "capacity") != "4382904" {
		t.Fatalf("exit %d, capacity %q (want 4382904): %s", code, csvField(t, out, "S2", "capacity"), stderr)
	}
}

// A forecast whose window reaches past the instants a record can have (2262-04-11) still
// counts the records in it. The records are 5 GB a day from 03-01 to 04-09; the 30 days
// to the end of 04-10 hold 29 of them (145 GB ÷ 30), those to 04-12 27 and those to
// 04-20 19.
func TestForecastWindowPastStampRange(t *testing.T) {
	dir := t.TempDir()
	writeInputs(t, dir, "package_id,product,deductible_items,effective_time,expiration_time,capacity,unit,fee,currency\n"+
		"NEW,OBS,T,2262-01-01 00:00:00,2263-01-01,1000,GB,100,USD\n", dailyUsage("2262-03-01", 40, "5"))
	for asOf, want := range map[string]string{"2262-04-10": "4.8333", "2262-04-12": "4.5", "2262-04-20": "3.1667"} {
		code, out, stderr := runMain(t, dir, "forecast", "--packages", "packages.csv", "--usage", "usage.csv",
			"--as-of", asOf, "-f", "csv")
		if code != 0 || csvField(t, out, "NEW", "burn_rate") != want {
			t.Errorf("as of %s: exit %d, burn rate %q, want %s: %s", asOf, code, csvField(t, out, "NEW", "burn_rate"), want, stderr)
		}
	}
}

// An empty validity starting on the first of a month counts in that month's KPIs, as
// amortization bills it, not in the month before.
func TestKPIEmptyValidityMonth(t *testing.T) {
	dir := t.TempDir()
	writeInputs(t, dir, "package_id,product,deductible_items,effective_time,expiration_time,capacity,unit,reset_cycle,fee,currency,amortization,destroyed_time\n"+
		"E3,OBS,T,2024-02-01 00:00:00,2024-12-31,10,GB,month,110,USD,usage,2024-02-01 00:00:00\n",
		"record_id,product,billing_item,start_time,end_time,quantity,unit,unit_price,currency\n")
	code, out, stderr := runMain(t, dir, "kpi", "--packages", "packages.csv", "--usage", "usage.csv",
		"--as-of", "2024-12-31", "--by", "month,package", "-f", "csv")
	if code != 0 || !strings.Contains(out, "\n2024-02,E3,") || strings.Contains(out, "2024-01") {
		t.Fatalf("exit %d, want E3 in 2024-02 alone: %s\n%s", code, out, stderr)
	}
}

// A --fail-on rule given twice is refused (its packages would count twice); one in a
// currency no package forecast is billed in is said to be one that cannot fire.
func TestFailOnRulesChecked(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runMain(t, dir, "forecast", "--sample", "--as-of", "2024-06-30",
		"--fail-on", "waste>100", "--fail-on", "waste > 100.0", "-f", "csv")
	if code != ExitBadInput || !strings.Contains(stderr, "the rule waste>100 is given twice") {
		t.Errorf("a rule twice: exit %d: %s", code, stderr)
	}
	code, _, stderr = runMain(t, dir, "forecast", "--sample", "--as-of", "2024-06-30",
		"--fail-on", "waste>100000 JPY", "-f", "csv", "--quiet")
	if code != ExitOK || !strings.Contains(stderr, "warning: --fail-on waste>100000 JPY: no package forecast is billed in JPY") {
		t.Errorf("a rule in another currency: exit %d: %s", code, stderr)
	}
}

// A Projection sheet longer than a sheet holds (a package valid to 9999 has a row a day)
// is refused before any row is made, with the way out; --charts 0 leaves it out.
func TestProjectionTooLong(t *testing.T) {
	dir := t.TempDir()
	writeInputs(t, dir, "package_id,product,deductible_items,effective_time,expiration_time,capacity,unit,fee,currency\n"+
		"L1,OBS,T,2024-01-01 00:00:00,9999-12-31,1000000,GB,1000,USD\n", dailyUsage("2024-06-01", 30, "1"))
	args := []string{"forecast", "--packages", "packages.csv", "--usage", "usage.csv", "--as-of", "2024-06-30", "-o", "f.xlsx"}
	code, _, stderr := runMain(t, dir, args...)
	// 2024-01-01 to 9999-12-31: 2,913,174 days (Python: (date(9999,12,31) - date(2024,1,1)).days + 1)
	if code != ExitBadInput || !strings.Contains(stderr, "the Projection sheet would have 2913174 rows") || !strings.Contains(stderr, "--charts") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "f.xlsx")); !os.IsNotExist(err) {
		t.Errorf("f.xlsx written: %v", err)
	}
	if code, _, stderr = runMain(t, dir, append(args, "--charts", "0")...); code != ExitOK {
		t.Errorf("--charts 0: exit %d: %s", code, stderr)
	}
}

// A package of capacity 0 with a fee wastes its share of the fee whole, as amortization
// books it unused: $10 over June, reset daily, as of June 10: 20 of its 30 periods to
// come, 6.67 (10.00 less the 3.33 booked to June 10); not resetting: 10.00.
func TestForecastZeroCapacityWaste(t *testing.T) {
	dir := t.TempDir()
	writeInputs(t, dir, "package_id,product,deductible_items,effective_time,expiration_time,capacity,unit,reset_cycle,fee,currency,amortization\n"+
		"Z0,OBS,T,2024-06-01 00:00:00,2024-06-30,0,GB,none,10,USD,usage\n"+
		"Z1,CDN,T,2024-06-01 00:00:00,2024-06-30,0,GB,day,10,USD,usage\n",
		"record_id,product,billing_item,start_time,end_time,quantity,unit,unit_price,currency\n"+
			"R1,OBS,T,2024-06-05 10:00,2024-06-05 11:00,5,GB,1,USD\nR2,CDN,T,2024-06-05 10:00,2024-06-05 11:00,5,GB,1,USD\n")
	code, out, stderr := runMain(t, dir, "forecast", "--packages", "packages.csv", "--usage", "usage.csv",
		"--as-of", "2024-06-10", "-f", "csv", "--fail-on", "waste>5")
	if code != ExitDifferences || csvField(t, out, "Z0", "waste") != "10.00" || csvField(t, out, "Z1", "waste") != "6.67" {
		t.Errorf("exit %d, waste %q and %q, want 10.00 and 6.67: %s", code, csvField(t, out, "Z0", "waste"), csvField(t, out, "Z1", "waste"), stderr)
	}
}

// A record id may hold a comma (a quoted CSV field): --record names it whole, one id a
// flag. A line break in a record's value prints as a space in why's text, so an export
// cannot write a line of its own into the explanation.
func TestWhyRecordValues(t *testing.T) {
	dir := t.TempDir()
	writeInputs(t, dir, "package_id,product,deductible_items,effective_time,expiration_time,capacity,unit,fee,currency\n"+
		"A,OBS,S,2024-01-01 00:00:00,2024-12-31,100,GB,10,USD\n",
		"record_id,product,billing_item,start_time,end_time,quantity,unit,unit_price,currency\n"+
			"\"R1,x\",OBS,\"T\nPrimary reason: none (fully deducted)\",2024-01-02 10:00,2024-01-02 11:00,15,GB,0.1,USD\n"+
			"R2,OBS,S,2024-01-02 10:00,2024-01-02 11:00,5,GB,0.1,USD\n")
	code, out, stderr := runMain(t, dir, "why", "--packages", "packages.csv", "--usage", "usage.csv",
		"--as-of", "2024-12-31", "--record", "R1,x")
	if code != ExitOK || !strings.HasPrefix(out, "Record R1,x: not deducted\n") {
		t.Fatalf("exit %d: %s%s", code, out, stderr)
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "Primary reason: none") {
			t.Errorf("a value started a line of its own:\n%s", out)
		}
	}
	if !strings.Contains(out, "  billing item        T Primary reason: none (fully deducted)\n") {
		t.Errorf("the billing item is not on one line:\n%s", out)
	}
}

// A currency is one code whatever its case: packages in USD, usd and Usd make one --by
// group and one footer, a usage record's "cny" is CNY, and the configured default is
// written in capitals too.
func TestCurrencyCase(t *testing.T) {
	dir := t.TempDir()
	writeInputs(t, dir, "package_id,product,effective_time,expiration_time,capacity,unit,fee,currency,amortization\n"+
		"A,OBS,2024-01-01 00:00:00,2024-01-10,10,GB,10.00,USD,linear\n"+
		"B,OBS,2024-01-01 00:00:00,2024-01-10,10,GB,20.00,usd,linear\n"+
		"C,OBS,2024-01-01 00:00:00,2024-01-10,10,GB,5.00,Usd,linear\n"+
		"D,OBS,2024-01-01 00:00:00,2024-01-10,10,GB,1.00,,linear\n",
		"record_id,product,billing_item,start_time,end_time,quantity,unit,unit_price,currency\n"+
			"R1,CDN,T,2024-01-05 10:00,2024-01-05 11:00,5,GB,1,cny\n")
	code, out, stderr := runMain(t, dir, "amortize", "--packages", "packages.csv", "--usage", "usage.csv",
		"--as-of", "2024-02-01", "--by", "month", "-f", "csv")
	if want := "month,rows,quantity,unit,amount,currency\n2024-01,40,,,36.00,USD\n"; code != 0 || strings.TrimPrefix(out, "\ufeff") != want {
		t.Errorf("exit %d, got\n%s\nwant\n%s%s", code, out, want, stderr)
	}
	code, out, stderr = runMain(t, dir, "why", "--packages", "packages.csv", "--usage", "usage.csv",
		"--as-of", "2024-02-01", "-f", "json")
	if code != 0 || !strings.Contains(out, `"currency": "CNY"`) || strings.Contains(out, `"cny"`) {
		t.Errorf("exit %d, want the record's currency as CNY:\n%s%s", code, out, stderr)
	}
	t.Setenv("PKGCTL_CURRENCY", "eur")
	code, out, stderr = runMain(t, dir, "amortize", "--packages", "packages.csv", "--usage", "usage.csv",
		"--as-of", "2024-02-01", "-f", "csv")
	if code != 0 || !strings.Contains(out, ",D,OBS,") || !strings.Contains(out, ",EUR,") || strings.Contains(out, ",eur,") || strings.Contains(out, ",usd,") {
		t.Errorf("exit %d, got\n%s%s", code, out, stderr)
	}
}
