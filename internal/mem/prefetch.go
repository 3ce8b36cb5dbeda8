//go:build amd64 || arm64

package mem

import "unsafe"

// Prefetch asks the CPU to bring the cache line at p into the cache, without waiting
// for it: a loop that chases pointers to records in nearly (not exactly) sequential
// order calls it for an element some iterations ahead, so the memory latencies overlap
// instead of adding up. It reads nothing and changes nothing; p may be nil.
//
//go:noescape
func Prefetch(p unsafe.Pointer)
