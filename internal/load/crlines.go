package load

import (
	"bufio"
	"bytes"
	"io"
)

// A CSV file whose lines end with a lone CR (Excel's "CSV (Macintosh)") is read as if
// they ended with LF (rules.md §1.8): encoding/csv ends lines at LF only, and would read
// the whole file as one record. Whether it does is decided once, from the start of the
// text, so an ordinary file pays nothing for it.

// crLineEnds reports whether a CSV text ends its lines with a lone CR: whether the
// first line end outside quotes in head, the start of the text (all of it when whole),
// is a CR not followed by LF (nor by more CRs and an LF).
func crLineEnds(head []byte, whole bool) bool {
	inQuote := false
	for i := 0; i < len(head); i++ {
		j := bytes.IndexAny(head[i:], "\"\r\n")
		if j < 0 {
			return false
		}
		i += j
		switch head[i] {
		case '"':
			inQuote = !inQuote
		case '\n':
			if !inQuote {
				return false
			}
		case '\r':
			if !inQuote { // a run of CRs then LF ("\r\r\n", CRLF converted twice) is no CR line end
				k := i + 1
				for k < len(head) && head[k] == '\r' {
					k++
				}
				if k < len(head) {
					return head[k] != '\n'
				}
				return whole
			}
		}
	}
	return false
}

// crLines reads a text with every CR that is not followed by LF turned into LF (a
// CRLF stays, a line end for encoding/csv as it is): the same number of bytes, so the
// offsets and line numbers of the records are those of an LF file.
type crLines struct{ r *bufio.Reader }

func (c crLines) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	for i := 0; i < n; i++ {
		j := bytes.IndexByte(b[i:n], '\r')
		if j < 0 {
			break
		}
		i += j
		switch {
		case i+1 < n:
			if b[i+1] != '\n' {
				b[i] = '\n'
			}
		default: // the last byte read: look at the next
			next, perr := c.r.Peek(1)
			if len(next) == 0 || next[0] != '\n' {
				b[i] = '\n'
			}
			if err == nil && perr != io.EOF {
				err = perr // Peek cleared it: the next Read would not see it
			}
		}
	}
	return n, err
}
