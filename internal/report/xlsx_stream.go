package report

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Streamed sheets. The sheet of a table whose rows are produced (N/Row, Stream) is
// written by pkgctl, row by row into its zip entry while the workbook is copied out
// (canonicalXLSX): excelize makes the workbook around it (styles, the header row,
// frozen panes, the autofilter, charts of other sheets) with the header only, and its
// in-memory writer never holds the rows. (excelize's StreamWriter cannot be used: it
// writes numbers only from Go ints and float64, and pkgctl stores a decimal's exact
// text in a numeric cell.) The cells are those excelize would store: numbers, dates and
// times as numbers with the same styles, booleans as booleans, text as inline strings
// escaped as excelize escapes them. Column widths come from the header and the first
// widthRows rows. A Stream table's length is known at the end: its sheet gets no
// dimension element (optional), its autofilter and the workbook's filter name are
// completed once the rows are written, and a sheet that outgrows Excel's limit stops the
// rendering with a *TooManyRowsError (the rows are still counted, for the message).

// widthRows is how many rows of a streamed sheet its column widths are measured on.
const widthRows = 1000

// sheetStream is a streamed sheet: its table and the styles of its columns.
type sheetStream struct {
	t      *Table
	index  int   // the sheet's position in the workbook
	styles []int // per column, the style of its cells (0: none)
	rows   int   // data rows written
}

// produced reports whether t makes its rows (N/Row, Stream) rather than holding them.
func (t *Table) produced() bool { return t.Row != nil || t.Stream != nil }

// templateSheet writes a streamed table's sheet as excelize holds it: the header, the
// layout (frozen header, autofilter and dimension over the header and its N rows when N
// is known, else over the header alone), the chart; the rows come later (stream).
func templateSheet(f *excelize.File, t *Table, index int, doc *Document, st *xlsxStyles) (*sheetStream, error) {
	s := &sheetStream{t: t, index: index, styles: make([]int, len(t.Columns))}
	for j, c := range t.Columns {
		if err := writeXLSXCell(f, t.Name, cellRef(j, 1), Text(c.Key), doc, st, styleKey{bold: true}); err != nil {
			return nil, err
		}
		id, err := st.id(styleKey{kind: c.Kind})
		if err != nil {
			return nil, err
		}
		s.styles[j] = id
	}
	if len(t.Columns) == 0 {
		return s, nil
	}
	err := f.SetPanes(t.Name, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	})
	if err != nil {
		return nil, err
	}
	last := cellRef(len(t.Columns)-1, max(t.Len(), 0)+1)
	if err := f.AutoFilter(t.Name, "A1:"+last, nil); err != nil {
		return nil, err
	}
	if err := f.SetSheetDimension(t.Name, "A1:"+last); err != nil {
		return nil, err
	}
	if t.Chart != nil && t.Stream != nil {
		return nil, errors.New("a streamed table cannot carry a chart")
	}
	return s, addChart(f, t)
}

var (
	dimensionElem  = regexp.MustCompile(`<dimension [^>]*(/>|></dimension>)`)
	autoFilterElem = regexp.MustCompile(`<autoFilter ref="[^"]*"`)
)

// stream writes the sheet's part: template is excelize's (header row only), the rows
// are made now.
func (s *sheetStream) stream(w io.Writer, template []byte, doc *Document) error {
	t := s.t
	open, end := bytes.Index(template, []byte("<sheetData>")), bytes.LastIndex(template, []byte("</sheetData>"))
	if open < 0 || end < open {
		return fmt.Errorf("report: sheet %q: no sheet data in the workbook excelize made", t.Name)
	}
	head, header, tail := template[:open], template[open+len("<sheetData>"):end], template[end:]
	if t.Stream != nil {
		head = dimensionElem.ReplaceAllLiteral(head, nil) // the length is known at the end only
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	names := make([]string, len(t.Columns))
	for j := range names {
		names[j] = colName(j)
	}
	widths := make([]int, len(t.Columns))
	for j, c := range t.Columns {
		widths[j] = textWidth(c.Key) + 3
	}
	var buf []byte // the first rows, until the widths are known
	started := false
	start := func() {
		bw.Write(head)
		bw.WriteString("<cols>")
		for j, w := range widths {
			fmt.Fprintf(bw, `<col customWidth="true" max="%d" min="%d" width="%d"></col>`, j+1, j+1,
				min(max(w, minColWidth), maxColWidth))
		}
		bw.WriteString("</cols><sheetData>")
		bw.Write(header)
		bw.Write(buf)
		buf, started = nil, true
	}
	memo := make([]colMemo, len(t.Columns))
	var line []byte
	total := 0
	err := t.each(func(i int, row []Cell) error {
		total++
		if i+2 > excelize.TotalRows {
			return nil // counted, not written
		}
		line = s.appendRow(line[:0], i+2, row, names, memo, doc)
		if started {
			_, err := bw.Write(line)
			return err
		}
		for j := range row {
			if row[j].set() {
				widths[j] = max(widths[j], shownWidth(row[j], doc)+2)
			}
		}
		buf = append(buf, line...)
		if i+1 == widthRows {
			start()
		}
		return nil
	})
	if err != nil {
		return err
	}
	if total+1 > excelize.TotalRows {
		return &TooManyRowsError{Sheet: t.Name, Rows: total, Max: excelize.TotalRows - 1}
	}
	if !started {
		start()
	}
	s.rows = total
	if t.Stream != nil && len(t.Columns) > 0 {
		tail = autoFilterElem.ReplaceAllLiteral(tail, []byte(`<autoFilter ref="`+s.filterRef()+`"`))
	}
	bw.Write(tail)
	return bw.Flush()
}

// filterRef is the absolute range of the header and the rows written.
func (s *sheetStream) filterRef() string {
	last := colName(len(s.t.Columns) - 1)
	return fmt.Sprintf("$A$1:$%s$%d", last, s.rows+1)
}

// appendRow appends row r's XML.
func (s *sheetStream) appendRow(b []byte, r int, row []Cell, names []string, memo []colMemo, doc *Document) []byte {
	rs := strconv.Itoa(r)
	b = append(append(append(b, `<row r="`...), rs...), `">`...)
	for j := range row {
		c := &row[j]
		if !c.set() {
			continue
		}
		b = append(append(append(append(b, `<c r="`...), names[j]...), rs...), '"')
		if id := s.styles[j]; id != 0 {
			b = append(strconv.AppendInt(append(b, ` s="`...), int64(id), 10), '"')
		}
		switch c.kind() {
		case KindText:
			b = appendInlineString(b, c.str())
			continue
		case KindBool:
			v := byte('0')
			if c.truth() {
				v = '1'
			}
			b = append(append(b, ` t="b"><v>`...), v)
		case KindInt:
			b = strconv.AppendInt(append(b, `><v>`...), c.num, 10)
		case KindMoney, KindQuantity:
			b = c.appendCSV(append(b, `><v>`...), doc.Precision, doc.Location, &memo[j]) // the exact text
		case KindDate:
			b = append(append(b, `><v>`...), dateSerial(c.when())...)
		case KindTime:
			b = append(append(b, `><v>`...), timeSerial(inZone(c.when(), doc.Location))...)
		}
		b = append(b, `</v></c>`...)
	}
	return append(b, `</row>`...)
}

// appendInlineString appends the rest of a text cell (after its reference) as excelize's
// StreamWriter writes an inline string: at most 32,767 UTF-16 units, XML-escaped (an
// invalid character becomes U+FFFD), "_xHHHH_" sequences escaped, spaces kept when the
// text starts or ends with one.
func appendInlineString(b []byte, s string) []byte {
	if len(s) > excelize.TotalCellChars { // cheap: bytes ≥ UTF-16 units
		n := 0
		for i, r := range s {
			if n += utf16.RuneLen(r); n > excelize.TotalCellChars {
				s = s[:i]
				break
			}
		}
	}
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

// sheetParts maps the workbook's sheet names to their zip parts, from workbook.xml and
// its relationships.
func sheetParts(zr *zip.Reader) (map[string]string, error) {
	read := func(name string) ([]byte, error) {
		for _, f := range zr.File {
			if f.Name == name {
				r, err := f.Open()
				if err != nil {
					return nil, err
				}
				defer r.Close()
				return io.ReadAll(r)
			}
		}
		return nil, fmt.Errorf("report: no %s in the workbook excelize made", name)
	}
	wb, err := read("xl/workbook.xml")
	if err != nil {
		return nil, err
	}
	rels, err := read("xl/_rels/workbook.xml.rels")
	if err != nil {
		return nil, err
	}
	var book struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rs struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(wb, &book); err != nil {
		return nil, err
	}
	if err := xml.Unmarshal(rels, &rs); err != nil {
		return nil, err
	}
	target := map[string]string{}
	for _, r := range rs.Rels {
		t := strings.TrimPrefix(r.Target, "/")
		if !strings.HasPrefix(t, "xl/") {
			t = "xl/" + t
		}
		target[r.ID] = t
	}
	out := map[string]string{}
	for _, s := range book.Sheets {
		out[s.Name] = target[s.ID]
	}
	return out, nil
}

// definedNameElem is a defined name of workbook.xml.
var definedNameElem = regexp.MustCompile(`<definedName [^>]*>[^<]*</definedName>`)

// completeFilters sets, in workbook.xml, the filter range of each streamed sheet whose
// length was not known beforehand (its autofilter's hidden defined name).
func completeFilters(wb []byte, streams []*sheetStream) []byte {
	return definedNameElem.ReplaceAllFunc(wb, func(el []byte) []byte {
		if !bytes.Contains(el, []byte(`name="_xlnm._FilterDatabase"`)) {
			return el
		}
		for _, s := range streams {
			if s.t.Stream == nil || len(s.t.Columns) == 0 ||
				!bytes.Contains(el, []byte(`localSheetId="`+strconv.Itoa(s.index)+`"`)) {
				continue
			}
			last := colName(len(s.t.Columns) - 1)
			return bytes.Replace(el, []byte("!$A$1:$"+last+"$1<"), []byte("!"+s.filterRef()+"<"), 1)
		}
		return el
	})
}
