package value

import (
	"strconv"
	"unicode/utf8"
)

// quoteMax is how many characters of a value a message shows.
const quoteMax = 60

// Quote renders a value for a message, as %q does, but at most its first 60
// characters: a longer value is cut, marked with "…" and followed by its length
// (`"99999999…" (200000000 characters)`). Control characters show as escapes. Every
// message that echoes input goes through Quote, so that a damaged or hostile cell cannot
// flood the terminal or a log.
func Quote(s string) string {
	n, cut := 0, len(s)
	for i := range s {
		if n == quoteMax {
			cut = i
			break
		}
		n++
	}
	if cut == len(s) {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:cut]+"…") + " (" + strconv.Itoa(utf8.RuneCountInString(s)) + " characters)"
}

// Thousands renders n with a comma between groups of three digits: 2,914,000.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
