package load

import "strings"

// fmtKind is what a cell's number format shows of a date serial.
type fmtKind uint8

const (
	fmtNumber   fmtKind = iota // not a date format
	fmtDate                    // a date without time of day
	fmtTime                    // a time of day (or duration) without date
	fmtDateTime                // both
)

// builtinFmtKind classifies the built-in number formats: 14–22, 45–47, and the CJK
// (zh-CN) date and time formats 27–36 and 50–58.
func builtinFmtKind(id int) fmtKind {
	switch {
	case id >= 14 && id <= 17, id >= 27 && id <= 31, id == 36, id >= 50 && id <= 54, id == 57, id == 58:
		return fmtDate
	case id >= 18 && id <= 21, id >= 32 && id <= 35, id >= 45 && id <= 47, id == 55, id == 56:
		return fmtTime
	case id == 22:
		return fmtDateTime
	}
	return fmtNumber
}

// customFmtKind classifies a custom number format code by the date and time letters
// (y, m, d, h, s) it has outside quotes, brackets (colours, locales,
// conditions; but [h], [m], [s] elapsed time counts) and escapes. An "m" counts as
// minutes when the format also has h or s, else as month.
func customFmtKind(code string) fmtKind {
	var date, clock, month bool
	in := []rune(code)
	for i := 0; i < len(in); i++ {
		switch r := in[i]; r {
		case '"':
			for i++; i < len(in) && in[i] != '"'; i++ {
			}
		case '\\', '_', '*':
			i++
		case '[':
			j := i + 1
			for j < len(in) && in[j] != ']' {
				j++
			}
			if inner := strings.ToLower(string(in[i+1 : min(j, len(in))])); strings.Trim(inner, "hms") == "" && inner != "" {
				clock = true
			}
			i = j
		default:
			if r >= 0x80 {
				continue
			}
			switch r | 0x20 { // ASCII lower case
			case 'y', 'd':
				date = true
			case 'h', 's':
				clock = true
			case 'm':
				month = true
			}
		}
	}
	if month && !clock {
		date = true
	}
	switch {
	case date && clock:
		return fmtDateTime
	case date:
		return fmtDate
	case clock:
		return fmtTime
	}
	return fmtNumber
}
