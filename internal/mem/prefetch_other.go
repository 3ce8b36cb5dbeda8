//go:build !amd64 && !arm64

package mem

import "unsafe"

// Prefetch does nothing on this architecture (see the amd64 and arm64 versions).
func Prefetch(p unsafe.Pointer) {}
