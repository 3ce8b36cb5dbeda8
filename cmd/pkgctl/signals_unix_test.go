//go:build unix

package main

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/pkgctl/pkgctl/internal/cli"
	"github.com/pkgctl/pkgctl/internal/report"
)

// In the child process of TestSignalRemovesTempFiles: write an output that never ends.
func init() {
	if os.Getenv("PKGCTL_TEST_CRASH_CHILD") != "" { // a fatal runtime error, as out of memory is
		handleSignals()
		go func() { panic("crash") }()
		select {}
	}
	dir := os.Getenv("PKGCTL_TEST_SIGNAL_CHILD")
	if dir == "" {
		return
	}
	handleSignals()
	_ = report.WriteFile(filepath.Join(dir, "out.csv"), nil, func(w io.Writer) error {
		if _, err := w.Write(make([]byte, 4<<20)); err != nil {
			return err
		}
		if f, ok := w.(interface{ Flush() error }); ok {
			f.Flush()
		}
		os.Stdout.WriteString("writing\n")
		select {} // until the signal
	})
	os.Exit(0)
}

// An interrupted write (SIGINT, SIGTERM, SIGHUP) leaves neither the output nor its
// temporary file, and the process ends by the signal (not with an exit code of its own).
// Run under nohup, the child starts with SIGHUP ignored and must go on: a SIGHUP then a
// SIGTERM end it by the SIGTERM.
func TestSignalRemovesTempFiles(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "PKGCTL_TEST_SIGNAL_CHILD="+dir)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			line, _ := bufio.NewReader(out).ReadString('\n')
			if strings.TrimSpace(line) != "writing" {
				cmd.Process.Kill()
				t.Fatalf("child said %q", line)
			}
			if left, _ := os.ReadDir(dir); len(left) != 1 || !strings.HasPrefix(left[0].Name(), ".out.csv.tmp-") {
				t.Fatalf("while writing: %v; want the temporary file only", left)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			want := sig
			if signal.Ignored(sig) { // inherited by the child: it goes on writing
				if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
					t.Fatal(err)
				}
				want = syscall.SIGTERM
			}
			err = cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != want {
				t.Errorf("child ended with %v; want killed by %v", err, want)
			}
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}

// A fatal runtime error (out of memory, a panic on another goroutine) never ends pkgctl
// with exit status 2, which means bad input with nothing written: it aborts (SIGABRT).
func TestFatalErrorIsNotExit2(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "PKGCTL_TEST_CRASH_CHILD=1")
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() == cli.ExitBadInput || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGABRT {
		t.Errorf("child ended with %v; want killed by SIGABRT", err)
	}
}
