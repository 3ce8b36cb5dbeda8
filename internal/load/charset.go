package load

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/pkgctl/pkgctl/internal/value"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// charset is the encoding a CSV file is read in (rules.md §1.1, §1.8), chosen once from
// its first MiB: a UTF-16 BOM names UTF-16; else the file is UTF-8 when that sample is
// valid UTF-8, or mostly so (utf8Share), or starts with a UTF-8 BOM, and GB18030 when
// it is none of these.
type charset struct {
	name string // "UTF-8", "UTF-16" or "GB18030"
	// raw says the text is the file's own bytes (UTF-8): a byte that is not UTF-8 stays
	// in it as it is. Otherwise a decoder made the text, and a byte it could not
	// decode became U+FFFD.
	raw bool
	// check says the rows are checked for what did not decode (rowReader.undecoded):
	// always in a decoded text (a search for U+FFFD, cheap); in UTF-8 when the sample
	// is plain ASCII (nothing showed the file to be UTF-8) or holds bytes that are not
	// UTF-8, not when it is valid UTF-8 with other characters: checking every byte of
	// such a text would cost 5-10 % of its reading.
	check bool
	// For GB18030: the sample's first byte that is not UTF-8, and the line ends before
	// it (LFs, and CRs not followed by LF), to tell where it is.
	first  byte
	lf, cr int
}

// utf8Share is how many valid UTF-8 characters of two or more bytes a sample must have
// for each byte that is not UTF-8 to be read as (damaged) UTF-8 rather than GB18030:
// GB18030 text has about one of them for every six such bytes.
const utf8Share = 4

// decode returns the text of a CSV input as UTF-8, and its charset: a UTF-8 BOM is
// dropped, a UTF-16 BOM selects UTF-16, and a start that is neither valid UTF-8 nor
// mostly UTF-8 (nor after a UTF-8 BOM) selects GB18030.
func decode(br *bufio.Reader) (io.Reader, charset, error) {
	head, err := br.Peek(3)
	if err != nil && err != io.EOF {
		return nil, charset{}, err
	}
	switch {
	case bytes.HasPrefix(head, []byte("\xff\xfe")):
		return transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()), charset{name: "UTF-16", check: true}, nil
	case bytes.HasPrefix(head, []byte("\xfe\xff")):
		return transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()), charset{name: "UTF-16", check: true}, nil
	}
	bom := bytes.HasPrefix(head, []byte("\xef\xbb\xbf"))
	if bom {
		_, _ = br.Discard(3)
	}
	sample, err := br.Peek(min(sampleSize, br.Size()))
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, charset{}, err
	}
	complete := err == io.EOF
	utf8Text := charset{name: "UTF-8", raw: true, check: true}
	switch {
	case ascii(sample):
		return br, utf8Text, nil
	case validUTF8(sample, complete):
		utf8Text.check = false
		return br, utf8Text, nil
	}
	sample = wholeRunes(sample, complete)
	valid, invalid, first := utf8Damage(sample)
	if bom || valid >= utf8Share*invalid {
		return br, utf8Text, nil
	}
	before := sample[:first]
	cs := charset{name: "GB18030", check: true, first: sample[first], lf: bytes.Count(before, []byte{'\n'}),
		cr: bytes.Count(before, []byte{'\r'}) - bytes.Count(before, []byte("\r\n"))}
	return transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder()), cs, nil
}

// ascii reports whether b holds no byte above 0x7F. It looks at 32 bytes at a time.
func ascii(b []byte) bool {
	const highs = 0x8080808080808080
	le := binary.LittleEndian
	for len(b) >= 32 {
		if (le.Uint64(b)|le.Uint64(b[8:])|le.Uint64(b[16:])|le.Uint64(b[24:]))&highs != 0 {
			return false
		}
		b = b[32:]
	}
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// validUTF8 reports whether b is valid UTF-8; unless complete, a rune cut at the end is allowed.
func validUTF8(b []byte, complete bool) bool { return utf8.Valid(wholeRunes(b, complete)) }

// wholeRunes is b without a rune cut at its end, unless b is the whole input.
func wholeRunes(b []byte, complete bool) []byte {
	if complete {
		return b
	}
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
}

// utf8Damage counts, in b, the valid UTF-8 characters of two or more bytes and the bytes
// that are not UTF-8, and finds the first of those (b is not valid UTF-8).
func utf8Damage(b []byte) (valid, invalid, first int) {
	first = -1
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r != utf8.RuneError || n > 1:
			valid++
		case first < 0:
			first = i
			fallthrough
		default:
			invalid++
		}
		i += n
	}
	return valid, invalid, first
}

// warning is what a file read as GB18030 is worth saying (rules.md §1.8): a UTF-8 file
// with a stray byte would be read so, its other characters garbled. cr says its lines
// end with a lone CR (crLineEnds).
func (cs *charset) warning(cr bool) string {
	if cs.name != "GB18030" {
		return ""
	}
	line := 1 + cs.lf
	if cr {
		line += cs.cr
	}
	return fmt.Sprintf("not UTF-8 (line %d: byte 0x%02X), read as GB18030", line, cs.first)
}

// clean reports whether a run of the text holds nothing that did not decode: valid
// UTF-8, and for a decoded text no U+FFFD.
func (cs *charset) clean(b []byte) bool {
	if cs.raw {
		return utf8.Valid(b)
	}
	return !bytes.Contains(b, []byte("\uFFFD"))
}

// bad is the index in s of the first byte that did not decode (see clean), or -1.
func (cs *charset) bad(s string) int {
	if !cs.raw {
		return strings.Index(s, "\uFFFD")
	}
	if utf8.ValidString(s) {
		return -1
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// undecoded files a problem for the first cell of the row, in any column, that holds
// what did not decode (charset.bad): a byte that is not UTF-8 in a UTF-8 file, U+FFFD
// in a decoded one. Its column is named when it is one pkgctl reads. It does nothing
// unless r.text.
func (r *rowReader) undecoded() {
	if r.text {
		r.fileUndecoded()
	}
}

// fileUndecoded is undecoded's work, out of line so that the check of r.text is inlined.
func (r *rowReader) fileUndecoded() {
	cs := &r.csv.cs
	for j, s := range r.cells {
		i := cs.bad(s)
		if i < 0 {
			continue
		}
		slot := -1
		for k, c := range r.hdr.col {
			if c == j {
				slot = k
				break
			}
		}
		if cs.raw {
			r.fail(slot, "invalid UTF-8 (byte 0x%02X); the file is otherwise UTF-8: save it as UTF-8", s[i])
		} else {
			r.fail(slot, "bytes that are not %s at character %d of %s (read as U+FFFD): correct the value, or save the file as UTF-8",
				cs.name, utf8.RuneCountInString(s[:i])+1, value.Quote(s))
		}
		return
	}
}
