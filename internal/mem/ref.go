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

// StringMemo remembers a value for each of the last strings it was given, by identity
// (SameString) in a direct-mapped table: in front of a map keyed by texts that are
// shared (one string for every row that repeats a text, as the loader makes them), it
// finds a text's value without hashing or comparing its bytes. An entry holds its
// string, so its bytes cannot be freed and reused for another text meanwhile; a string
// over a buffer that is later rewritten (String) must not be given to it.
type StringMemo[V any] struct {
	e    []memoEntry[V]
	bits uint8
}

type memoEntry[V any] struct {
	s string
	v V
}

// NewStringMemo is a memo of 2^bits entries.
func NewStringMemo[V any](bits uint8) *StringMemo[V] {
	return &StringMemo[V]{e: make([]memoEntry[V], 1<<bits), bits: bits}
}

// Get is the value remembered for s, if it is.
func (m *StringMemo[V]) Get(s string) (v V, ok bool) {
	if e := m.slot(s); len(s) > 0 && SameString(e.s, s) {
		return e.v, true
	}
	return v, false
}

// Put remembers v for s, in place of whatever string shared its entry.
func (m *StringMemo[V]) Put(s string, v V) { *m.slot(s) = memoEntry[V]{s, v} }

func (m *StringMemo[V]) slot(s string) *memoEntry[V] { return &m.e[StringSlot(s, m.bits)] }

// StringSlot is an entry of a direct-mapped table of 2^bits entries for s by identity:
// a hash of the address and length of its bytes (Fibonacci hashing).
func StringSlot(s string, bits uint8) uint64 {
	return (uint64(StringAddr(s)) ^ uint64(len(s))) * 0x9E3779B97F4A7C15 >> (64 - bits)
}
