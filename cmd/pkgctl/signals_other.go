//go:build !unix

package main

import (
	"os"
	"os/signal"

	"github.com/pkgctl/pkgctl/internal/report"
)

// handleSignals is called by main only: on an interrupt the temporary files of outputs
// being written are removed before pkgctl exits (status 130).
func handleSignals() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt)
	go func() {
		<-ch
		report.RemoveTempFiles()
		os.Exit(130)
	}()
}
