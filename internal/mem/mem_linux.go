package mem

import (
	"syscall"
	"unsafe"
)

// advise is madvise(MADV_HUGEPAGE) on the whole pages of b; errors are ignored (the
// advice is only advice).
func advise(b []byte) {
	const page = 4096
	off := int((page - uintptr(unsafe.Pointer(unsafe.SliceData(b)))%page) % page)
	if off >= len(b) {
		return
	}
	b = b[off:]
	b = b[:len(b)-len(b)%page]
	if len(b) > 0 {
		_ = syscall.Madvise(b, syscall.MADV_HUGEPAGE)
	}
}

// release is madvise(MADV_DONTNEED) on b, whole pages: the kernel frees them, and maps
// zeroed pages at the next touch. It reports whether it did.
func release(b []byte) bool { return syscall.Madvise(b, syscall.MADV_DONTNEED) == nil }
