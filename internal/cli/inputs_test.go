package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// TestInputConflictsEveryCommand: --sample beside the files it replaces, and two inputs
// from stdin, are refused alike by every command that reads inputs, validate too
// (whatever subset of the inputs it is given), before anything is read: exit 2, one line.
func TestInputConflictsEveryCommand(t *testing.T) {
	dir := t.TempDir()
	bad := "record_id,product,billing_item,start_time,end_time,quantity,unit\nr1,OBS,x,2024-01-02 10:00:00,2024-01-02 11:00:00,-1,GB\n"
	for _, name := range []string{"p.csv", "u.csv", "b.csv"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const sample = "pkgctl: error: --sample replaces --packages and --usage; give one or the other\n"
	const stdin = "pkgctl: error: only one input can be read from stdin (-)\n"
	var cases [][]string
	for _, cmd := range []string{"amortize", "check", "deduct", "forecast", "kpi", "overview", "validate", "why"} {
		cases = append(cases,
			[]string{sample, cmd, "--sample", "--packages", "p.csv", "--usage", "u.csv"},
			[]string{stdin, cmd, "--packages", "-", "--usage", "-"})
	}
	cases = append(cases,
		[]string{sample, "validate", "--sample", "--packages", "p.csv"},
		[]string{sample, "validate", "--sample", "--usage", "u.csv", "--bills", "b.csv"},
		[]string{stdin, "validate", "--usage", "-", "--bills", "-"},
		[]string{stdin, "check", "--packages", "p.csv", "--usage", "-", "--bills", "-"})
	for _, c := range cases {
		want, args := c[0], c[1:]
		code, stdout, stderr := runMainIn(t, dir, "", args...)
		if code != ExitBadInput || stderr != want || stdout != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2, %q", args, code, stdout, stderr, want)
		}
	}
}
