//go:build !unix

package report

import "os"

// fdDescriptor: only Unix names descriptors as files (/dev/fd/N).
func fdDescriptor(string) *os.File { return nil }
