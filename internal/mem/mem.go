package mem

import (
	"reflect"
	"sync/atomic"
	"unsafe"
)

// smallPages turns Huge and MakeHuge's advice off (CollectAsGoes).
var smallPages atomic.Bool

// HugeAsked reports whether Huge and MakeHuge ask for huge pages (not in a run that
// collects as it goes: CollectAsGoes).
func HugeAsked() bool { return !smallPages.Load() }

// hugePage is the size of a huge page (x86-64 and arm64 with 4 KiB pages): only memory
// that covers one whole, aligned on it, can be backed by one.
const hugePage = 2 << 20

// MakeHuge is make([]T, n) placed for huge pages: its elements start at most one
// element before a huge-page boundary (it is made a huge page longer, and sliced), and
// the kernel is asked to back it with huge pages (Huge), so that every huge page it
// spans is whole but the ones it starts and ends in. A slice made with make starts
// anywhere in a huge page, and the memory before its first boundary, half a huge page
// on average, is faulted in 4 KiB at a time (about 10 µs a fault on the project's VM:
// docs/performance.md). The extra length is address space the program never writes
// (the runtime zeroes it when the array reuses freed memory). Its end is left as it
// falls: rounded up to a whole huge page, the memory past what is written would be
// resident too. Below a huge page it is make. A T that holds pointers is made as make
// makes it, only asked for huge pages: the collector reads the whole of such an array,
// the extra length too, and never-written memory read is faulted in 4 KiB at a time, at
// every collection (at 1M records, amortize's two collections faulted 3,800 times in
// the extra length of such arrays; placing saves fewer faults, once).
func MakeHuge[T any](n int) []T {
	size := int(unsafe.Sizeof(*new(T)))
	if size == 0 || n*size < hugePage || smallPages.Load() {
		return make([]T, n)
	}
	if hasPointers(reflect.TypeFor[T]()) {
		s := make([]T, n)
		Huge(s)
		return s
	}
	s := make([]T, n+hugePage/size+1)
	addr := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	off := int((hugePage-addr%hugePage)%hugePage) / size
	s = s[off : off+n : off+n]
	Huge(s)
	return s
}

// Huge advises the kernel to back s's whole capacity with huge pages. Call it before
// the slice is written.
func Huge[T any](s []T) {
	s = s[:cap(s)]
	if len(s) == 0 {
		return
	}
	n := uintptr(len(s)) * unsafe.Sizeof(s[0])
	if n < hugePage || smallPages.Load() { // cannot hold a whole one; not asked
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
