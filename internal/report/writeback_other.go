//go:build !linux

package report

import "os"

// startWriteback does nothing here (see the Linux version); the final fsync writes all.
func startWriteback(f *os.File, off, n int64) {}

// dropCached does nothing here (see the Linux version).
func dropCached(path string) {}
