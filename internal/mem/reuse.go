package mem

import (
	"reflect"
	"sync/atomic"
	"unsafe"
)

// Drop says that s's contents are no longer needed, long before the collector could
// free s (pkgctl runs with it off between phases): the whole pages of s's memory are
// given back to the operating system, which maps zeroed ones again if s is written
// later, and the bytes of s on the pages it shares at either end are zeroed. s reads as
// zeros afterwards, on every system (where pages cannot be given back, every byte is
// zeroed). A large array that is dead before the end of its phase then stops counting in
// the peak. T must hold no pointers (Drop panics otherwise): memory zeroed behind the
// collector's back must not have held any.
func Drop[T any](s []T) {
	mustHaveNoPointers(reflect.TypeFor[T]())
	b := bytesOf(s)
	const page = 4096
	off := int((page - uintptr(unsafe.Pointer(unsafe.SliceData(b)))%page) % page)
	if off >= len(b) || len(b)-off < page {
		clear(b)
		return
	}
	end := len(b) - (len(b)-off)%page
	if !release(b[off:end]) {
		clear(b[off:end])
	}
	clear(b[:off])
	clear(b[end:])
}

// Dying is an array whose elements die from the front as one pass over it goes (a
// sort's keys as the replay passes them, a worker's entries as they are merged): Upto(i)
// says that s[:i] is not read again, All that none of s is. Its memory is given back to
// the operating system as it dies, but in whole huge pages (2 MB, aligned) only; the
// rest of it, the parts before its first and after its last huge-page boundary, with All
// (Drop). Giving back part of a huge page splits it into 512 small ones, which on a VM
// that shadows the page tables costs far more than the page: with Drop of each 1 MB as
// it died, deduct's replay of 1M records spent a fifth of its time doing so
// (docs/performance.md, Design). T must hold no pointers (Dies panics otherwise). After
// All, s reads as zeros (Drop); before, what has died reads as anything.
type Dying[T any] struct {
	s     []T
	eager bool    // EagerDying: Drop what dies at once
	died  int     // with eager: s[:died] is dropped
	done  uintptr // s's memory before this address is given back (0: none yet)
}

// eagerDying is EagerDying's switch.
var eagerDying atomic.Bool

// EagerDying makes the Dying arrays started from now on give back what dies at once, as
// Drop does (parts of huge pages too, the bytes at either end zeroed), for a test to see
// that what is read after its death reads as zeros; restore undoes it.
func EagerDying() (restore func()) {
	eagerDying.Store(true)
	return func() { eagerDying.Store(false) }
}

// Dies starts the death of s (see Dying).
func Dies[T any](s []T) *Dying[T] {
	mustHaveNoPointers(reflect.TypeFor[T]())
	return &Dying[T]{s: s, eager: eagerDying.Load()}
}

// Upto says that s[:i] is dead: the whole huge pages among them that are not given back
// yet are.
func (d *Dying[T]) Upto(i int) {
	if d.eager {
		Drop(d.s[d.died:i])
		d.died = i
		return
	}
	b := bytesOf(d.s)
	base := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	start := max(d.done, (base+hugePage-1)&^(hugePage-1))
	end := (base + uintptr(i)*unsafe.Sizeof(*new(T))) &^ (hugePage - 1)
	if end <= start {
		return
	}
	if release(b[start-base : end-base]) {
		d.done = end
	}
}

// All says that the whole of s is dead: what is not given back yet is (Drop).
func (d *Dying[T]) All() {
	b := bytesOf(d.s)
	switch {
	case d.eager:
		Drop(d.s[d.died:])
	case d.done == 0:
		Drop(b)
	default:
		base := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
		Drop(b[:(base+hugePage-1)&^(hugePage-1)-base])
		Drop(b[d.done-base:])
	}
	*d = Dying[T]{}
}

// View is the first n elements of type U laid over s's memory (its capacity), for
// scratch space borrowed from an array allocated for later: the radix sort's second
// array from the entries' arena, which the replay writes only after the sort. ok is
// false, and the view nil, when s's capacity is too small or its address not aligned
// for U. Both types must hold no pointers (View panics otherwise); what the view writes
// is what s holds after, garbage to s's own type until s is written again.
func View[U, T any](s []T, n int) (v []U, ok bool) {
	mustHaveNoPointers(reflect.TypeFor[T]())
	mustHaveNoPointers(reflect.TypeFor[U]())
	b := bytesOf(s[:cap(s)])
	size, align := unsafe.Sizeof(*new(U)), unsafe.Alignof(*new(U))
	if n < 0 || size == 0 || uintptr(len(b))/size < uintptr(n) || n > 0 && uintptr(unsafe.Pointer(unsafe.SliceData(b)))%align != 0 {
		return nil, false
	}
	if n == 0 {
		return []U{}, true
	}
	return unsafe.Slice((*U)(unsafe.Pointer(unsafe.SliceData(b))), n), true
}

// bytesOf is s's memory (its length) as bytes.
func bytesOf[T any](s []T) []byte {
	n := uintptr(len(s)) * unsafe.Sizeof(*new(T))
	if n == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), n)
}

// mustHaveNoPointers panics when t holds a pointer (a pointer, string, slice, map,
// channel, function or interface, at any depth).
func mustHaveNoPointers(t reflect.Type) {
	if hasPointers(t) {
		panic("mem: " + t.String() + " holds pointers")
	}
}

func hasPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Array:
		return t.Len() > 0 && hasPointers(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if hasPointers(t.Field(i).Type) {
				return true
			}
		}
		return false
	case reflect.Pointer, reflect.UnsafePointer, reflect.String, reflect.Slice, reflect.Map,
		reflect.Chan, reflect.Func, reflect.Interface:
		return true
	}
	return false
}
