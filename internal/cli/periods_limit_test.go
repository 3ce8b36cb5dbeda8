package cli

import (
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
