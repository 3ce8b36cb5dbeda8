package report

import (
	"unicode/utf8"

	"github.com/pkgctl/pkgctl/internal/mem"
)

// jsonHex is encoding/json's hex digits.
const jsonHex = "0123456789abcdef"

// jsonPlain marks the bytes a JSON string holds as they are: ASCII but for control
// characters, '"' and '\\'.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// plainPrefix is the length of s's longest prefix of jsonPlain bytes, eight bytes at a
// time while they are plain.
func plainPrefix(s string) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := mem.Load64(s, i)
		// A byte below 0x20, a '"', a '\\' or one of 0x80 or above stops the run: the
		// first three make a zero byte below (the standard "has a zero byte" test), the
		// last sets its high bit.
		q, b := x^(ones*'"'), x^(ones*'\\')
		low, quote, slash := (x-ones*0x20)&^x, (q-ones)&^q, (b-ones)&^b
		if (low|quote|slash|x)&highs != 0 {
			break
		}
	}
	for i < len(s) && jsonPlain[s[i]] {
		i++
	}
	return i
}

// appendJSONString appends s as encoding/json quotes a string without HTML escaping:
// `"` and `\` escaped, control characters as \b \f \n \r \t or \u00XX, invalid UTF-8 as
// \ufffd, U+2028 and U+2029 as \u2028 and \u2029.
func appendJSONString(dst []byte, s string) []byte {
	return append(appendJSONText(append(dst, '"'), s), '"')
}

// appendJSONText appends s escaped as appendJSONString does, without the quotes.
func appendJSONText(dst []byte, s string) []byte {
	if plainPrefix(s) == len(s) { // nothing to escape (most texts)
		return append(dst, s...)
	}
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', jsonHex[c>>4], jsonHex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', jsonHex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(dst, s[start:]...)
}
