package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/sample"
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

// sample generate draws within the configured limits.total_periods, so that what it
// writes loads under the same configuration: a lowered limit lowers the most packages,
// a raised one raises it.
func TestSampleGenerateConfiguredPeriods(t *testing.T) {
	for _, tc := range []struct{ limit, stderr string }{
		{"100", "pkgctl: error: --packages 500 with --seed 1 would not load: its first 13 packages make 109 reset periods, more than the 100 pkgctl reads (limits.total_periods)\n" +
			"pkgctl: hint: use --packages 12 or fewer with this seed (the packages make about 5 reset periods each)\n"},
		{"3000000", ""},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "pkgctl.yaml"), []byte("limits:\n  total_periods: "+tc.limit+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runMain(t, dir, "sample", "generate", "--packages", "500", "--records", "10", "--quiet", "out")
		if tc.stderr == "" && (code != 0 || stderr != "") {
			t.Errorf("limit %s: exit %d, stderr %q", tc.limit, code, stderr)
		}
		if tc.stderr != "" && (code != ExitBadInput || stderr != tc.stderr) {
			t.Errorf("limit %s: exit %d, stderr:\n%s\nwant exit 2 and\n%s", tc.limit, code, stderr, tc.stderr)
		}
	}
	// The default limit, 2,000,000, refuses the raised limit's 567,647.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "pkgctl.yaml"), []byte("limits:\n  total_periods: 3000000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runMain(t, dir, "sample", "generate", "--packages", "1000000000", "--records", "1", "out")
	if want := "pkgctl: error: --packages 1000000000 with --seed 1 would not load: its first 567,648 packages make 3,000,031 reset periods, more than the 3,000,000 pkgctl reads (limits.total_periods)\n"; code != ExitBadInput || !strings.HasPrefix(stderr, want) {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and\n%s", code, stderr, want)
	}
}

// version, help, completion and sample read no configuration: a broken config file does
// not stop them, and --config is refused as any global flag a command does not use is.
func TestNoConfigCommands(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "pkgctl.yaml"), []byte("precision: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"version"}, {"help"}, {"completion", "bash"}, {"sample", "s"}} {
		if code, out, stderr := runMain(t, dir, append(args, "--quiet")...); code != 0 || out == "" && args[0] != "sample" || stderr != "" {
			t.Errorf("%v beside a broken config file: exit %d, stderr %q", args, code, stderr)
		}
	}
	if code, _, stderr := runMain(t, dir, "deduct", "--sample"); code != ExitBadInput || !strings.Contains(stderr, "pkgctl.yaml") {
		t.Errorf("deduct beside a broken config file: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runMain(t, dir, "version", "--config", "pkgctl.yaml"); code != ExitBadInput || !strings.HasPrefix(stderr, "pkgctl: error: --config does not apply to pkgctl version\n") {
		t.Errorf("version --config: exit %d, stderr %q", code, stderr)
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

// sample and sample generate never replace files already in DIR (the current folder by
// default, where a user's own exports may be) unless --force: exit 2 naming them.
func TestSampleRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	mine := "record_id,product\nmy-1,OBS\n"
	if err := os.WriteFile(filepath.Join(dir, "usage.csv"), []byte(mine), 0o644); err != nil {
		t.Fatal(err)
	}
	kept := func(what string, want ...string) {
		t.Helper()
		if got := writtenFiles(t, dir); !slices.Equal(got, want) {
			t.Errorf("%s: files %v, want %v", what, got, want)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, "usage.csv")); string(b) != mine {
			t.Errorf("%s: usage.csv became %.40q", what, b)
		}
	}
	for _, args := range [][]string{{"sample"}, {"sample", "."}, {"sample", "generate", "--packages", "2", "--records", "2", "."}} {
		code, _, stderr := runMain(t, dir, args...)
		if want := "pkgctl: error: refusing to overwrite usage.csv\n" +
			"pkgctl: hint: pass --force to replace it, or write the sample into another folder\n"; code != ExitBadInput || stderr != want {
			t.Errorf("%v: exit %d, stderr:\n%s\nwant exit 2 and\n%s", args, code, stderr, want)
		}
		kept(args[len(args)-1], "usage.csv")
	}

	if code, _, stderr := runMain(t, dir, "sample", "generate", "--packages", "2", "--records", "2", "gen"); code != 0 {
		t.Fatal(stderr)
	}
	code, _, stderr := runMain(t, dir, "sample", "generate", "--packages", "3", "--records", "3", "gen")
	if want := "pkgctl: error: refusing to overwrite gen/packages.csv, gen/usage.csv\n" +
		"pkgctl: hint: pass --force to replace them, or write the sample into another folder\n"; code != ExitBadInput || stderr != want {
		t.Errorf("generate again: exit %d, stderr:\n%s\nwant exit 2 and\n%s", code, stderr, want)
	}
	if code, _, stderr := runMain(t, dir, "sample", "generate", "--packages", "3", "--records", "3", "--force", "gen"); code != 0 {
		t.Fatal(stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "gen", "packages.csv")); bytes.Count(b, []byte{'\n'}) != 4 {
		t.Errorf("--force: packages.csv is %q, want 3 packages", b)
	}

	if code, _, stderr := runMain(t, dir, "sample", "--force"); code != 0 {
		t.Fatal(stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "usage.csv")); !bytes.Equal(b, sample.Usage().Data) {
		t.Errorf("--force: usage.csv is %.40q, want the sample's", b)
	}
}

// The days of linear amortization are counted under the configuration, by the loader
// and by sample generate alike: which packages are linear follows usage_based_from and
// usage_based_products. The loader's total of a generated set is the most its generator
// draws within, and one day less is refused.
func TestLinearDaysFollowTheConfiguration(t *testing.T) {
	dir := t.TempDir()
	config := func(days string) {
		t.Helper()
		must(t, os.WriteFile(filepath.Join(dir, "pkgctl.yaml"), []byte("usage_based_from: 2020-01-01\nusage_based_products: [CDN, OBS, SFS]\n"+
			"limits:\n  linear_days: "+days+"\n"), 0o644))
	}
	// a CDN package of one item with a fee, from 2024 to 9999: by usage under this
	// configuration (not counted), linear under the defaults (2,913,173 days)
	must(t, os.WriteFile(filepath.Join(dir, "cdn.csv"), []byte("package_id,product,package_type,deductible_items,effective_time,expiration_time,capacity,unit,fee\n"+
		"C1,CDN,usage,Traffic,2024-01-01 00:00:00,9999-12-31 00:00:00,100,GB,10.00\n"), 0o644))
	config("1")
	if code, _, stderr := runMain(t, dir, "validate", "--packages", "cdn.csv"); code != 0 {
		t.Fatalf("a usage-amortized package counted: exit %d\n%s", code, stderr)
	}
	must(t, os.Remove(filepath.Join(dir, "pkgctl.yaml")))
	t.Setenv("PKGCTL_LIMITS_LINEAR_DAYS", "2913172")
	if code, _, stderr := runMain(t, dir, "validate", "--packages", "cdn.csv"); code != ExitBadInput || !strings.Contains(stderr, "2,913,173 days") {
		t.Fatalf("the defaults: exit %d\n%s", code, stderr)
	}
	t.Setenv("PKGCTL_LIMITS_LINEAR_DAYS", "")

	config("1000000000")
	if code, _, stderr := runMain(t, dir, "sample", "generate", "--packages", "2000", "--records", "1", "--quiet", "all"); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	config("1")
	_, _, stderr := runMain(t, dir, "validate", "--packages", "all/packages.csv")
	if !strings.Contains(stderr, " days in all") {
		t.Fatalf("no total in %q", stderr)
	}
	n := strings.ReplaceAll(stderr[strings.Index(stderr, "span ")+len("span "):strings.Index(stderr, " days in all")], ",", "")
	config(n)
	if code, _, stderr := runMain(t, dir, "sample", "generate", "--packages", "2000", "--records", "1", "--quiet", "at"); code != 0 {
		t.Fatalf("limits.linear_days %s, the loader's total: exit %d\n%s", n, code, stderr)
	}
	if code, _, stderr := runMain(t, dir, "validate", "--packages", "at/packages.csv"); code != 0 {
		t.Fatalf("limits.linear_days %s: exit %d\n%s", n, code, stderr)
	}
	less, _ := strconv.Atoi(n)
	config(strconv.Itoa(less - 1))
	if code, _, stderr := runMain(t, dir, "sample", "generate", "--packages", "2000", "--records", "1", "--quiet", "below"); code != ExitBadInput ||
		!strings.Contains(stderr, "(limits.linear_days)") {
		t.Fatalf("limits.linear_days %d: exit %d\n%s", less-1, code, stderr)
	}
}
