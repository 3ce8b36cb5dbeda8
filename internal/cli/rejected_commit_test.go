package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/pkgctl/pkgctl/internal/load"
)

// The output and the rejected rows' files are put in place together: when a rows' file
// cannot be written (here its temporary file's name is too long for the file system,
// the output's is not), the output already written is not put in place either, and no
// temporary file is left.
func TestRejectedFailureLeavesOutput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("p.csv", "package_id,product,effective_time,expiration_time,capacity,unit\nP1,OBS,2024-01-01 00:00:00,2024-12-31,100,GB\n")
	write("u.csv", "record_id,product,billing_item,start_time,end_time,quantity,unit\n"+
		"r1,OBS,Outbound internet traffic,2024-01-02 10:00:00,2024-01-02 11:00:00,5,GB\n"+
		"r2,OBS,Outbound internet traffic,2024-01-02 10:00:00,2024-01-02 11:00:00,-5,GB\n")
	// ".<out>.tmp-<10 digits>" fits in 255 bytes, ".<out>.rejected.csv.tmp-<…>" does not.
	out := strings.Repeat("o", 231) + ".csv"
	write(out, "old\n")
	code, _, stderr := runMain(t, dir, "deduct", "--packages", "p.csv", "--usage", "u.csv", "--skip-invalid", "-o", out)
	if code != ExitFailure {
		t.Fatalf("exit %d (%s), want %d: the rows' file cannot be written", code, stderr, ExitFailure)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, out)); string(got) != "old\n" {
		t.Errorf("the output holds %.40q, want it as it was", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("the folder holds %d files, want the inputs and the old output only", len(entries))
	}
}

// check's and forecast's --junit report is put in place with the output, or neither is:
// when the report cannot be written (its temporary file's name too long for the file
// system, its own name not), the output keeps what it held.
func TestJUnitFailureLeavesOutput(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runMain(t, dir, "amortize", "--sample", "-o", "bills.csv", "--quiet"); code != 0 {
		t.Fatalf("amortize: exit %d: %s", code, stderr)
	}
	junit := strings.Repeat("j", 241) + ".xml" // ".<junit>.tmp-<10 digits>" is 261 bytes
	for _, args := range [][]string{
		{"check", "--sample", "--bills", "bills.csv"},
		{"forecast", "--sample"},
	} {
		if err := os.WriteFile(filepath.Join(dir, "out.csv"), []byte("old\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runMain(t, dir, append(args, "--as-of", "2025-06-01", "-o", "out.csv", "--junit", junit)...)
		if code != ExitFailure {
			t.Errorf("%s: exit %d (%s), want %d: the report cannot be written", args[0], code, stderr, ExitFailure)
		}
		if got, _ := os.ReadFile(filepath.Join(dir, "out.csv")); string(got) != "old\n" {
			t.Errorf("%s: the output holds %.40q, want it as it was", args[0], got)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 2 {
			t.Errorf("%s: the folder holds %d files, want bills.csv and the old output only", args[0], len(entries))
		}
	}
}

// Rows set aside past what is held in memory wait in a temporary file in TMPDIR, gone
// once the run ends; with no temporary folder they stay in memory. Either way the
// rejected rows' file is the same, in line order, and the note counts them in
// thousands.
func TestRejectedRowsSpooled(t *testing.T) {
	dir := t.TempDir()
	var u strings.Builder
	u.WriteString("record_id,product,billing_item,start_time,end_time,quantity,unit\n")
	const bad = 120_000 // some 25 MB of rows set aside: more than is held in memory
	for i := range bad {
		fmt.Fprintf(&u, "r%d,OBS,Outbound internet traffic,2024-01-02 10:00:00,2024-01-02 11:00:00,-%d,GB\n", i, i+1)
	}
	u.WriteString("ok,OBS,Outbound internet traffic,2024-01-02 10:00:00,2024-01-02 11:00:00,5,GB\n")
	if err := os.WriteFile(filepath.Join(dir, "u.csv"), []byte(u.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "p.csv"), []byte("package_id,product,effective_time,expiration_time,capacity,unit\n"+
		"P1,OBS,2024-01-01 00:00:00,2024-12-31,100,GB\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, tmp := range []string{t.TempDir(), filepath.Join(dir, "no such folder")} {
		t.Setenv("TMPDIR", tmp)
		code, _, stderr := runMain(t, dir, "deduct", "--packages", "p.csv", "--usage", "u.csv", "--skip-invalid", "-o", "out.csv")
		if code != 0 || !strings.Contains(stderr, "pkgctl: note: 120,000 invalid rows of u.csv skipped, written to out.csv.rejected.csv") {
			t.Fatalf("TMPDIR %s: exit %d, stderr:\n%s", tmp, code, stderr)
		}
		if left, _ := os.ReadDir(tmp); len(left) != 0 {
			t.Errorf("TMPDIR %s holds %d files after the run", tmp, len(left))
		}
		b, err := os.ReadFile(filepath.Join(dir, "out.csv.rejected.csv"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, string(b))
	}
	lines := strings.Split(strings.TrimSuffix(files[0], "\n"), "\n")
	if len(lines) != bad+1 || !strings.HasPrefix(lines[1], "r0,") || !strings.HasPrefix(lines[bad], fmt.Sprintf("r%d,", bad-1)) ||
		!strings.HasSuffix(lines[bad], fmt.Sprintf(`u.csv:%d: column ""quantity"": negative value ""-%d"""`, bad+1, bad)) {
		t.Errorf("rejected rows' file: %d lines, %q … %q", len(lines), lines[1], lines[len(lines)-1])
	}
	if files[0] != files[1] {
		t.Errorf("the rows held in a temporary file and in memory are written differently")
	}
}

// A temporary file of rows set aside that cannot be written (a full temporary folder)
// fails the run with a hint naming TMPDIR.
func TestSpoolErrorHint(t *testing.T) {
	var b strings.Builder
	printError(&b, fmt.Errorf("writing out.csv.rejected.csv: %w", &load.SpoolError{Err: syscall.ENOSPC}))
	if got := b.String(); !strings.Contains(got, "pkgctl: error: writing out.csv.rejected.csv: the rows set aside, in a temporary file: no space left on device\n") ||
		!strings.Contains(got, "pkgctl: hint: past 16 MB, the rows --skip-invalid sets aside wait in the temporary folder (TMPDIR)") {
		t.Errorf("stderr:\n%s", got)
	}
}
