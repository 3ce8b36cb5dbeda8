package load

import (
	"encoding/csv"
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// checkLineIter fails t unless lineIter reads text (which holds no quote) as
// encoding/csv does: the same rows, each starting on the same line.
func checkLineIter(t *testing.T, text string, comma byte) {
	t.Helper()
	r := csv.NewReader(strings.NewReader(text))
	r.Comma, r.FieldsPerRecord = rune(comma), -1
	it := &lineIter{text: text, comma: comma, line: 1}
	for n := 0; ; n++ {
		want, err := r.Read()
		if errors.Is(err, io.EOF) {
			if it.next() {
				t.Fatalf("%q (comma %q): row %d %q past encoding/csv's last", text, comma, n, it.cells)
			}
			return
		}
		if err != nil {
			t.Fatalf("%q: encoding/csv: %v", text, err)
		}
		if !it.next() {
			t.Fatalf("%q (comma %q): row %d %q missing", text, comma, n, want)
		}
		line, _ := r.FieldPos(0)
		if !slices.Equal(it.cells, want) || it.cur != line {
			t.Fatalf("%q (comma %q): row %d: %q on line %d, want %q on line %d", text, comma, n, it.cells, it.cur, want, line)
		}
	}
}

// TestLineIter: lines of every length around the eight-byte words splitLine reads, with
// delimiters, line ends (LF, CRLF, a lone CR), empty lines and other bytes anywhere
func TestLineIter(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 8))
	// (and the bytes one bit off a delimiter or '\n', which a zero-byte test with
	// false positives would take for one when they follow it)
	alphabet := []byte("ab ,;\t\n\r\x00\x80\xff-:\x08\x0b")
	for range 20000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		checkLineIter(t, string(b), ",;\t"[rng.IntN(3)])
	}
	row := "U00000001,LTS,Log read/write traffic,,cn-north-4,default,log-group-064,2024-01-01 00:00:00,16,GB\r\n"
	checkLineIter(t, strings.Repeat(row, 50)+"\n\n"+row[:len(row)-2], ',')
}

// FuzzLineIter: on any text without a quote, lineIter reads what encoding/csv reads.
func FuzzLineIter(f *testing.F) {
	f.Add("a,b\r\n\r\n,,\nabcdefgh;ijklmnop\nx", uint8(0))
	f.Fuzz(func(t *testing.T, text string, c uint8) {
		if strings.ContainsRune(text, '"') {
			return
		}
		checkLineIter(t, text, ",;\t"[c%3])
	})
}
