package value

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// maxIntDigits is the most integer digits a decimal may have (leading zeros not counted).
const maxIntDigits = 18

// maxFracDigits is the most decimals a decimal may have (trailing zeros not counted):
// twice the 18 a converted quantity keeps. Real exports carry at most 8 or so; a value
// of thousands would be parsed in time quadratic in its length and make every sum with
// it as long (a capacity of 10,000 decimals: a minute of amortizing per package).
const maxFracDigits = 36

// ParseDecimal parses a plain decimal: optional sign, digits, optional fraction
// ("-1234.5", ".5", "5."), surrounding spaces trimmed. Thousands separators are accepted
// only in valid groups of three ("1,234.5", "10,000"). Empty input, exponents ("1e3"),
// NaN, Inf, hex, more than 18 integer digits and more than 36 decimals (trailing zeros
// not counted) are errors.
func ParseDecimal(s string) (decimal.Decimal, error) {
	if d, ok := fastDecimal(s); ok {
		return d, nil
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return decimal.Decimal{}, fmt.Errorf("empty number")
	}
	digits, err := cleanDecimal(t)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%s: %s", err, Quote(s))
	}
	d, err := decimal.NewFromString(digits)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("not a decimal number: %s", Quote(s))
	}
	return d, nil
}

// fastDecimal parses at most 18 plain digits with an optional '.' and no sign, spaces or
// separators into an int64 mantissa; anything else reports ok=false.
func fastDecimal(s string) (decimal.Decimal, bool) {
	v, exp, ok := FastParts(s)
	if !ok {
		return decimal.Decimal{}, false
	}
	return decimal.New(v, exp), true
}

// FastParts is ParseDecimal's fast path without the decimal: s of at most 18 plain
// digits with an optional '.' and no sign, spaces or separators is coef·10^exp (the
// coefficient and exponent ParseDecimal gives); anything else reports ok=false.
func FastParts(s string) (coef int64, exp int32, ok bool) {
	if len(s) == 0 || len(s) > maxIntDigits+1 {
		return 0, 0, false
	}
	var v int64
	dot, n := -1, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			v = v*10 + int64(c-'0')
			n++
		case c == '.' && dot < 0:
			dot = i
		default:
			return 0, 0, false
		}
	}
	if n == 0 || n > maxIntDigits {
		return 0, 0, false
	}
	if dot >= 0 {
		exp = -int32(len(s) - dot - 1)
	}
	return v, exp, true
}

// cleanDecimal validates a trimmed decimal and returns it without thousands separators,
// or an error naming the problem (the caller appends the input).
func cleanDecimal(t string) (string, error) {
	body := t
	if body[0] == '+' || body[0] == '-' {
		body = body[1:]
	}
	intPart, frac, hasDot := strings.Cut(body, ".")
	switch {
	case isExponent(body):
		return "", fmt.Errorf("exponent not allowed")
	case !allDigits(frac) || (intPart == "" && frac == "") || (!hasDot && intPart == ""):
		return "", fmt.Errorf("not a decimal number")
	}
	if strings.Contains(intPart, ",") {
		var ok bool
		if intPart, ok = ungroup(intPart); !ok {
			return "", fmt.Errorf("invalid thousands separators")
		}
	}
	if !allDigits(intPart) {
		return "", fmt.Errorf("not a decimal number")
	}
	intPart = strings.TrimLeft(intPart, "0") // however many: they change nothing
	if len(intPart) > maxIntDigits {
		return "", fmt.Errorf("more than %d integer digits", maxIntDigits)
	}
	if len(frac) > maxFracDigits {
		if len(strings.TrimRight(frac, "0")) > maxFracDigits {
			return "", fmt.Errorf("more than %d decimals", maxFracDigits)
		}
		frac = frac[:maxFracDigits] // the zeros past them change nothing
	}
	if intPart == "" {
		intPart = "0"
	}
	if frac == "" {
		return t[:len(t)-len(body)] + intPart, nil
	}
	return t[:len(t)-len(body)] + intPart + "." + frac, nil
}

// ungroup removes thousands separators from s: a first group of 1-3 digits, then groups
// of exactly 3.
func ungroup(s string) (string, bool) {
	groups := strings.Split(s, ",")
	if len(groups[0]) < 1 || len(groups[0]) > 3 || !allDigits(groups[0]) {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !allDigits(g) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// isExponent reports whether s looks like a number in scientific notation ("1e3", "2.5E-4").
func isExponent(s string) bool {
	m, e, ok := strings.Cut(strings.ToLower(s), "e")
	if !ok || m == "" || strings.Trim(m, "0123456789.,") != "" {
		return false
	}
	e = strings.TrimLeft(e, "+-")
	return e != "" && allDigits(e)
}
