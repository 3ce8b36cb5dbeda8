package load

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/pkgctl/pkgctl/internal/par"
)

// The rows of a worksheet, and the items of the shared strings, are read without
// encoding/xml while they are written in the plain form spreadsheet programs write
// them, which is most of a workbook's reading time (encoding/xml makes a value, and
// often strings, for each tag and text: about 1.7 µs a cell). The part's start, up to
// <sheetData> (<sst>), is read by encoding/xml; then each row (item) is read here from
// the bytes at once. Anything else — a comment, a CDATA section, a processing
// instruction, a prefixed element name, an entity other than XML's five and character
// references, a carriage return, a byte that is not XML text, a tag that does not
// close the element it should, a row of more than fastRowMax bytes or a text of more
// than fastTokenMax, the end of the part, an error reading it — hands the rest of the
// part to encoding/xml from the start of the row (item) it is in, as if it had read
// the part from there: what is read, and every error and where it is, are those of
// encoding/xml reading the whole part (TestFastSheetAsEncodingXML,
// TestFastStringsAsEncodingXML).

// fastSheets turns the fast reading of rows on (a variable: tests compare it with
// encoding/xml alone).
var fastSheets = true

// sheetBuf is the size of a sheetSource's buffer to start with (a variable: tests make
// it small, so that tags and rows straddle its refills).
var sheetBuf = 64 << 10

const (
	fastRowMax   = 1 << 20  // the bytes of one row read here at most
	fastTokenMax = 64 << 10 // the bytes of one tag or text read here at most
)

// sheetSource is the bytes of a worksheet part, buffered. encoding/xml reads it a byte
// at a time (an io.ByteReader: the decoder keeps no buffer of its own, so the bytes it
// has not read are still here when the rows are read from the buffer).
type sheetSource struct {
	r        io.Reader
	buf      []byte
	pos, end int   // buf[pos:end] is not read yet
	err      error // of r, once met
	guard    func() error
	line     int // the line of buf[pos] (fast reading only)
}

// newSheetReader is a sheetReader of the worksheet part r, tokens at most max bytes.
func newSheetReader(r io.Reader, max int64, sst *sstTable) *sheetReader {
	d, src := newPartDecoder(r, max)
	return &sheetReader{d: d, sst: sst, src: src}
}

// newPartDecoder is a decoder of the part r, tokens at most max bytes, and the buffer
// it reads (nil when fastSheets is off).
func newPartDecoder(r io.Reader, max int64) (*boundedDecoder, *sheetSource) {
	if !fastSheets || max < fastTokenMax { // below, texts the limit refuses would be read here
		return newBoundedDecoder(r, max), nil
	}
	src := &sheetSource{r: r, buf: make([]byte, sheetBuf)}
	g := &tokenGuard{max: max}
	src.guard = func() error {
		if g.d.InputOffset()-g.start > g.max {
			return errTokenTooLong
		}
		return nil
	}
	g.d = xml.NewDecoder(src)
	return &boundedDecoder{d: g.d, g: g, max: max}, src
}

func (s *sheetSource) ReadByte() (byte, error) {
	if s.pos == s.end {
		if err := s.guard(); err != nil {
			return 0, err
		}
		// the last bytes read stay before the new ones: the <sheetData> tag just read
		// is looked for there
		keep := min(s.end, tagKeep, len(s.buf)/2)
		copy(s.buf, s.buf[s.end-keep:s.end])
		s.pos, s.end = keep, keep
		if err := s.fill(0); err != nil {
			return 0, err
		}
	}
	b := s.buf[s.pos]
	s.pos++
	return b, nil
}

func (s *sheetSource) Read(p []byte) (int, error) { // the decoder reads with ReadByte
	if s.pos == s.end {
		if _, err := s.ReadByte(); err != nil {
			return 0, err
		}
		s.pos--
	}
	n := copy(p, s.buf[s.pos:s.end])
	s.pos += n
	return n, nil
}

// fill reads more of the part into the buffer, keeping the bytes from keep on (moved to
// the start), growing the buffer up to fastRowMax: it reads until the buffer is full
// (a row read again once its end is in the buffer is read again a few times, not once
// per read of the part), the part ends or fails. It returns the error of the part's
// reader when nothing more was read, and io.ErrNoProgress after 100 reads that bring
// nothing and no error (as bufio does).
func (s *sheetSource) fill(keep int) error {
	if s.err != nil {
		return s.err
	}
	if keep > 0 {
		copy(s.buf, s.buf[keep:s.end])
		s.pos -= keep
		s.end -= keep
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= fastRowMax {
			return errFallback
		}
		s.buf = append(s.buf, make([]byte, min(len(s.buf), fastRowMax-len(s.buf)))...)
	}
	start := s.end
	for empty := 0; s.end < len(s.buf); {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if n == 0 && err == nil {
			if empty++; empty == 100 {
				err = io.ErrNoProgress
			}
		}
		if err != nil {
			s.err = err
			break
		}
	}
	if s.end == start {
		return s.err
	}
	return nil
}

// tagKeep is how many of the bytes read by the decoder stay in the buffer when it is
// filled again.
const tagKeep = 256

// errFallback says that the rest of the sheet is for encoding/xml to read.
var errFallback = errors.New("read by encoding/xml")

// startFast starts reading the rows here, just after the <sheetData> start tag the
// decoder read; false (nothing changed) unless it was written <sheetData …> (no prefix,
// not empty) and is still in the buffer.
func (s *sheetReader) startFast() bool {
	src := s.src
	s.src = nil
	if !src.justRead("sheetData") {
		return false
	}
	src.line, _ = s.d.d.InputPos()
	s.fast = src
	return true
}

// justRead reports whether the decoder just read a start tag of element name written
// without a prefix and not empty (<name …>), still in the buffer.
func (s *sheetSource) justRead(name string) bool {
	if s.pos < 2 || s.buf[s.pos-1] != '>' || s.buf[s.pos-2] == '/' {
		return false
	}
	lt := bytes.LastIndexByte(s.buf[:s.pos], '<')
	if lt < 0 || !bytes.HasPrefix(s.buf[lt+1:s.pos], []byte(name)) {
		return false
	}
	switch s.buf[lt+1+len(name)] { // the name ends there (not a prefix: <sheetData:x>)
	case ' ', '\n', '\t', '>':
		return true
	}
	return false
}

// rest is a reader of the part from buffer position start on (its bytes not read yet).
func (s *sheetSource) rest(start int) io.Reader {
	rest := s.r
	if s.err != nil {
		rest = errReader{s.err}
	}
	return io.MultiReader(bytes.NewReader(s.buf[start:s.end]), rest)
}

// fastNext is next, reading here: the next row, or the end of the sheet data.
func (s *sheetReader) fastNext() (bool, error) {
	row := s.row
	ok, err := s.fastRow()
	if err == errFallback {
		s.row = row
		s.fallback(s.fast.pos, s.fast.line)
		return s.next()
	}
	return ok, err
}

// fallback hands the rest of the sheet, from buffer position start at line line, to a
// decoder of its own (its tokens after a <sheetData> of its own).
func (s *sheetReader) fallback(start, line int) {
	src := s.fast
	s.fast = nil
	s.d = newBoundedDecoder(io.MultiReader(strings.NewReader("<sheetData>"), src.rest(start)), s.d.max)
	s.d.lineBase = line - 1
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// fastRow reads the next row, or the end of the sheet data (false), or says to fall back.
func (s *sheetReader) fastRow() (bool, error) {
	src := s.fast
	if !src.skipSpace() {
		return false, errFallback
	}
	b := src.buf[src.pos:src.end]
	if b[0] != '<' {
		return false, errFallback
	}
	if bytes.HasPrefix(b, []byte("</sheetData>")) {
		src.pos += len("</sheetData>")
		s.done = true
		return false, nil
	}
	// the row, read from the bytes at hand; when they end inside it, again with more
	row := s.row // the row before: a row without a number follows it
	for {
		s.row = row
		b = src.buf[src.pos:src.end]
		end, err := s.fastRowIn(b)
		if err == nil {
			src.line += bytes.Count(b[:end], []byte{'\n'})
			src.pos += end
			return true, nil
		}
		if err != errFallback {
			return false, err
		}
		// with more bytes, up to fastRowMax of them: a row cut by the end of the bytes at
		// hand reads, a damaged one falls back (once for the sheet: a few reads more)
		if len(b) >= fastRowMax {
			return false, errFallback
		}
		if err := src.fill(src.pos); err != nil {
			return false, errFallback
		}
	}
}

var rowAttrs, cellAttrs = []string{"r"}, []string{"r", "t", "s"}

// skipSpace skips the whitespace before the next tag, with at least 16 bytes after it
// in the buffer (or the rest of the part); false (fall back, from the whitespace's
// start) after fastTokenMax of it (encoding/xml's limit on a token decides then), or
// when the part ends or fails first.
func (src *sheetSource) skipSpace() bool {
	off, lines := 0, 0 // from src.pos, which fill may move (with the bytes)
	for {
		for src.pos+off < src.end && (src.buf[src.pos+off] == ' ' || src.buf[src.pos+off] == '\n' || src.buf[src.pos+off] == '\t') {
			if src.buf[src.pos+off] == '\n' {
				lines++
			}
			off++
		}
		if off > fastTokenMax {
			return false
		}
		if src.end-(src.pos+off) >= 16 {
			break
		}
		if err := src.fill(src.pos); err != nil {
			if err == io.EOF && src.end-(src.pos+off) > 0 {
				break
			}
			return false
		}
	}
	src.pos += off
	src.line += lines
	return true
}

// fastRowIn reads the row at the start of b (its start tag to its end tag): how many
// bytes it is, or errFallback (also when b ends inside it).
func (s *sheetReader) fastRowIn(b []byte) (int, error) {
	t, i, ok := scanTag(b, 0)
	if !ok || t.end || string(t.name) != "row" {
		return 0, errFallback
	}
	var r [1][]byte
	t.attrs(rowAttrs, r[:])
	if err := s.startRow(string(r[0])); err != nil {
		return 0, err
	}
	if t.empty {
		return i, nil
	}
	col := 0
	for {
		var ok bool
		if t, i, ok = nextTag(b, i); !ok {
			return 0, errFallback
		}
		if t.end { // </row>
			if string(t.name) != "row" {
				return 0, errFallback
			}
			return i, nil
		}
		if len(t.name) != 1 || t.name[0] != 'c' {
			if i, ok = skipElement(b, i, t); !ok {
				return 0, errFallback
			}
			continue
		}
		var a [3][]byte // r, t, s
		t.attrs(cellAttrs, a[:])
		var err error
		if c, ok := plainCellColumn(a[0]); ok {
			col = c
		} else if col, err = s.cellColumn(string(a[0]), col+1); err != nil {
			return 0, err
		}
		typ := cellType(a[1])
		info := cellInfo{number: typ == "" || typ == "n", date: typ == "d"}
		if st, ok := plainNumber(a[2]); ok {
			info.style = st
		} else if info, err = s.cellInfo(typ, string(a[2]), col); err != nil {
			return 0, err
		}
		var v, inline []byte
		if !t.empty {
			if i, v, inline, ok = content(b, i, "c", true, s.d.max); !ok {
				return 0, errFallback
			}
		}
		var text string
		if k, ok := plainNumber(v); ok && typ == "s" && k < s.sst.len() {
			text = s.sst.at(k)
			if err := s.refs.add(s.row, col, len(text)); err != nil {
				return 0, err
			}
		} else if text, err = s.cellText(typ, string(v), string(inline), col); err != nil {
			return 0, err
		}
		if err := s.setCell(col, text, info); err != nil {
			return 0, err
		}
	}
}

// cellType is a cell's t attribute as a string, made once for the usual ones.
func cellType(t []byte) string {
	switch string(t) {
	case "":
		return ""
	case "s":
		return "s"
	case "n":
		return "n"
	case "str":
		return "str"
	case "inlineStr":
		return "inlineStr"
	case "b":
		return "b"
	case "e":
		return "e"
	case "d":
		return "d"
	}
	return string(t)
}

// plainNumber is b as a number when it is 1 to 9 decimal digits, nothing else (as
// strconv.Atoi reads it).
func plainNumber(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// content reads the content of an element from b[i:] to its end tag </outer> as
// readCell (outer "c", withV) and readSharedStrings (outer "si") read it: the text of
// its <v> when withV, and of its <t> elements outside <rPh> (decoded), with their small
// differences (a <t> inside <rPh> inside a <t>: readCell keeps the text after it,
// readSharedStrings does not). An <si> inside an <si> starts another
// (readSharedStrings): not read here.
func content(b []byte, i int, outer string, withV bool, max int64) (next int, v, t []byte, ok bool) {
	var open [8][]byte // the elements open inside it
	depth, phonetic, values, size := 0, 0, 0, 0
	in := byte(0) // 'v', 't' or 0: the element whose text is kept
	for {
		j := i
		for j < len(b) && b[j] != '<' {
			j++
		}
		if j > i {
			var ok bool
			switch in {
			case 'v':
				v, ok = addXMLText(v, b[i:j])
				size += j - i
			case 't':
				t, ok = addXMLText(t, b[i:j])
				size += j - i
			default:
				ok = validXMLText(b[i:j])
			}
			if !ok || size > int(max) || j-i > fastTokenMax {
				return 0, nil, nil, false
			}
		}
		tag, k, ok := scanTag(b, j)
		if !ok {
			return 0, nil, nil, false
		}
		i = k
		if !tag.end {
			if depth == len(open) {
				return 0, nil, nil, false
			}
			switch string(tag.name) {
			case "v":
				if withV {
					if values++; values > 1 { // a second value: readCell says so
						return 0, nil, nil, false
					}
					in = 'v'
				}
			case "t":
				if phonetic == 0 {
					in = 't'
				} else if !withV { // readSharedStrings: a phonetic <t> is not kept, nor what follows
					in = 0
				}
			case "rPh":
				phonetic++
			case "si":
				if !withV {
					return 0, nil, nil, false
				}
			}
			if !tag.empty {
				open[depth] = tag.name
				depth++
				continue
			}
		} else {
			if depth == 0 {
				return i, v, t, string(tag.name) == outer
			}
			depth--
			if !bytes.Equal(open[depth], tag.name) {
				return 0, nil, nil, false
			}
		}
		switch string(tag.name) { // the end of an element (an empty one's too)
		case "v", "t":
			in = 0
		case "rPh":
			phonetic--
		}
	}
}

// skipElement skips the content and end tag of the element whose start tag t ended at
// b[i].
func skipElement(b []byte, i int, t xmlTag) (int, bool) {
	if t.empty {
		return i, true
	}
	var open [8][]byte
	open[0] = t.name
	for depth := 1; depth > 0; {
		var ok bool
		if t, i, ok = nextTag(b, i); !ok {
			return 0, false
		}
		switch {
		case t.end:
			depth--
			if !bytes.Equal(open[depth], t.name) {
				return 0, false
			}
		case !t.empty:
			if depth == len(open) {
				return 0, false
			}
			open[depth] = t.name
			depth++
		}
	}
	return i, true
}

// nextTag reads the tag after the text at b[i:] (skipText, then scanTag).
func nextTag(b []byte, i int) (xmlTag, int, bool) {
	j, ok := skipText(b, i)
	if !ok {
		return xmlTag{}, 0, false
	}
	return scanTag(b, j)
}

// skipText skips the text at b[i:] up to the next tag, checking it is XML text.
func skipText(b []byte, i int) (int, bool) {
	j := i
	for j < len(b) && b[j] != '<' {
		j++
	}
	if j == i {
		return j, j < len(b)
	}
	if j-i > fastTokenMax {
		return 0, false
	}
	return j, validXMLText(b[i:j]) && j < len(b)
}

// xmlTag is a start or end tag read by scanTag.
type xmlTag struct {
	name  []byte
	raw   []byte // a start tag's attributes, as written
	end   bool   // an end tag
	empty bool   // a start tag that ends with />
}

// scanTag reads the tag at b[i] (which must be '<'): an end tag </name>, or a start tag
// with attributes name="value" or name='value' separated by spaces; names of ASCII
// letters, digits, '_', '.', '-' (no prefix: an element's name is its local name).
// false for anything else, or for a tag not whole in b.
func scanTag(b []byte, i int) (t xmlTag, next int, ok bool) {
	if i >= len(b) || b[i] != '<' {
		return t, 0, false
	}
	i++
	if i < len(b) && b[i] == '/' {
		t.end = true
		i++
	}
	n := nameEnd(b, i)
	if n == i || n-i > fastTokenMax {
		return t, 0, false
	}
	t.name = b[i:n]
	i = n
	if t.end {
		for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t') {
			i++
		}
		if i >= len(b) || b[i] != '>' || i-n > fastTokenMax {
			return t, 0, false
		}
		return t, i + 1, true
	}
	start := i
	for {
		if i >= len(b) || i-start > fastTokenMax {
			return t, 0, false
		}
		switch b[i] {
		case '>':
			t.raw = b[start:i]
			return t, i + 1, true
		case '/':
			if i+1 >= len(b) || b[i+1] != '>' {
				return t, 0, false
			}
			t.raw, t.empty = b[start:i], true
			return t, i + 2, true
		case ' ', '\n', '\t':
			i++
			continue
		}
		if i == start || !(b[i-1] == ' ' || b[i-1] == '\n' || b[i-1] == '\t') {
			return t, 0, false // an attribute right after the name or the value before
		}
		k := attrNameEnd(b, i)
		if k == i || bytes.Count(b[i:k], []byte{':'}) > 1 || k+1 >= len(b) || b[k] != '=' || (b[k+1] != '"' && b[k+1] != '\'') {
			return t, 0, false
		}
		q := bytes.IndexByte(b[k+2:], b[k+1])
		if q < 0 || !validXMLText(b[k+2:k+2+q]) {
			return t, 0, false
		}
		i = k + 2 + q + 1
	}
}

// attrs sets vals[k] to the decoded value of the first attribute whose local name is
// names[k] (empty when there is none, as encoding/xml's attributes give it: a value
// as written is not copied).
func (t *xmlTag) attrs(names []string, vals [][]byte) {
	a := t.raw
	got := 0 // a bit per name found
	for i := 0; i < len(a); {
		if a[i] == ' ' || a[i] == '\n' || a[i] == '\t' {
			i++
			continue
		}
		k := attrNameEnd(a, i) // scanTag checked the name, '=' and the quotes
		local := a[i:k]
		if c := bytes.IndexByte(local, ':'); c > 0 && c < len(local)-1 { // one at most
			local = local[c+1:]
		}
		q := bytes.IndexByte(a[k+2:], a[k+1])
		raw := a[k+2 : k+2+q]
		i = k + 2 + q + 1
		n := 0
		for n < len(names) && (got&(1<<n) != 0 || string(local) != names[n]) {
			n++
		}
		if n == len(names) { // scanTag checked the value
			continue
		}
		if plainXML(raw) {
			vals[n] = raw
		} else {
			vals[n], _ = appendXMLText(nil, raw)
		}
		got |= 1 << n
	}
}

// nameEnd is the end of the element name at b[i:]: ASCII letters, '_' first, then
// letters, digits, '_', '.', '-' (a colon, a prefix, is not read here).
func nameEnd(b []byte, i int) int {
	if i >= len(b) || !(b[i] >= 'a' && b[i] <= 'z' || b[i] >= 'A' && b[i] <= 'Z' || b[i] == '_') {
		return i
	}
	j := i + 1
	for j < len(b) && (b[j] >= 'a' && b[j] <= 'z' || b[j] >= 'A' && b[j] <= 'Z' || b[j] >= '0' && b[j] <= '9' || b[j] == '_' || b[j] == '.' || b[j] == '-') {
		j++
	}
	return j
}

// attrNameEnd is nameEnd for an attribute name, which may also hold colons.
func attrNameEnd(b []byte, i int) int {
	j := nameEnd(b, i)
	if j == i {
		return i
	}
	for j < len(b) && (b[j] == ':' || nameEnd(b, j) > j) {
		if b[j] == ':' {
			j++
		} else {
			j = nameEnd(b, j)
		}
	}
	return j
}

// addXMLText is appendXMLText, but for the first text of dst, when plain, which is raw
// itself (not copied: capped, so that a text added after is copied).
func addXMLText(dst, raw []byte) ([]byte, bool) {
	if dst == nil && plainXML(raw) {
		return raw[:len(raw):len(raw)], true
	}
	return appendXMLText(dst, raw)
}

// xmlPlain marks the bytes that are text as they are in XML: printable ASCII but '&',
// '<' and ']', tab and line feed.
var xmlPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = c != '&' && c != '<' && c != ']'
	}
	t['\t'], t['\n'] = true, true
	return t
}()

// plainXML reports whether raw is XML text that reads as it is written.
func plainXML(raw []byte) bool {
	for _, c := range raw {
		if !xmlPlain[c] {
			return false
		}
	}
	return true
}

// validXMLText reports whether raw is XML text read here (appendXMLText).
func validXMLText(raw []byte) bool {
	if plainXML(raw) {
		return true
	}
	_, ok := appendXMLText(nil, raw)
	return ok
}

// appendXMLText appends the text raw decoded (XML's five entities and character
// references) to dst; false when raw holds anything else encoding/xml reads otherwise
// or refuses: another entity, a carriage return (made a line feed), a control
// character, bytes that are not UTF-8 or not XML characters, '<', "]]>".
func appendXMLText(dst, raw []byte) ([]byte, bool) {
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '&':
			semi := bytes.IndexByte(raw[i:], ';')
			if semi < 0 {
				return nil, false
			}
			r, ok := xmlEntity(raw[i+1 : i+semi])
			if !ok {
				return nil, false
			}
			dst = utf8.AppendRune(dst, r)
			i += semi + 1
		case c >= 0x80:
			r, n := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
				return nil, false
			}
			dst = append(dst, raw[i:i+n]...)
			i += n
		case c < 0x20 && c != '\t' && c != '\n', c == '<', c == ']' && bytes.HasPrefix(raw[i:], []byte("]]>")):
			return nil, false
		default:
			dst = append(dst, c)
			i++
		}
	}
	return dst, true
}

// xmlEntity is the character of the entity name (between & and ;): lt, gt, amp, apos,
// quot, #N or #xH of an XML character.
func xmlEntity(name []byte) (rune, bool) {
	switch string(name) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "apos":
		return '\'', true
	case "quot":
		return '"', true
	}
	if len(name) < 2 || name[0] != '#' || len(name) > 10 {
		return 0, false
	}
	base, digits := 10, name[1:]
	if digits[0] == 'x' {
		base, digits = 16, digits[1:]
	}
	if len(digits) == 0 {
		return 0, false
	}
	r := rune(0)
	for _, d := range digits {
		var v rune
		switch {
		case d >= '0' && d <= '9':
			v = rune(d - '0')
		case base == 16 && d >= 'a' && d <= 'f':
			v = rune(d-'a') + 10
		case base == 16 && d >= 'A' && d <= 'F':
			v = rune(d-'A') + 10
		default:
			return 0, false
		}
		r = r*rune(base) + v
		if r > utf8.MaxRune {
			return 0, false
		}
	}
	// XML characters, but for a carriage return (left to encoding/xml)
	ok := r == 0x09 || r == 0x0A || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
	return r, ok
}

// aheadReader reads a part on a goroutine of its own, up to aheadBlocks blocks ahead of
// its reader: a worksheet is inflated on one core while its rows are read on another.
// Its reader sees the part's bytes and error as the part gives them. Close stops the
// goroutine (it waits for it) before it closes the part. A panic of the part's reader
// (a bug) is raised again by Read, after the bytes read before it.
type aheadReader struct {
	rc   io.ReadCloser
	full chan aheadBlock
	free chan []byte
	stop chan struct{}
	done chan struct{}
	cur  aheadBlock // the block being read
	off  int        // of cur.b, read so far
}

type aheadBlock struct {
	b   []byte
	err error
	p   *par.Panic
}

const (
	aheadBlocks    = 3
	aheadBlockSize = 256 << 10
)

func newAheadReader(rc io.ReadCloser) *aheadReader {
	a := &aheadReader{rc: rc, full: make(chan aheadBlock, aheadBlocks), free: make(chan []byte, aheadBlocks+1),
		stop: make(chan struct{}), done: make(chan struct{})}
	for range aheadBlocks + 1 {
		a.free <- make([]byte, aheadBlockSize)
	}
	go func() {
		defer close(a.done)
		a.run()
	}()
	return a
}

// run reads the part into free blocks, each filled (but the last) before it is handed
// over, until the part's end, error or panic (handed over after the bytes before it),
// or until Close. 100 reads in a row that bring nothing and no error end it with
// io.ErrNoProgress, as bufio does.
func (a *aheadReader) run() {
	for {
		var b []byte
		select {
		case b = <-a.free:
		case <-a.stop:
			return
		}
		n, empty := 0, 0
		var err error
		var p *par.Panic
		for n < len(b) && err == nil && p == nil {
			k := 0
			p = par.Catch(func() { k, err = a.rc.Read(b[n:]) })
			n += k
			if k == 0 && err == nil && p == nil {
				if empty++; empty == 100 {
					err = io.ErrNoProgress
				}
			}
		}
		select {
		case a.full <- aheadBlock{b: b[:n], err: err, p: p}:
		case <-a.stop:
			return
		}
		if err != nil || p != nil {
			return
		}
	}
}

func (a *aheadReader) Read(p []byte) (int, error) {
	for a.off == len(a.cur.b) {
		if a.cur.p != nil {
			panic(a.cur.p) // again on every call: nothing comes after it
		}
		if a.cur.err != nil {
			return 0, a.cur.err
		}
		if a.cur.b != nil {
			a.free <- a.cur.b[:cap(a.cur.b)]
		}
		a.cur, a.off = <-a.full, 0
	}
	n := copy(p, a.cur.b[a.off:])
	a.off += n
	return n, nil
}

func (a *aheadReader) Close() error {
	close(a.stop)
	<-a.done
	return a.rc.Close()
}

// startFast starts reading the <si> items here, just after the <sst> start tag the
// decoder read (as sheetReader.startFast), when it is the part's root element (the
// decoder that reads the rest knows no element around it) outside any item.
func (x *sstReader) startFast() bool {
	src := x.src
	x.src = nil
	if x.depth != 1 || x.inSI || x.inT || x.phonetic != 0 || !src.justRead("sst") {
		return false
	}
	src.line, _ = x.d.d.InputPos()
	x.fast = src
	return true
}

// fastItems reads <si> items as readSharedStrings does, as long as they are plainly
// written (those of sheets' cells), then hands the rest of the part to a decoder of its
// own, from the start of the item it stopped at, or from </sst> (which it reads to the
// end).
func (x *sstReader) fastItems() error {
	src := x.fast
	x.fast = nil
	for {
		if !src.skipSpace() {
			return x.fallback(src)
		}
		n, err := x.fastItem(src.buf[src.pos:src.end])
		if err == nil {
			src.line += bytes.Count(src.buf[src.pos:src.pos+n], []byte{'\n'})
			src.pos += n
			continue
		}
		if err != errFallback {
			return err
		}
		if src.end-src.pos < fastRowMax && src.fill(src.pos) == nil {
			continue // cut by the end of the bytes at hand: again with more
		}
		return x.fallback(src)
	}
}

// fallback hands the rest of the part, from src's position, to a decoder of its own
// (its tokens after an <sst> of its own).
func (x *sstReader) fallback(src *sheetSource) error {
	x.d = newBoundedDecoder(io.MultiReader(strings.NewReader("<sst>"), src.rest(src.pos)), x.max)
	x.d.lineBase = src.line - 1
	x.depth-- // the decoder opens the <sst> again
	return nil
}

// fastItems counts the items read here (tests check that plain ones are).
var fastItems atomic.Int64

// fastItem reads the <si> item at the start of b (an empty <si/> is an empty string):
// how many bytes it is; errFallback for anything else (</sst> too), or when b ends
// inside it.
func (x *sstReader) fastItem(b []byte) (int, error) {
	t, i, ok := scanTag(b, 0)
	if !ok || t.end || string(t.name) != "si" {
		return 0, errFallback
	}
	var text []byte
	if !t.empty {
		if i, _, text, ok = content(b, i, "si", false, x.max); !ok {
			return 0, errFallback
		}
	}
	if err := x.add(unescapeOOXML(string(text))); err != nil {
		return 0, err
	}
	fastItems.Add(1)
	return i, nil
}
