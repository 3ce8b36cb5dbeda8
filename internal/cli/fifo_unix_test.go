//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Packages read from a pipe (`--packages <(…)`) can be read once: the usage is then
// replayed in memory from the start, since a replay in parts that has to fall back (here
// on a duplicate record_id) reads every input again.
func TestPipedPackagesNotStreamed(t *testing.T) {
	dir := t.TempDir()
	usage := dailyUsage("2024-06-01", 5, "1") + "R000,OBS,T,2024-06-09 10:00,2024-06-09 11:00,1,GB,0.1,USD\n"
	packages := "package_id,product,effective_time,expiration_time,capacity,unit\nP1,OBS,2024-06-01,2024-06-30,100,GB\n"
	writeInputs(t, dir, packages, usage)
	fifo := filepath.Join(dir, "piped.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	// The writer writes the packages once, then opens the pipe again and again with
	// nothing to write: a second reader gets an empty file instead of waiting forever.
	done, stop := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
			if err != nil {
				return
			}
			if i == 0 {
				f.WriteString(packages)
			}
			f.Close()
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	defer func() {
		close(stop)
		if f, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil { // lets a waiting open return
			select {
			case <-done:
			case <-time.After(10 * time.Second):
			}
			f.Close()
		}
	}()
	t.Setenv("PKGCTL_STREAM_USAGE_FROM", "1")
	code, _, stderr := runMain(t, dir, "deduct", "--packages", fifo, "--usage", "usage.csv", "--as-of", "2024-07-01",
		"-f", "csv", "-o", "ledger.csv")
	want := `usage.csv:7: column "record_id": duplicate record_id "R000" (first at line 2)`
	if code != ExitBadInput || !strings.Contains(stderr, want) || strings.Contains(stderr, "empty") || strings.Contains(stderr, "part by part") {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 2 with only the duplicate, replayed in memory", code, stderr)
	}
}
