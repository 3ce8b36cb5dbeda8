package report

import (
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

// deflateAll compresses in with a parallelDeflate, written in writes of step bytes.
func deflateAll(t *testing.T, in []byte, step int) []byte {
	t.Helper()
	var out bytes.Buffer
	z := newParallelDeflate(&out)
	for p := in; len(p) > 0; {
		k := min(step, len(p))
		if n, err := z.Write(p[:k]); n != k || err != nil {
			t.Fatal(n, err)
		}
		p = p[k:]
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// A parallel deflate stream inflates to its input, whatever its length against the
// pieces (none, one byte, a piece and a byte either side, several) and however it was
// written; its bytes are the same on one core and on several, and compress: it is one
// stream made of pieces, not stored data.
func TestParallelDeflate(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var text bytes.Buffer // sheet-like: repetitive XML with numbers
	for i := 0; text.Len() < 4*deflateChunk; i++ {
		fmt.Fprintf(&text, `<row r="%d"><c r="A%d" t="n"><v>%d.%02d</v></c></row>`, i, i, r.IntN(1000), r.IntN(100))
	}
	for _, n := range []int{0, 1, deflateChunk - 1, deflateChunk, deflateChunk + 1, 3*deflateChunk + 12345} {
		in := text.Bytes()[:n]
		got := deflateAll(t, in, 1<<16)
		back, err := io.ReadAll(flate.NewReader(bytes.NewReader(got)))
		if err != nil || !bytes.Equal(back, in) {
			t.Fatalf("%d bytes: inflated to %d bytes (%v)", n, len(back), err)
		}
		if n > 1000 && len(got) > n/3 {
			t.Errorf("%d bytes compressed to %d", n, len(got))
		}
		if again := deflateAll(t, in, 7777); !bytes.Equal(again, got) {
			t.Errorf("%d bytes: other bytes when written in other steps", n)
		}
		procs := runtime.GOMAXPROCS(1)
		one := deflateAll(t, in, 1<<16)
		runtime.GOMAXPROCS(procs)
		if !bytes.Equal(one, got) {
			t.Errorf("%d bytes: other bytes on one core", n)
		}
	}
}

// A write that fails is Close's error; nothing waits for ever; nothing is taken after
// Close.
func TestParallelDeflateWriteError(t *testing.T) {
	z := newParallelDeflate(&failingWriter{after: 1})
	if _, err := z.Write([]byte(strings.Repeat("x", 5*deflateChunk))); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Close: %v, want the write error", err)
	}
	if _, err := z.Write([]byte("x")); err == nil {
		t.Error("a write after Close was taken")
	}
}
