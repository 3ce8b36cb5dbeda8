package report

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// TextTooLongError is a text longer than an xlsx cell holds: 32,767 characters, counted
// in UTF-16 units as Excel counts them, as the workbook stores it (a text like _x0041_
// is stored escaped, _x005F_x0041_, so that it reads back as written). The workbook is
// refused, with nothing written, rather than the text cut (a cut id or reason would read
// back as another one); CSV and JSON hold a text of any length.
type TextTooLongError struct {
	Sheet   string
	Row     int // the sheet's row, as a spreadsheet numbers it: the header is row 1
	Column  string
	Units   int
	Escaped bool // Units counts the text with its _xHHHH_ sequences escaped
}

func (e *TextTooLongError) Error() string {
	stored := ""
	if e.Escaped {
		stored = " once its _xHHHH_ sequences are escaped"
	}
	return fmt.Sprintf("report: sheet %q row %d: column %q holds a text of %d characters%s; an xlsx cell holds %d",
		e.Sheet, e.Row, e.Column, e.Units, stored, excelize.TotalCellChars)
}

// UsageHint is the way out; the method marks the error as bad usage (exit 2).
func (e *TextTooLongError) UsageHint() string {
	return "write it as CSV or JSON (-f csv, -f json), which hold a text of any length"
}

// fitCell returns a *TextTooLongError when c, in row r (the sheet's) and column j of t,
// is a text longer than an xlsx cell holds as the workbook stores it; nil otherwise.
// Only a text of more bytes than the limit (bytes ≥ UTF-16 units), or one holding "_x"
// (escaping _xHHHH_ makes it longer), is counted.
func fitCell(t *Table, r, j int, c *Cell) error {
	if !c.set() || c.kind() != KindText {
		return nil
	}
	s := c.str()
	escaped := strings.Contains(s, "_x")
	if len(s) <= excelize.TotalCellChars && !escaped {
		return nil
	}
	if escaped {
		s = bstrMarshal(s)
		escaped = len(s) != len(c.str())
	}
	n := 0
	for _, ch := range s {
		n += utf16.RuneLen(ch) // an invalid byte is U+FFFD: 1
	}
	if n <= excelize.TotalCellChars {
		return nil
	}
	return &TextTooLongError{Sheet: t.Name, Row: r, Column: t.Columns[j].Key, Units: n, Escaped: escaped}
}

// appendInlineString appends the rest of a text cell (after its reference) as excelize's
// StreamWriter writes an inline string: XML-escaped (an invalid character becomes
// U+FFFD), "_xHHHH_" sequences escaped, spaces kept when the text starts or ends with
// one. The text fits a cell (fitCell).
func appendInlineString(b []byte, s string) []byte {
	b = append(b, ` t="inlineStr"><is><t`...)
	if s != "" && (strings.IndexByte("\t\n\r ", s[0]) >= 0 || strings.IndexByte("\t\n\r ", s[len(s)-1]) >= 0) {
		b = append(b, ` xml:space="preserve"`...)
	}
	b = append(b, '>')
	n := len(b)
	b = appendXMLText(b, s)
	if bytes.Contains(b[n:], []byte("_x")) {
		esc := bstrMarshal(string(b[n:]))
		b = append(b[:n], esc...)
	}
	return append(b, `</t></is></c>`...)
}

// appendXMLText appends s escaped as encoding/xml's EscapeText escapes it, but for
// "\n", which stays (as excelize leaves it).
func appendXMLText(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		r, width := utf8.DecodeRuneInString(s[i:])
		var esc string
		switch r {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\r':
			esc = "&#xD;"
		default:
			if r == '\n' || (r >= 0x20 && r != utf8.RuneError && xmlChar(r)) || (r == utf8.RuneError && width > 1) {
				i += width
				continue
			}
			esc = "\uFFFD"
		}
		b = append(append(b, s[last:i]...), esc...)
		i += width
		last = i
	}
	return append(b, s[last:]...)
}

// xmlChar is XML 1.0's Char production (for runes ≥ 0x20).
func xmlChar(r rune) bool {
	return r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

var (
	bstrExp       = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)
	bstrEscapeExp = regexp.MustCompile(`x[a-fA-F\d]{4}_`)
)

// bstrMarshal escapes "_xHHHH_" sequences as excelize does (so that readers do not
// decode them as characters).
func bstrMarshal(s string) (result string) {
	matches, l, cursor := bstrExp.FindAllStringSubmatchIndex(s, -1), len(s), 0
	for _, match := range matches {
		result += s[cursor:match[0]]
		subStr := s[match[0]:match[1]]
		if subStr == "_x005F_" {
			cursor = match[1]
			if match[1]+6 <= l && bstrEscapeExp.MatchString(s[match[1]:match[1]+6]) {
				_, err := strconv.Unquote(`"\u` + s[match[1]+1:match[1]+5] + `"`)
				if err == nil {
					result += subStr + "x005F" + subStr
					continue
				}
			}
			result += subStr + "x005F_"
			continue
		}
		if bstrExp.MatchString(subStr) {
			cursor = match[1]
			if _, err := strconv.Unquote(`"\u` + s[match[0]+2:match[1]-1] + `"`); err == nil {
				result += "_x005F" + subStr
				continue
			}
		}
	}
	if cursor < l {
		result += s[cursor:]
	}
	return result
}
