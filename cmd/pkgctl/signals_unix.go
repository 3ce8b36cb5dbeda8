//go:build unix

package main

import (
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/pkgctl/pkgctl/internal/report"
)

// handleSignals is called by main only. On SIGINT (Ctrl-C), SIGTERM or SIGHUP the
// temporary files of outputs being written are removed, then the signal is raised again
// so that pkgctl ends as the signal ends a program (exit status 128+n in a shell): an
// interrupted run leaves no .<out>.tmp-… file and no partial output. A signal ignored
// when pkgctl starts (SIGHUP under nohup) stays ignored: the run goes on.
//
// It also makes a fatal runtime error (out of memory, a crash in a goroutine) end the
// process with SIGABRT (status 134, without a core file) rather than Go's exit status 2,
// which pkgctl reserves for bad input with nothing written.
func handleSignals() {
	debug.SetTraceback("crash")
	_ = unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{Cur: 0, Max: 0})
	ch := make(chan os.Signal, 1)
	for _, sig := range []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		if !signal.Ignored(sig) {
			signal.Notify(ch, sig)
		}
	}
	go func() {
		sig := <-ch
		report.RemoveTempFiles()
		signal.Reset(sig)
		_ = syscall.Kill(os.Getpid(), sig.(syscall.Signal))
	}()
}
