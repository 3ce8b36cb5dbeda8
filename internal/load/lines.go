package load

import "strings"

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
		rest := it.text[it.pos:]
		ln := rest
		if n := strings.IndexByte(rest, '\n'); n >= 0 {
			ln = rest[:n]
			it.pos += n + 1
		} else {
			it.pos = len(it.text)
		}
		it.cur = it.line
		it.line++
		ln = strings.TrimSuffix(ln, "\r")
		if ln == "" {
			continue
		}
		it.cells = splitCells(it.cells[:0], ln, it.comma)
		return true
	}
	return false
}

// splitCells appends the delimited cells of ln to dst.
func splitCells(dst []string, ln string, comma byte) []string {
	for {
		j := strings.IndexByte(ln, comma)
		if j < 0 {
			return append(dst, ln)
		}
		dst = append(dst, ln[:j])
		ln = ln[j+1:]
	}
}

func (it *lineIter) row() ([]string, int, error) { return it.cells, it.cur, nil }
func (it *lineIter) err() error                  { return nil }
func (it *lineIter) close() error                { return nil }
