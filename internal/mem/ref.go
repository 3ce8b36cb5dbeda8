package mem

import (
	"encoding/binary"
	"unsafe"
)

// Ref is one word that points at a string's bytes or at a value of some type, for a
// compact value that holds one of several kinds of pointer (report's four-word cell)
// without an interface's second word. It keeps what it points at alive, as any pointer
// does. The holder knows which kind it stored, and reads it back as that kind only.
type Ref struct{ p unsafe.Pointer }

// RefString is a Ref to s's bytes; read s back with Ref.String and len(s).
func RefString(s string) Ref { return Ref{unsafe.Pointer(unsafe.StringData(s))} }

// RefTo is a Ref to *p; read it back with Deref.
func RefTo[T any](p *T) Ref { return Ref{unsafe.Pointer(p)} }

// Nil reports whether r points at nothing.
func (r Ref) Nil() bool { return r.p == nil }

// String is the string of n bytes r points at (made by RefString).
func (r Ref) String(n int) string { return unsafe.String((*byte)(r.p), n) }

// Bytes is the n bytes r points at (made by RefString), to be read, never written.
func (r Ref) Bytes(n int) []byte { return unsafe.Slice((*byte)(r.p), n) }

// Deref is the pointer r holds (made by RefTo with the same T).
func Deref[T any](r Ref) *T { return (*T)(r.p) }

// SameString reports whether a and b are the very same bytes (the same address and
// length), not only equal texts: a memo keyed by a shared string can then skip the
// comparison of its bytes.
func SameString(a, b string) bool {
	return unsafe.StringData(a) == unsafe.StringData(b) && len(a) == len(b)
}

// StringAddr is the address of s's bytes, to hash a shared string by identity.
func StringAddr(s string) uintptr { return uintptr(unsafe.Pointer(unsafe.StringData(s))) }

// Addr is p's address, to hash a shared value by identity.
func Addr[T any](p *T) uintptr { return uintptr(unsafe.Pointer(p)) }

// Load64 is the eight bytes of s at i (i+8 ≤ len(s)) as a little-endian word, read at
// once.
func Load64(s string, i int) uint64 {
	return binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s[i:]), 8))
}
