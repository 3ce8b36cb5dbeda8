package value

// scanner is a cursor over an ASCII-oriented input; it never allocates.
type scanner struct {
	s string
	i int
}

func (p *scanner) done() bool { return p.i >= len(p.s) }

// num reads between min and max ASCII digits as a non-negative integer.
func (p *scanner) num(min, max int) (int, bool) {
	n, v := 0, 0
	for n < max && p.i < len(p.s) && isDigit(p.s[p.i]) {
		v = v*10 + int(p.s[p.i]-'0')
		p.i++
		n++
	}
	return v, n >= min
}

// lit consumes the literal prefix c if present.
func (p *scanner) lit(c string) bool {
	if len(p.s)-p.i >= len(c) && p.s[p.i:p.i+len(c)] == c {
		p.i += len(c)
		return true
	}
	return false
}

// litFold consumes the ASCII literal c, compared case-insensitively.
func (p *scanner) litFold(c string) bool {
	if len(p.s)-p.i < len(c) {
		return false
	}
	for k := 0; k < len(c); k++ {
		if lower(p.s[p.i+k]) != lower(c[k]) {
			return false
		}
	}
	p.i += len(c)
	return true
}

// spaces skips ASCII spaces and tabs and reports how many were skipped.
func (p *scanner) spaces() int {
	n := 0
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
		n++
	}
	return n
}

// peekDigit reports whether the next byte is an ASCII digit.
func (p *scanner) peekDigit() bool { return p.i < len(p.s) && isDigit(p.s[p.i]) }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
