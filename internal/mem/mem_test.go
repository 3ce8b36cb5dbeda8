package mem

import "testing"

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
