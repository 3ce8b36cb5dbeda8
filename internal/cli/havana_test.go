package cli

import (
	"fmt"
	"strings"
	"testing"
)

// forecast dates an instant as amortize does (rules.md §1.7): in America/Havana the
// first pass of 2020-11-01 00:00–01:00 belongs to 2020-10-31, so a package that ran out
// then ran out on 2020-10-31, the day its used row is billed; and a package whose
// expiration_time is 2020-10-31 (ending at the later midnight) lasts until 2020-10-31.
func TestForecastDatesInAnHourRepeatedAtMidnight(t *testing.T) {
	exhausted, expiring := t.TempDir(), t.TempDir()
	const head = "package_id,product,package_type,deductible_items,effective_time,expiration_time,capacity,unit,fee,currency,amortization\n"
	writeInputs(t, exhausted, head+"U2,OBS,usage,Standard storage,2020-10-01 00:00:00,2020-11-30 23:59:59,10,GB,100,USD,usage\n",
		"record_id,product,billing_item,start_time,end_time,quantity,unit,unit_price,currency\n"+
			"R1,OBS,Standard storage,2020-11-01T00:10:00-04:00,2020-11-01T00:40:00-04:00,10,GB,0.5,USD\n")
	var u4 strings.Builder
	u4.WriteString("record_id,product,billing_item,start_time,end_time,quantity,unit,unit_price,currency\n")
	for d := 1; d <= 19; d++ {
		fmt.Fprintf(&u4, "R%d,OBS,Standard storage,2020-10-%02d 10:00:00,2020-10-%02d 11:00:00,4,GB,0.5,USD\n", d, d, d)
	}
	writeInputs(t, expiring, head+"U4,OBS,usage,Standard storage,2020-10-01 00:00:00,2020-10-31,10,GB,100,USD,usage\n", u4.String())
	for _, tc := range []struct {
		dir  string
		args []string
		want []string
	}{
		{exhausted, []string{"amortize", "--as-of", "2020-11-05", "-f", "csv"}, []string{"2020-10-31,2020-10,U2,"}},
		{exhausted, []string{"forecast", "--as-of", "2020-11-05", "-f", "json"},
			[]string{`"exhaustion": "2020-10-31"`, "ran out on 2020-10-31;"}},
		{expiring, []string{"forecast", "--as-of", "2020-10-20", "-f", "json"}, []string{"until 2020-10-31 ("}},
	} {
		code, out, stderr := runMain(t, tc.dir, append(tc.args, "--packages", "packages.csv", "--usage", "usage.csv",
			"--timezone", "America/Havana", "--quiet")...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: no %q in\n%s", tc.args, w, out)
			}
		}
	}
}
