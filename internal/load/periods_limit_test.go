package load

import (
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

// A package with more reset periods than limits.periods is a problem of its row, on
// expiration_time, with the hint to raise the limit; the periods are counted, never
// built, so a daily reset to 9999 is refused at once. The limit is exact: a package of
// exactly Periods periods loads (the original P0 of pkgCSV has 12).
func TestPackagePeriodsLimit(t *testing.T) {
	for _, tc := range []struct {
		name  string
		set   map[string]string
		limit int64  // Limits.Periods; 0 = the default
		msg   string // the problem; "" = the row loads
	}{
		{"daily to 9999", map[string]string{"reset_cycle": "day", "expiration_time": "9999-12-31"}, 0,
			"a reset every day from 2024-02-01 00:00:00 to 10000-01-01 00:00:00 makes 2,913,143 periods; " +
				"pkgctl takes at most 100,000 a package (limits.periods)"},
		{"hourly for 11 years", map[string]string{"reset_cycle": "hour", "expiration_time": "2035-01-31"}, 0, ""},
		{"no reset to 9999", map[string]string{"expiration_time": "9999-12-31"}, 0, ""},
		{"monthly to 9999", map[string]string{"reset_cycle": "month", "expiration_time": "9999-12-31"}, 0, ""},
		{"hourly from a far anchor", map[string]string{"reset_cycle": "hour", "reset_anchor": "1000-01-01 00:00:00",
			"expiration_time": "2024-02-29"}, 0, ""},
		{"exactly at the limit", map[string]string{"reset_cycle": "week", "expiration_time": "2024-04-24"}, 12, ""},
		{"one past the limit", map[string]string{"reset_cycle": "week", "expiration_time": "2024-04-25"}, 12,
			"a reset every week from 2024-02-01 00:00:00 to 2024-04-26 00:00:00 makes 13 periods; pkgctl takes at most 12 a package (limits.periods)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := testOptions()
			opt.Limits.Periods = tc.limit
			pkgs, _, err := Packages("p.csv", strings.NewReader(pkgCSV(tc.set)), opt)
			if tc.msg == "" {
				if err != nil || len(pkgs) != 2 {
					t.Fatalf("got %d packages, error %v", len(pkgs), err)
				}
				return
			}
			assertOneProblem(t, err, "p.csv:3", "expiration_time", tc.msg)
			if errs, _ := err.(Errors); len(errs.Problems) == 1 && !strings.Contains(errs.Problems[0].Hint, "raise limits.periods") {
				t.Errorf("hint %q", errs.Problems[0].Hint)
			}
		})
	}
}

// Under SkipInvalid a package past the limit is set aside like any bad row.
func TestPackagePeriodsLimitSkipped(t *testing.T) {
	opt := testOptions()
	opt.SkipInvalid = true
	pkgs, rep, err := Packages("p.csv", strings.NewReader(pkgCSV(map[string]string{"reset_cycle": "hour",
		"expiration_time": "2300-01-01"})), opt)
	if err != nil || len(pkgs) != 1 || rep.Rejected.Len() != 1 || rowsOf(t, rep)[0].Src.Line != 3 {
		t.Fatalf("got %d packages, %d rejected, error %v", len(pkgs), rep.Rejected.Len(), err)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 100000: "100,000",
		2913143: "2,913,143", -1234: "-1,234", -123: "-123"} {
		if got := value.Thousands(n); got != want {
			t.Errorf("value.Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// The reset periods of all the packages kept are limited together (limits.total_periods):
// past it, the whole file is refused, naming the package with the most, whatever
// SkipInvalid; a row set aside does not count. P0 has 12 monthly periods, P1 here 12
// weekly ones.
func TestPackageTotalPeriodsLimit(t *testing.T) {
	weekly := map[string]string{"reset_cycle": "week", "expiration_time": "2024-04-24"}
	for _, tc := range []struct {
		name  string
		set   map[string]string
		limit int64
		skip  bool
		msg   string // the problem; "" = both rows load
	}{
		{"at the limit", weekly, 24, false, ""},
		{"past it", weekly, 23, false, `p.csv: the packages make 24 reset periods in all (the most, "P0" at line 2: ` +
			`a reset every month, 12 periods); pkgctl takes at most 23 (limits.total_periods)`},
		{"past it, skipping", weekly, 23, true, "limits.total_periods"},
		{"a row set aside does not count", map[string]string{"reset_cycle": "week", "expiration_time": "2024-04-24", "fee": "-1"}, 12, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := testOptions()
			opt.Limits.TotalPeriods, opt.SkipInvalid = tc.limit, tc.skip
			pkgs, _, err := Packages("p.csv", strings.NewReader(pkgCSV(tc.set)), opt)
			checkFileLimit(t, pkgs, err, tc.msg, "total_periods")
		})
	}
}

// checkFileLimit checks what Packages gave: the packages when msg is "", else one
// problem of the whole file holding msg, with the hint to raise limits.<key>.
func checkFileLimit(t *testing.T, pkgs []model.Package, err error, msg, key string) {
	t.Helper()
	if msg == "" {
		if err != nil || len(pkgs) == 0 {
			t.Fatalf("got %d packages, error %v", len(pkgs), err)
		}
		return
	}
	errs, ok := err.(Errors)
	if !ok || len(errs.Problems) != 1 || !errs.Problems[0].Fatal || !strings.Contains(errs.Problems[0].Error(), msg) ||
		!strings.Contains(errs.Problems[0].Hint, "raise limits."+key) {
		t.Fatalf("got %d packages, error %v", len(pkgs), err)
	}
}
