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
