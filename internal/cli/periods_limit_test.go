package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPeriodsLimitCLI: a package whose reset periods pass limits.periods is bad input
// (exit 2, located, the hint to raise the limit, nothing written), counted, not built; raised
// in the environment, the limit lets the same file through. An hourly reset anchored
// in year 1000 replays at once (rules.md §2.2).
func TestPeriodsLimitCLI(t *testing.T) {
	dir := t.TempDir()
	const header = "package_id,product,effective_time,expiration_time,capacity,unit,reset_cycle,reset_anchor\n"
	must(t, os.WriteFile(filepath.Join(dir, "daily.csv"), []byte(header+"P1,OBS,2024-01-01,9999-12-31,100,GB,day,\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "weekly.csv"), []byte(header+"P1,OBS,2024-01-01,2024-12-31,100,GB,week,\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "far.csv"), []byte(header+"P1,OBS,2024-01-01,2024-01-31,100,GB,hour,1000-01-01 00:00:00+08:00\n"), 0o644))

	code, stdout, stderr := runMain(t, dir, "overview", "--packages", "daily.csv", "--as-of", "2024-06-01", "-f", "csv", "-o", "out.csv")
	want := `daily.csv:2: column "expiration_time": a reset every day from 2024-01-01 00:00:00 to 10000-01-01 00:00:00 makes 2,913,174 periods; pkgctl takes at most 100,000 a package (limits.periods)`
	if code != ExitBadInput || stdout != "" || !strings.Contains(stderr, want) ||
		!strings.Contains(stderr, "pkgctl: hint: if the package is genuine, raise limits.periods") {
		t.Fatalf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "out.csv")); err == nil {
		t.Error("out.csv was written")
	}

	code, stdout, stderr = runMain(t, dir, "overview", "--packages", "far.csv", "--as-of", "2024-06-01", "-f", "csv")
	if code != 0 || !strings.Contains(stdout, ",hour,2024-01-31T23:00:00+08:00,2024-02-01T00:00:00+08:00,") {
		t.Errorf("far anchor: exit %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}

	t.Setenv("PKGCTL_LIMITS_PERIODS", "52")
	if code, _, stderr := runMain(t, dir, "overview", "--packages", "weekly.csv", "--as-of", "2024-06-01"); code != ExitBadInput ||
		!strings.Contains(stderr, "makes 53 periods; pkgctl takes at most 52 a package") {
		t.Errorf("limit 52: exit %d, stderr:\n%s", code, stderr)
	}
	t.Setenv("PKGCTL_LIMITS_PERIODS", "53")
	if code, _, stderr := runMain(t, dir, "overview", "--packages", "weekly.csv", "--as-of", "2024-06-01"); code != 0 {
		t.Errorf("limit 53: exit %d, stderr:\n%s", code, stderr)
	}
}

// TestLinearDaysLimitCLI: packages amortized linearly whose days together pass
// limits.linear_days (35 valid to 9999: 101,961,055 days) are bad input for every
// command, counted from their rows before any day is walked (exit 2, the package with
// the most named, the hint to raise the limit, nothing written); raised in the
// environment, the limit lets the same file through.
func TestLinearDaysLimitCLI(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("package_id,product,package_type,effective_time,expiration_time,capacity,unit,fee\n")
	for i := range 35 {
		fmt.Fprintf(&b, "L%02d,ECS,reserved_instance,2024-01-01 00:00:00,9999-12-31 00:00:00,1,instance,1000.00\n", i+1)
	}
	must(t, os.WriteFile(filepath.Join(dir, "p.csv"), []byte(b.String()), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "u.csv"), []byte("record_id,product,billing_item,start_time,end_time,deduct_time,quantity,unit\n"), 0o644))
	want := `p.csv: the packages amortized linearly span 101,961,055 days in all (the most, "L01" at line 2: ` +
		`2024-01-01 00:00:00 to 9999-12-31 00:00:00, 2,913,173 days); pkgctl amortizes at most 100,000,000 (limits.linear_days)`
	for _, cmd := range []string{"amortize", "kpi", "deduct"} {
		code, stdout, stderr := runMain(t, dir, cmd, "--packages", "p.csv", "--usage", "u.csv", "--as-of", "9999-12-31", "-o", "out.csv")
		if code != ExitBadInput || stdout != "" || !strings.Contains(stderr, want) ||
			!strings.Contains(stderr, "pkgctl: hint: if the packages are genuine, raise limits.linear_days") {
			t.Fatalf("%s: exit %d, stdout %q, stderr:\n%s", cmd, code, stdout, stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "out.csv")); err == nil {
			t.Errorf("%s: out.csv was written", cmd)
		}
	}
	t.Setenv("PKGCTL_LIMITS_LINEAR_DAYS", "101961055")
	if code, _, stderr := runMain(t, dir, "validate", "--packages", "p.csv", "--usage", "u.csv"); code != 0 {
		t.Errorf("limit raised: exit %d, stderr:\n%s", code, stderr)
	}
	t.Setenv("PKGCTL_LIMITS_LINEAR_DAYS", "101961054")
	if code, _, stderr := runMain(t, dir, "validate", "--packages", "p.csv", "--usage", "u.csv"); code != ExitBadInput ||
		!strings.Contains(stderr, "span 101,961,055 days in all") {
		t.Errorf("a day less: exit %d, stderr:\n%s", code, stderr)
	}
}
