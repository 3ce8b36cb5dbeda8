package load

import (
	"math/bits"
	"strings"

	"github.com/pkgctl/pkgctl/internal/mem"
)

// lineIter reads CSV text without any quote character: then every line is a record and
// its cells are the text between delimiters, exactly as encoding/csv reads it (a
// trailing "\r" dropped, empty lines skipped). Cells are substrings of the text.
type lineIter struct {
	text  string
	comma byte
	pos   int // offset of the next line
	line  int // number of the next line
	cur   int // number of the current row's line
	cells []string
}

func (it *lineIter) next() bool {
	for it.pos < len(it.text) {
		var cell, end int
		it.cells, cell, end = splitLine(it.cells[:0], it.text, it.pos, it.comma)
		it.pos = min(end+1, len(it.text))
		it.cur = it.line
		it.line++
		last := strings.TrimSuffix(it.text[cell:end], "\r")
		if len(it.cells) == 0 && last == "" {
			continue
		}
		it.cells = append(it.cells, last)
		return true
	}
	return false
}

// splitLine appends to dst the cells of the line of text that starts at from, but its
// last one, which starts at cell; end is where the line ends (its '\n', or len(text)).
// The line's delimiters and end are found in one pass, eight bytes at a time, where
// strings.IndexByte for each cell cost a call per cell (about 15 a usage row).
func splitLine(dst []string, text string, from int, comma byte) (_ []string, cell, end int) {
	const ones = 0x0101010101010101
	commas, nls := ones*uint64(comma), ones*uint64('\n')
	cell, i := from, from
	for ; i+8 <= len(text); i += 8 {
		x := mem.Load64(text, i)
		for m := zeroBytes(x^commas) | zeroBytes(x^nls); m != 0; m &= m - 1 {
			j := i + bits.TrailingZeros64(m)/8
			if text[j] == '\n' {
				return dst, cell, j
			}
			dst = append(dst, text[cell:j])
			cell = j + 1
		}
	}
	for ; i < len(text); i++ {
		switch text[i] {
		case '\n':
			return dst, cell, i
		case comma:
			dst = append(dst, text[cell:i])
			cell = i + 1
		}
	}
	return dst, cell, len(text)
}

// zeroBytes has the high bit set of exactly the bytes of x that are zero (the low seven
// bits of each added to 0x7f carry into its high bit unless they are all zero; no carry
// crosses into the next byte, unlike the shorter test that has false positives above a
// zero byte).
func zeroBytes(x uint64) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	return ^((x&low7 + low7) | x | low7)
}

func (it *lineIter) row() ([]string, int, error) { return it.cells, it.cur, nil }
func (it *lineIter) err() error                  { return nil }
func (it *lineIter) close() error                { return nil }
