package cli

import (
	"os"
	"path/filepath"
	"slices"
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

// The sample's files are written whole or not at all: a folder where one of them goes is
// bad usage, exit 2 before any is written, and an earlier set stays as it was.
func TestSampleWritesAllOrNone(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		folder string
		stderr string
	}{
		{"sample", []string{"sample", "out"}, "usage.xlsx",
			"pkgctl: error: out/usage.xlsx is a folder, where the sample writes the file usage.xlsx\n" +
				"pkgctl: hint: remove or rename that folder, or write the sample into another folder\n"},
		{"generate", []string{"sample", "generate", "--packages", "2", "--records", "2", "out"}, "packages.csv",
			"pkgctl: error: out/packages.csv is a folder, where the sample writes the file packages.csv\n" +
				"pkgctl: hint: remove or rename that folder, or write the sample into another folder\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out")
			if err := os.MkdirAll(filepath.Join(out, tc.folder, "x"), 0o755); err != nil {
				t.Fatal(err)
			}
			// an earlier set's usage file, that must not be left beside other packages
			if err := os.WriteFile(filepath.Join(out, "usage.csv"), []byte("earlier\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := runMain(t, dir, tc.args...)
			if code != ExitBadInput || stderr != tc.stderr {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and\n%s", code, stderr, tc.stderr)
			}
			if got, want := writtenFiles(t, out), []string{"usage.csv"}; !slices.Equal(got, want) {
				t.Errorf("files %v, want %v", got, want)
			}
			if b, _ := os.ReadFile(filepath.Join(out, "usage.csv")); string(b) != "earlier\n" {
				t.Errorf("usage.csv became %.40q", b)
			}
		})
	}
}

// writtenFiles lists the files under dir (folders left out), as paths relative to it.
func writtenFiles(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			names = append(names, rel)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}
