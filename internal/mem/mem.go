package mem

import "unsafe"

// minBytes is the size below which asking is not worth a system call.
const minBytes = 8 << 20

// Huge advises the kernel to back s's whole capacity with huge pages. Call it before
// the slice is written.
func Huge[T any](s []T) {
	s = s[:cap(s)]
	if len(s) == 0 {
		return
	}
	n := uintptr(len(s)) * unsafe.Sizeof(s[0])
	if n < minBytes {
		return
	}
	advise(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), n))
}

// PrefetchOf is Prefetch of the cache line holding *p. Taking the address of an element
// or a field does not read it, so p may point into memory not yet in the cache.
func PrefetchOf[T any](p *T) { Prefetch(unsafe.Pointer(p)) }

// PrefetchString is Prefetch of the first cache line of s's bytes.
func PrefetchString(s string) { Prefetch(unsafe.Pointer(unsafe.StringData(s))) }

// String is b's bytes as a string, without a copy. The caller answers for b never
// changing while the string (or any string sliced from it) is in use: strings are
// immutable, and code that reads one relies on it. An empty b is "".
func String(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}
