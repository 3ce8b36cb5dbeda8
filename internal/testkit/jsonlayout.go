package testkit

import (
	"bytes"
	"encoding/json"
	"strings"
)

// JSONLayout lays out the JSON text v as pkgctl writes JSON (report.Encoder), written
// here independently for the tests to compare with: a 2-space indent, as encoding/json
// indents, except that an object or array that is an item of an array is on one line,
// its values separated by ", " and its keys followed by ": ". The text keeps v's
// escapes (it is compacted, not re-encoded). It panics on invalid JSON.
func JSONLayout(v []byte) []byte {
	var c bytes.Buffer
	if err := json.Compact(&c, v); err != nil {
		panic(err)
	}
	l := &layout{in: c.Bytes()}
	l.value(0, false)
	return l.out.Bytes()
}

type layout struct {
	in  []byte
	pos int
	out bytes.Buffer
}

// value writes the value at pos: indented at depth, or on one line when flat.
func (l *layout) value(depth int, flat bool) {
	switch c := l.in[l.pos]; c {
	case '{', '[':
		end := byte('}')
		if c == '[' {
			end = ']'
		}
		l.out.WriteByte(c)
		l.pos++
		if l.in[l.pos] == end {
			l.out.WriteByte(end)
			l.pos++
			return
		}
		for first := true; ; first = false {
			if !first {
				l.out.WriteByte(',')
				if flat {
					l.out.WriteByte(' ')
				}
			}
			if !flat {
				l.out.WriteString("\n" + strings.Repeat("  ", depth+1))
			}
			if c == '{' {
				l.scalar() // the key
				l.pos++    // its colon
				l.out.WriteString(": ")
				l.value(depth+1, flat)
			} else {
				next := l.in[l.pos]
				l.value(depth+1, flat || next == '{' || next == '[')
			}
			if l.in[l.pos] == end {
				break
			}
			l.pos++ // the comma
		}
		if !flat {
			l.out.WriteString("\n" + strings.Repeat("  ", depth))
		}
		l.out.WriteByte(end)
		l.pos++
	default:
		l.scalar()
	}
}

// scalar copies a string, number or literal.
func (l *layout) scalar() {
	start := l.pos
	if l.in[l.pos] == '"' {
		for l.pos++; l.in[l.pos] != '"'; l.pos++ {
			if l.in[l.pos] == '\\' {
				l.pos++
			}
		}
		l.pos++
	} else {
		for l.pos < len(l.in) && !strings.ContainsRune(",]}", rune(l.in[l.pos])) {
			l.pos++
		}
	}
	l.out.Write(l.in[start:l.pos])
}
