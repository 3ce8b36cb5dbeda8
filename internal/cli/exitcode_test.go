package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/report"
)

// runMain runs pkgctl in-process with a pinned clock-free environment.
func runMain(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runMainIn(t, dir, "", args...)
}

// runMainIn is runMain with stdin.
func runMainIn(t *testing.T, dir, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Setenv("PKGCTL_TIMEZONE", "Asia/Shanghai")
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	var out, errb bytes.Buffer
	code = Main(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// TestExitCodes pins the documented exit codes: 0 ok, 1 check differences, 2 bad input
// or usage (nothing written), 3 other failures.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("bad.csv", "record_id,product,billing_item,start_time,end_time,quantity,unit\nr1,OBS,x,2024-01-02 10:00:00,2024-01-02 11:00:00,-1,GB\n")
	write("bills.csv", "bill_date,package_id,bill_type,amount\n2024-01-02,PKG-OBS-100G,Expenditure-resource packages used,2.01\n")
	for _, tc := range []struct {
		name string
		args []string
		want int
	}{
		{"ok", []string{"validate", "--sample"}, ExitOK},
		{"differences", []string{"check", "--sample", "--as-of", "2026-01-01", "--bills", "bills.csv"}, ExitDifferences},
		{"bad input", []string{"validate", "--usage", "bad.csv"}, ExitBadInput},
		{"bad input, file output", []string{"deduct", "--sample", "--usage", "bad.csv", "-o", "out.csv"}, ExitBadInput},
		{"unknown flag", []string{"amortize", "--sample", "--bogus"}, ExitBadInput},
		{"unknown command", []string{"bogus"}, ExitBadInput},
		{"missing input", []string{"amortize"}, ExitBadInput},
		{"xlsx needs --out", []string{"amortize", "--sample", "-f", "xlsx"}, ExitBadInput},
		{"bad as-of", []string{"amortize", "--sample", "--as-of", "yesterday"}, ExitBadInput},
		{"as-of at the zero time", []string{"amortize", "--sample", "--as-of", "0001-01-01 08:05:43"}, ExitBadInput},
		{"as-of before year 1", []string{"amortize", "--sample", "--as-of", "0000-03-01"}, ExitBadInput},
		{"empty --by, amortize", []string{"amortize", "--sample", "--by", ""}, ExitBadInput},
		{"empty --by, kpi", []string{"kpi", "--sample", "--by", ""}, ExitBadInput},
		{"empty --record", []string{"why", "--sample", "--record", ""}, ExitBadInput},
		{"empty --packages beside --sample", []string{"amortize", "--sample", "--packages", ""}, ExitBadInput},
		{"blank --package", []string{"deduct", "--sample", "--package", "PKG-OBS-100G", "--package", " "}, ExitBadInput},
		{"missing file", []string{"validate", "--usage", "nope.csv"}, ExitBadInput},
		{"output over input", []string{"deduct", "--sample", "--usage", "bad.csv", "--skip-invalid", "-o", "bad.csv"}, ExitBadInput},
		{"output folder missing", []string{"amortize", "--sample", "-o", filepath.Join("no", "such", "dir", "x.csv")}, ExitBadInput},
		{"output is a folder", []string{"amortize", "--sample", "-o", "."}, ExitBadInput},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runMain(t, dir, tc.args...)
			if code != tc.want {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tc.want, stderr)
			}
			if code == ExitBadInput && !strings.Contains(stderr, "pkgctl: error: ") && !strings.Contains(stderr, ": column \"") {
				t.Errorf("no error message on stderr:\n%s", stderr)
			}
		})
	}
	if runtime.GOOS == "linux" { // a failure that is not the user's input: exit 3
		if code, _, stderr := runMain(t, dir, "amortize", "--sample", "-o", "/proc/pkgctl-test.csv"); code != ExitFailure {
			t.Errorf("writing into /proc: exit %d, want %d; stderr:\n%s", code, ExitFailure, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out.csv")); !os.IsNotExist(err) {
		t.Errorf("out.csv was written by a failed run")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "bad.csv")); !bytes.HasPrefix(b, []byte("record_id,")) {
		t.Errorf("the input was overwritten")
	}
}

// TestSameInputSameBytes: output is deterministic, in every format.
func TestSameInputSameBytes(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"table", "csv", "json", "markdown", "focus"} {
		_, a, _ := runMain(t, dir, "amortize", "--sample", "--as-of", "2024-06-15", "-f", f)
		_, b, _ := runMain(t, dir, "amortize", "--sample", "--as-of", "2024-06-15", "-f", f)
		if a != b || a == "" {
			t.Errorf("%s: two runs differ or are empty", f)
		}
	}
	for i := range 2 {
		if code, _, stderr := runMain(t, dir, "amortize", "--sample", "--as-of", "2024-06-15", "-o", filepath.Join(dir, []string{"a.xlsx", "b.xlsx"}[i])); code != 0 {
			t.Fatal(stderr)
		}
	}
	a, _ := os.ReadFile(filepath.Join(dir, "a.xlsx"))
	b, _ := os.ReadFile(filepath.Join(dir, "b.xlsx"))
	if !bytes.Equal(a, b) || len(a) == 0 {
		t.Errorf("xlsx: two runs differ")
	}
}

// An output too large for its format (an xlsx sheet past 1,048,575 rows) is the user's
// choice of format: exit 2, with a hint.
func TestTooManyRowsIsBadInput(t *testing.T) {
	err := &runError{err: fmt.Errorf("emit: %w", &report.TooManyRowsError{Sheet: "Reasons", Rows: 2_000_000, Max: 1_048_575})}
	if got := exitCode(err); got != ExitBadInput {
		t.Fatalf("exit %d, want %d", got, ExitBadInput)
	}
	var b strings.Builder
	printError(&b, err)
	if !strings.Contains(b.String(), "pkgctl: hint: write it as CSV or JSON") {
		t.Fatalf("stderr %q", b.String())
	}
}

// A text longer than an xlsx cell holds is bad usage: exit 2, the sheet, row and column
// named, CSV and JSON suggested, and no workbook left; CSV holds it.
func TestXLSXTextTooLongIsBadInput(t *testing.T) {
	dir := t.TempDir()
	id := strings.Repeat("P", 33000)
	for name, body := range map[string]string{
		"p.csv": "package_id,product,effective_time,expiration_time,capacity,unit,fee,amortization\n" + id + ",OBS,2024-01-01,2024-01-31,100,GB,10.00,linear\n",
		"u.csv": "record_id,product,billing_item,start_time,end_time,quantity,unit\nr1,OBS,x,2024-01-02 10:00:00,2024-01-02 11:00:00,1,GB\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, _, stderr := runMain(t, dir, "amortize", "--packages", "p.csv", "--usage", "u.csv", "--as-of", "2024-12-31", "-o", "bills.xlsx")
	if code != ExitBadInput || !strings.Contains(stderr, `pkgctl: error: report: sheet "Totals" row 2: column "package_id" holds a text of 33000 characters; an xlsx cell holds 32767`) ||
		!strings.Contains(stderr, "pkgctl: hint: write it as CSV or JSON (-f csv, -f json)") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "bills.xlsx")); !os.IsNotExist(err) {
		t.Errorf("bills.xlsx written: %v", err)
	}
	if code, _, stderr := runMain(t, dir, "amortize", "--packages", "p.csv", "--usage", "u.csv", "--as-of", "2024-12-31", "-o", "bills.csv"); code != ExitOK {
		t.Errorf("csv: exit %d, %s", code, stderr)
	}
}
