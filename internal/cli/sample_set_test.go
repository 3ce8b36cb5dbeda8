package cli

import (
	"path/filepath"
	"testing"
)

// A --packages whose reset periods pkgctl would refuse to load, however large (drawing
// no more packages than load), and a --records past the most, are bad usage: exit 2
// before any file or folder is made.
func TestSampleGenerateBounds(t *testing.T) {
	for _, tc := range []struct {
		packages, records string
		stderr            string
	}{
		{"9223372036854775807", "1", "pkgctl: error: --packages 9223372036854775807 with --seed 1 would not load: its first 379,537 packages make 2,000,021 reset periods, more than the 2,000,000 pkgctl reads (limits.total_periods)\n" +
			"pkgctl: hint: use --packages 379536 or fewer with this seed (the packages make about 5 reset periods each)\n"},
		{"500000", "10", "pkgctl: error: --packages 500000 with --seed 1 would not load: its first 379,537 packages make 2,000,021 reset periods, more than the 2,000,000 pkgctl reads (limits.total_periods)\n" +
			"pkgctl: hint: use --packages 379536 or fewer with this seed (the packages make about 5 reset periods each)\n"},
		{"100", "100000001", "pkgctl: error: --records 100000001 is more than 100,000,000, the most sample generate writes\n" +
			"pkgctl: hint: past 16.7M records each further 16.7M draw the whole account again, so the time grows with the square of --records (100M: about 2 minutes and 15.6 GB of CSV)\n"},
	} {
		t.Run(tc.packages+"x"+tc.records, func(t *testing.T) {
			dir := t.TempDir()
			code, _, stderr := runMain(t, dir, "sample", "generate", "--packages", tc.packages, "--records", tc.records, "out")
			if code != ExitBadInput || stderr != tc.stderr {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and\n%s", code, stderr, tc.stderr)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}
