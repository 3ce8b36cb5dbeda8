package load

import (
	"bytes"
	"strconv"
	"strings"
)

// A number cell of a sheet holds a binary double, which spreadsheet programs save with
// up to 17 significant digits (a typed 0.58 is saved 0.57999999999999996, 0.08 as
// 8.0000000000000002E-2) and show with 15 (rules.md §1.5): the value is the number
// shown, the decimal of the double rounded to 15 significant digits. A text that has
// no exponent and at most 15 significant digits is that number already (the usual
// case: read as written, exact and without parsing); only the others are parsed.

// excelNumber is the number a spreadsheet shows for a number cell whose text is s,
// written as a plain decimal (no exponent, no trailing zeros after the point), when
// that differs from s in form: s has an exponent or more than 15 significant digits.
// False (s stands as written) for every other text, and for one that is not a decimal
// number at all or outside a double's range (the value's parser says what is wrong).
func excelNumber(s string) (string, bool) {
	digits, exp := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '1' && c <= '9', c == '0' && digits > 0:
			if !exp {
				digits++
			}
		case c == 'e' || c == 'E':
			exp = true
		case c == '0', c == '.', c == '-', c == '+':
		default:
			return "", false
		}
	}
	if !exp && digits <= 15 {
		return "", false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return "", false
	}
	return shownNumber(f), true
}

// shownNumber is f rounded to 15 significant digits, as a plain decimal.
func shownNumber(f float64) string {
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', 14, 64) // [-]d.dddddddddddddde±dd
	neg := e[0] == '-'
	if neg {
		e = e[1:]
	}
	mark := bytes.IndexByte(e, 'e')
	exp := 0
	for _, c := range e[mark+2:] {
		exp = exp*10 + int(c-'0')
	}
	if e[mark+1] == '-' {
		exp = -exp
	}
	var m [15]byte // the digits, the point after the first
	n := copy(m[:], e[:1])
	n += copy(m[n:], e[2:mark])
	for n > 0 && m[n-1] == '0' {
		n--
	}
	if n == 0 {
		return "0"
	}
	b := make([]byte, 0, 24) // on the stack: one allocation, the string's
	if neg {
		b = append(b, '-')
	}
	switch point := exp + 1; { // the digits before the point
	case point <= 0:
		b = append(b, "0."...)
		b = append(b, zeros(-point)...)
		b = append(b, m[:n]...)
	case point >= n:
		b = append(b, m[:n]...)
		b = append(b, zeros(point-n)...)
	default:
		b = append(b, m[:point]...)
		b = append(append(b, '.'), m[point:n]...)
	}
	return string(b)
}

// zeros is n zeros.
func zeros(n int) string { return strings.Repeat("0", n) }
