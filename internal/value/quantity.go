package value

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// ParseQuantity parses a decimal optionally followed by its unit, as console exports
// write capacities and usage: "100 GB", "5GB", "10,000 times", "2,920 GB*hour". The unit
// is returned trimmed, as written, and "" when absent. The number follows ParseDecimal;
// the unit must not start with a digit (of any script), a sign, '.' or ','.
func ParseQuantity(s string) (q decimal.Decimal, unit string, err error) {
	if d, ok := fastDecimal(s); ok {
		return d, "", nil
	}
	t := strings.TrimSpace(s)
	end := numberEnd(t)
	num, unit := t[:end], strings.TrimSpace(t[end:])
	if num == "" || num == "+" || num == "-" {
		if t == "" {
			return decimal.Decimal{}, "", fmt.Errorf("empty quantity")
		}
		return decimal.Decimal{}, "", fmt.Errorf("not a quantity: %s", Quote(s))
	}
	if isExponent(t) || isExponentStart(unit) {
		return decimal.Decimal{}, "", fmt.Errorf("exponent not allowed: %s", Quote(s))
	}
	if badUnitStart(unit) {
		return decimal.Decimal{}, "", fmt.Errorf("not a quantity: %s", Quote(s))
	}
	if isRadixLiteral(num, t[end:]) {
		return decimal.Decimal{}, "", fmt.Errorf("not a quantity: %s (a hexadecimal, octal or binary literal, not a unit)", Quote(s))
	}
	q, err = ParseDecimal(num)
	if err != nil {
		return decimal.Decimal{}, "", err
	}
	return q, unit, nil
}

// numberEnd returns the length of the leading number of t: a sign, then digits, ',' and '.'.
func numberEnd(t string) int {
	i := 0
	if i < len(t) && (t[i] == '+' || t[i] == '-') {
		i++
	}
	for i < len(t) && (isDigit(t[i]) || t[i] == ',' || t[i] == '.') {
		i++
	}
	return i
}

// badUnitStart reports a unit that is really more number, or a sign: "100 200", "5 .5",
// "1 -2", "5 -GB", "5 ５" (a digit of any script). No unit starts so, and read as one
// the record would silently go pay-per-use for its strange unit.
func badUnitStart(u string) bool {
	if u == "" {
		return false
	}
	switch r, _ := utf8.DecodeRuneInString(u); r {
	case '+', '-', '.', ',', '＋', '－', '−', '．', '，':
		return true
	default:
		return unicode.IsDigit(r)
	}
}

// isRadixLiteral reports a number and glued rest that read as a programming language's
// integer literal, "0x1F", "0o17" or "0b101": taken as the quantity 0 of unit "x1F" it
// would silently be wrong. "0 x1F" (spaced) and "0B" (bytes) are not such literals.
func isRadixLiteral(num, rest string) bool {
	num = strings.TrimLeft(num, "+-")
	if num != "0" || len(rest) < 2 {
		return false
	}
	d := rest[1]
	switch rest[0] {
	case 'x', 'X':
		return isDigit(d) || 'a' <= lower(d) && lower(d) <= 'f'
	case 'o', 'O':
		return '0' <= d && d <= '7'
	case 'b', 'B':
		return d == '0' || d == '1'
	}
	return false
}

// isExponentStart reports whether a unit looks like the rest of "1e3": e, sign, digit.
func isExponentStart(u string) bool {
	if len(u) < 2 || lower(u[0]) != 'e' {
		return false
	}
	r := strings.TrimLeft(u[1:], "+-")
	return r != "" && isDigit(r[0])
}
