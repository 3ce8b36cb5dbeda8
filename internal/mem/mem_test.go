package mem

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

// Huge is only advice, so this is a smoke test: on small, empty, odd-sized and large
// slices it neither panics nor changes contents. Its effect is measured by benchmarks
// (docs/performance.md), not here.
func TestHugeKeepsContents(t *testing.T) {
	for _, n := range []int{0, 1, 1000, 3<<20 + 5} {
		s := make([]uint64, n, n+7)
		for i := range s {
			s[i] = uint64(i) * 2654435761
		}
		Huge(s)
		for i := range s {
			if s[i] != uint64(i)*2654435761 {
				t.Fatalf("n=%d: element %d changed", n, i)
			}
		}
	}
	Huge([]struct{}{}) // zero-sized elements
}

// MakeHuge is make: n zeroed elements, length and capacity n, its own memory; from a
// huge page on, its first element starts less than one element before a huge-page
// boundary (elements of odd sizes included), but for elements holding pointers, which
// are made as make makes them (the collector would read the room placing takes).
func TestMakeHuge(t *testing.T) {
	type odd struct {
		a int64
		b [3]byte
	} // 16 bytes
	type entry struct{ a, b, c, d, e int64 } // 40 bytes
	defer smallPages.Store(smallPages.Load())
	smallPages.Store(false) // as after ConfigureRuntime
	check := func(name string, n, size int, addr uintptr, ln, cp int) {
		t.Helper()
		if ln != n || cp != n {
			t.Fatalf("%s(%d): len %d cap %d", name, n, ln, cp)
		}
		if n*size >= hugePage {
			if gap := (hugePage - addr%hugePage) % hugePage; gap >= uintptr(size) {
				t.Errorf("%s(%d): starts %d bytes before a huge-page boundary, an element is %d", name, n, gap, size)
			}
		}
	}
	for _, n := range []int{0, 1, 1000, hugePage / 40, hugePage/40 + 1, 3<<20 + 5} {
		e := MakeHuge[entry](n)
		check("entry", n, 40, uintptr(unsafe.Pointer(unsafe.SliceData(e))), len(e), cap(e))
		for i := range e {
			if e[i] != (entry{}) {
				t.Fatalf("entry(%d): element %d not zero", n, i)
			}
			e[i].e = int64(i)
		}
		o := MakeHuge[odd](n)
		check("odd", n, 16, uintptr(unsafe.Pointer(unsafe.SliceData(o))), len(o), cap(o))
		for i := range o {
			o[i].a = -1
		}
		for i := range e {
			if e[i].e != int64(i) {
				t.Fatalf("entry(%d): element %d changed by another slice", n, i)
			}
		}
		b := MakeHuge[byte](n)
		check("byte", n, 1, uintptr(unsafe.Pointer(unsafe.SliceData(b))), len(b), cap(b))
		p := MakeHuge[*entry](n) // not placed: only its length, capacity and zeros
		if len(p) != n || cap(p) != n || slices.ContainsFunc(p, func(e *entry) bool { return e != nil }) {
			t.Fatalf("pointers(%d): len %d cap %d, or not zero", n, len(p), cap(p))
		}
	}
	if s := MakeHuge[struct{}](5); len(s) != 5 {
		t.Fatalf("zero-sized elements: len %d", len(s))
	}
	smallPages.Store(true) // as after CollectAsGoes: make, nothing asked
	if e := MakeHuge[entry](hugePage / 8); len(e) != hugePage/8 || cap(e) != hugePage/8 || HugeAsked() {
		t.Fatalf("without huge pages: len %d cap %d, asked %v", len(e), cap(e), HugeAsked())
	}
}

// Drop zeroes exactly its slice, whole pages given back or not, and leaves the memory
// around it as it was: slices of one page or less, odd offsets and lengths, many pages.
func TestDropZeroesItsSliceOnly(t *testing.T) {
	for _, c := range []struct{ from, to int }{{0, 0}, {3, 10}, {1, 4096/8 + 1}, {5, 3<<20/8 + 7}, {0, 4 << 20 / 8}} {
		s := make([]uint64, 4<<20/8+64)
		for i := range s {
			s[i] = uint64(i) | 1
		}
		Drop(s[c.from:c.to])
		for i := range s {
			want := uint64(i) | 1
			if i >= c.from && i < c.to {
				want = 0
			}
			if s[i] != want {
				t.Fatalf("Drop(s[%d:%d]): s[%d] = %d, want %d", c.from, c.to, i, s[i], want)
			}
		}
		s[c.from] = 7 // written again after: an ordinary slice
		if s[c.from] != 7 {
			t.Fatal("a dropped slice cannot be written again")
		}
	}
}

// A Dying array never touches what is alive: whatever it gives back as it dies, the
// elements past the last Upto keep their values, and after All every element reads as
// zero; on Linux the whole huge pages it passed read as zero at once (given back), in
// eager mode (EagerDying) every dead element. Slices start at odd offsets of a larger
// array (the neighbours are not touched either), of a huge page and more or less.
func TestDyingKeepsTheLiving(t *testing.T) {
	for _, eager := range []bool{false, true} {
		for _, c := range []struct {
			from, n int
			steps   []int
		}{
			{0, 10, []int{3, 3, 9}},
			{5, 3<<20/8 + 7, []int{1, 4096/8 + 1, 2 << 20 / 8, 3 << 20 / 8}},
			{1, 9 << 20 / 8, []int{1 << 20 / 8, 5<<20/8 + 3, 5<<20/8 + 3, 8<<20/8 - 1, 9 << 20 / 8}},
			{0, 0, nil},
		} {
			big := MakeHuge[uint64](c.from + c.n + 64)
			for i := range big {
				big[i] = uint64(i) | 1
			}
			s := big[c.from : c.from+c.n]
			restore := func() {}
			if eager {
				restore = EagerDying()
			}
			d := Dies(s)
			restore()
			check := func(what string, upto int, all bool) {
				t.Helper()
				base := uintptr(unsafe.Pointer(unsafe.SliceData(big)))
				for i := range big {
					want := uint64(i) | 1
					in := i >= c.from && i < c.from+c.n
					switch {
					case in && all:
						want = 0
					case in && i-c.from < upto && (eager || runtime.GOOS == "linux" && wholeHugeIn(base, i, c.from, upto)):
						want = 0
					case in && i-c.from < upto:
						continue // dead, given back or not
					}
					if big[i] != want {
						t.Fatalf("eager %v, s = big[%d:%d], %s: big[%d] = %d, want %d", eager, c.from, c.from+c.n, what, i, big[i], want)
					}
				}
			}
			last := 0
			for _, i := range c.steps {
				d.Upto(i)
				last = i
				check(fmt.Sprintf("Upto(%d)", i), last, false)
			}
			d.All()
			check("All", last, true)
		}
	}
}

// wholeHugeIn reports whether element i of an array of uint64 at base lies in a huge
// page wholly within elements [from, from+upto) of it.
func wholeHugeIn(base uintptr, i, from, upto int) bool {
	addr := base + uintptr(i)*8
	page := addr &^ (hugePage - 1)
	return page >= base+uintptr(from)*8 && page+hugePage <= base+uintptr(from+upto)*8
}

// View lays another pointer-free type over a slice's capacity when it fits, and refuses
// what does not fit or holds pointers.
func TestView(t *testing.T) {
	type entry struct {
		a, b int32
		c    int64
	}
	s := make([]entry, 2, 10) // 160 bytes of capacity
	v, ok := View[uint64](s, 20)
	if !ok || len(v) != 20 {
		t.Fatalf("View of 20 words in 160 bytes: %d, %v", len(v), ok)
	}
	v[19] = 1<<32 | 5
	if e := s[:10][9]; e.c != 1<<32|5 {
		t.Fatalf("the view's last word is not the capacity's last: %+v", e)
	}
	if _, ok := View[uint64](s, 21); ok {
		t.Error("View of 21 words in 160 bytes")
	}
	if _, ok := View[uint64](make([]byte, 64)[1:], 2); ok {
		t.Error("View of words at an odd address")
	}
	for name, f := range map[string]func(){
		"Drop of strings":          func() { Drop([]string{"a"}) },
		"Dies of strings":          func() { Dies([]string{"a"}) },
		"View of pointers":         func() { View[*int]([]uint64{1}, 1) },
		"View over a struct slice": func() { View[uint64]([]struct{ p []int }{{}}, 1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s did not panic", name)
				}
			}()
			f()
		}()
	}
}

// A StringMemo finds a string it was given, by identity only: an equal text elsewhere,
// or a shorter string at the same address, is not found; a later string sharing the
// entry replaces it.
func TestStringMemo(t *testing.T) {
	m := NewStringMemo[int](4)
	s := strings.Repeat("PKG000123", 2)
	if _, ok := m.Get(s); ok {
		t.Fatal("found in an empty memo")
	}
	m.Put(s, 7)
	if v, ok := m.Get(s); !ok || v != 7 {
		t.Fatalf("Get(s) = %d, %v; want 7, true", v, ok)
	}
	if _, ok := m.Get(strings.Clone(s)); ok {
		t.Fatal("an equal text at another address was found")
	}
	if _, ok := m.Get(s[:9]); ok {
		t.Fatal("a shorter string at the same address was found")
	}
	if _, ok := m.Get(""); ok {
		t.Fatal("the empty string was found")
	}
	var other string // another string of s's entry
	for i := 0; other == ""; i++ {
		if c := strings.Clone(s); StringSlot(c, 4) == StringSlot(s, 4) {
			other = c
		}
		if i > 1000 {
			t.Fatal("no string of the same entry in 1000 tries")
		}
	}
	m.Put(other, 8)
	if _, ok := m.Get(s); ok {
		t.Fatal("s was found after another string took its entry")
	}
	if v, ok := m.Get(other); !ok || v != 8 {
		t.Fatalf("Get(other) = %d, %v; want 8, true", v, ok)
	}
}
