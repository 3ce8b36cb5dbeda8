package load

import (
	"bytes"
	"fmt"
	"io"
	"slices"
)

// csvStream is the decoded text of a CSV input after its header record, to be cut into
// chunks of whole records that parse independently (in parallel).
type csvStream struct {
	r      io.Reader
	comma  byte  // ',', ';' or '\t'
	line   int   // the number of the first line of r
	maxRow int64 // the most bytes a record may take (limits.row_size)
	guard  *rowGuard
}

// chunker cuts a csvStream into chunks of whole records of about size bytes. A cut is
// only made where encoding/csv (as newCSVReader configures it) starts a new record, so
// a chunk read by its own reader yields exactly the records the whole text would.
type chunker struct {
	s     *csvStream
	size  int
	line  int    // number of the next chunk's first line
	carry []byte // text read past the last cut
	eof   bool
}

func newChunker(s *csvStream, size int) *chunker {
	if s.guard != nil {
		s.guard.off, s.guard.kept = true, nil // the chunker bounds the records itself
	}
	return &chunker{s: s, size: size, line: s.line}
}

// errLongRecord is a record longer than the stream's maxRow, starting at line.
type errLongRecord struct{ line int }

func (e *errLongRecord) Error() string { return fmt.Sprintf("line %d: row too long", e.line) }

// next fills buf (reusing its memory) with the next chunk and returns it with the number
// of its first line; an empty chunk is the end.
func (c *chunker) next(buf []byte) ([]byte, int, error) {
	buf = append(buf[:0], c.carry...)
	for {
		if !c.eof {
			if cap(buf) < c.size {
				buf = slices.Grow(buf, c.size-len(buf))
			}
			if len(buf) == cap(buf) { // a record longer than a chunk so far
				if c.s.maxRow > 0 && int64(len(buf)) > c.s.maxRow {
					return nil, 0, &errLongRecord{line: c.line}
				}
				buf = slices.Grow(buf, cap(buf))
			}
			n, err := io.ReadFull(c.s.r, buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			switch err {
			case nil:
			case io.EOF, io.ErrUnexpectedEOF:
				c.eof = true
			default:
				return nil, 0, err
			}
		}
		cut := len(buf)
		if !c.eof {
			cut = lastRecordEnd(buf, c.s.comma)
		}
		if cut > 0 || c.eof {
			c.carry = append(c.carry[:0], buf[cut:]...)
			line := c.line
			c.line += bytes.Count(buf[:cut], []byte{'\n'})
			return buf[:cut], line, nil
		}
	}
}

// lastRecordEnd returns the end of the last whole record of b (which starts with a
// record): just after a newline that ends a record; 0 when there is none.
func lastRecordEnd(b []byte, comma byte) int {
	q := bytes.IndexByte(b, '"')
	if q < 0 {
		return bytes.LastIndexByte(b, '\n') + 1
	}
	cut := bytes.LastIndexByte(b[:q], '\n') + 1 // lines before the first quote end records
	inQuote := false
	for start := cut; ; {
		n := bytes.IndexByte(b[start:], '\n')
		if n < 0 {
			return cut
		}
		end := start + n + 1
		if inQuote = lineContinues(b[start:end], comma, inQuote); !inQuote {
			cut = end
		}
		start = end
	}
}

// lineContinues reports whether the record that line belongs to goes on to the next
// line, as encoding/csv reads it: only when a quoted field is still open at the end of
// the line. inQuote says the line starts inside a quoted field. Any malformed quote
// ends the record with its line, as encoding/csv's errors do.
func lineContinues(line []byte, comma byte, inQuote bool) bool {
	i := 0
	for {
		if !inQuote { // a field starts at i
			if i < len(line) && line[i] == '"' {
				inQuote, i = true, i+1
				continue
			}
			j := bytes.IndexByte(line[i:], comma)
			if j < 0 || bytes.IndexByte(line[i:i+j], '"') >= 0 {
				return false // the last field, or a bare quote
			}
			i += j + 1
			continue
		}
		j := bytes.IndexByte(line[i:], '"')
		if j < 0 {
			return true
		}
		i += j + 1
		switch {
		case i < len(line) && line[i] == '"': // an escaped quote
			i++
		case i < len(line) && line[i] == comma: // the field ends
			inQuote, i = false, i+1
		default: // the end of the line, or a quote followed by anything else (an error)
			return false
		}
	}
}
