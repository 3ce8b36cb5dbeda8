package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
