//go:build unix

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/pkgctl/pkgctl/internal/cli"
)

// In the child process of TestOutToRedirectedStdout: pkgctl itself, its arguments in
// PKGCTL_TEST_MAIN (one a line).
func init() {
	if args := os.Getenv("PKGCTL_TEST_MAIN"); args != "" {
		os.Exit(cli.Main(strings.Split(args, "\n"), os.Stdin, os.Stdout, os.Stderr))
	}
}

// runRedirected runs pkgctl with args, its stdout appended to the file log (as the shell's
// >> does), and returns its exit code and stderr.
func runRedirected(t *testing.T, log string, args ...string) (int, string) {
	t.Helper()
	f, err := os.OpenFile(log, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var stderr bytes.Buffer
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "PKGCTL_TEST_MAIN="+strings.Join(args, "\n"))
	cmd.Dir = filepath.Dir(log)
	cmd.Stdout, cmd.Stderr = f, &stderr
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), stderr.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, stderr.String()
}

func inode(t *testing.T, path string) uint64 {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Sys().(*syscall.Stat_t).Ino
}

// An --out that names stdout, or is the file stdout is redirected to, is written through
// stdout: appended after what the file held, without a BOM, the file never replaced;
// and the rejected rows of --skip-invalid are named on stderr, as for stdout.
func TestOutToRedirectedStdout(t *testing.T) {
	bills := []string{"amortize", "--sample", "--as-of", "2024-01-31", "--month", "2024-01", "-f", "csv"}
	for _, out := range []string{"/dev/stdout", "/dev/fd/1", "/proc/self/fd/1", "run.log"} {
		t.Run(strings.ReplaceAll(out, "/", "_"), func(t *testing.T) {
			if _, err := os.Stat(out); err != nil && strings.HasPrefix(out, "/") {
				t.Skipf("no %s here", out)
			}
			dir := t.TempDir()
			log := filepath.Join(dir, "run.log")
			if err := os.WriteFile(log, []byte("old\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			before := inode(t, log)
			if code, stderr := runRedirected(t, log, append(bills, "-o", out)...); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if code, stderr := runRedirected(t, log, append(bills, "-o", out)...); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			got, _ := os.ReadFile(log)
			if !strings.HasPrefix(string(got), "old\nbill_date,billing_cycle,") {
				t.Errorf("run.log starts %q; want its old line, then the bills without a BOM", got[:min(len(got), 40)])
			}
			if n := strings.Count(string(got), "bill_date,"); n != 2 {
				t.Errorf("run.log holds %d listings, want the two runs' appended", n)
			}
			if after := inode(t, log); after != before {
				t.Errorf("run.log was replaced (inode %d, was %d)", after, before)
			}
			if names, _ := os.ReadDir(dir); len(names) != 1 {
				t.Errorf("the folder holds %v, want run.log only", names)
			}
		})
	}
	t.Run("skip-invalid", func(t *testing.T) {
		dir := t.TempDir()
		log := filepath.Join(dir, "run.log")
		usage := "record_id,product,billing_item,start_time,end_time,quantity,unit\n" +
			"r1,OBS,Outbound internet traffic,2024-01-02 10:00:00,2024-01-02 11:00:00,5,GB\n" +
			"r2,OBS,Outbound internet traffic,2024-01-02 10:00:00,2024-01-02 11:00:00,-5,GB\n"
		if err := os.WriteFile(filepath.Join(dir, "u.csv"), []byte(usage), 0o644); err != nil {
			t.Fatal(err)
		}
		pk := "package_id,product,effective_time,expiration_time,capacity,unit\nP1,OBS,2024-01-01 00:00:00,2024-12-31,100,GB\n"
		if err := os.WriteFile(filepath.Join(dir, "p.csv"), []byte(pk), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(log, []byte("old\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, stderr := runRedirected(t, log, "deduct", "--packages", "p.csv", "--usage", "u.csv", "--skip-invalid", "-f", "csv", "-o", "/dev/fd/1")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !strings.Contains(stderr, "pkgctl: rejected: u.csv:3: column \"quantity\"") {
			t.Errorf("stderr %q does not name the rejected row", stderr)
		}
		got, _ := os.ReadFile(log)
		if !strings.HasPrefix(string(got), "old\nrecord_id,") || !strings.Contains(string(got), "\nr1,") {
			t.Errorf("run.log holds %q; want its old line, then the ledger", got)
		}
		if names, _ := os.ReadDir(dir); len(names) != 3 {
			t.Errorf("the folder holds %v, want run.log and the inputs only", names)
		}
	})
}
