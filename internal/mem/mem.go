// Package mem asks the operating system to back a large, randomly accessed table with
// huge pages.
//
// A table probed at random (the record_id index of a usage file: 268 MB at 10M records)
// costs a TLB miss and a page walk per probe with 4 KiB pages; with 2 MiB pages the
// walk mostly hits. The Go runtime does not ask for huge pages for the heap, and Linux's
// usual setting ("madvise") gives them only to memory that asks. It changes no value:
// where huge pages are unavailable (another OS, THP "never") it does nothing.
//
// Measured on the project's VM (docs/performance.md): loading 10M records 5.6 s → 4.5–4.9 s.
// Asking for every large slice instead (records, ledger entries) made the 1M run slower:
// a huge page is zeroed whole at its first touch, and most of those slices are written
// once, in order.
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
