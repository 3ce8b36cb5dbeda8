package value

// fastStamp parses exactly "2006-01-02 15:04:05" (no zone, no padding) without
// allocating; ok is false for any other shape or an out-of-range field, which then goes
// through the general scanner (and its error messages).
func fastStamp(s string) (stamp, bool) {
	if len(s) != 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return stamp{}, false
	}
	var v [6]int
	pos := [6][2]int{{0, 4}, {5, 7}, {8, 10}, {11, 13}, {14, 16}, {17, 19}}
	for k, p := range pos {
		n := 0
		for i := p[0]; i < p[1]; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return stamp{}, false
			}
			n = n*10 + int(c-'0')
		}
		v[k] = n
	}
	st := stamp{y: v[0], mo: v[1], d: v[2], h: v[3], mi: v[4], sec: v[5]}
	return st, st.check() == ""
}

// scanStamp parses the general forms of ParseTime from a trimmed string.
func scanStamp(s string) (stamp, bool) {
	var st stamp
	p := scanner{s: s}
	var ok bool
	from := p.i
	if st.y, ok = p.num(4, 5); !ok || (p.i-from == 5 && st.y < 10000) {
		return st, false // a year of five digits is 10000 on (check bounds it)
	}
	chinese := p.lit("年")
	var sep string
	if !chinese {
		if p.done() || (s[p.i] != '-' && s[p.i] != '/' && s[p.i] != '.') {
			return st, false
		}
		sep = s[p.i : p.i+1]
		p.i++
	}
	if st.mo, ok = p.num(1, 2); !ok {
		return st, false
	}
	if (chinese && !p.lit("月")) || (!chinese && !p.lit(sep)) {
		return st, false
	}
	if st.d, ok = p.num(1, 2); !ok {
		return st, false
	}
	if chinese && !p.lit("日") {
		return st, false
	}
	if p.done() {
		st.dateOnly = true
		return st, true
	}
	if !p.lit("T") && !p.lit("t") && p.spaces() == 0 && !chinese {
		return st, false
	}
	if !scanClock(&p, &st) || !scanZone(&p, &st) {
		return st, false
	}
	return st, p.done()
}

// scanClock reads "15:04[:05[.frac]]".
func scanClock(p *scanner, st *stamp) bool {
	var ok bool
	if st.h, ok = p.num(1, 2); !ok || !p.lit(":") {
		return false
	}
	if st.mi, ok = p.num(2, 2); !ok {
		return false
	}
	if !p.lit(":") {
		return true
	}
	if st.sec, ok = p.num(2, 2); !ok {
		return false
	}
	if !p.lit(".") && !p.lit(",") {
		return true
	}
	start := p.i
	frac, ok := p.num(1, 9)
	if !ok || p.peekDigit() {
		return false
	}
	for n := p.i - start; n < 9; n++ {
		frac *= 10
	}
	st.ns = frac
	return true
}

// scanZone reads an optional zone suffix: "Z", "+08:00", "+0800", "+8", each optionally
// after "GMT" or "UTC" (a bare "GMT"/"UTC" is offset zero), with optional spaces before.
func scanZone(p *scanner, st *stamp) bool {
	p.spaces()
	if p.done() {
		return true
	}
	st.hasZone = true
	if p.litFold("Z") {
		return true
	}
	if p.litFold("GMT") || p.litFold("UTC") {
		p.spaces()
		if p.done() {
			return true
		}
	}
	sign := 1
	switch {
	case p.lit("+"):
	case p.lit("-"):
		sign = -1
	default:
		return false
	}
	p.spaces()
	start := p.i
	hh, ok := p.num(1, 2)
	if !ok {
		return false
	}
	mm := 0
	if p.lit(":") {
		if mm, ok = p.num(2, 2); !ok {
			return false
		}
	} else if p.i-start == 2 && p.peekDigit() {
		if mm, ok = p.num(2, 2); !ok {
			return false
		}
	}
	if mm > 59 {
		return false
	}
	st.off = sign * (hh*3600 + mm*60)
	return true
}
