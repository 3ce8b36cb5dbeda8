package load

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/pkgctl/pkgctl/internal/value"
	"github.com/xuri/excelize/v2"
)

// sheetReader streams the rows of a worksheet part with encoding/xml: one row's cells
// at a time, with each cell's type and style, so that nothing of the sheet is held
// beyond the current row. (excelize's Rows iterator ends silently at an XML error, and
// its cell types and styles load the whole sheet.) Every XML error is returned, as is
// a cell past the limits.
type sheetReader struct {
	d     *boundedDecoder
	sst   *sstTable
	row   int // number of the current row
	cells []string
	cols  []cellInfo // of cells, same indexes
	done  bool
	src   *sheetSource // the part's bytes, until the rows are read from them (fast)
	fast  *sheetSource // the rows are read from these bytes (xlsx_fast.go), not by d
	// width, once the header is found, is the number of its cells: a cell past them is
	// in no column, and only whether one holds text is kept (setCell); past holds the
	// columns of the row's cells past them, and pastSeen the same as bits, to find a
	// cell twice in its row there too.
	width    int
	past     []int32
	pastSeen []uint64
	refs     *sharedRefs // nil: not bounded
}

// sharedRefs bounds the text the cells of a sheet's mapped columns take from the
// shared strings. A string is held once however many cells refer to it, but each such
// cell's text is read again (compared, normalized), so that a 564 KB workbook whose
// 20,000 cells name one string of 1 MB as their region amounts to 20 GB of text to
// read. Those cells may refer to at most limits.xlsx_ratio times the bytes of the
// shared strings, and sheetRefs times those of the sheet read so far, past ratioFloor
// (rules.md §1.9): a real sheet refers to about as many bytes as its own XML holds (a
// column of long CJK descriptions about 22 times), and sheet XML that refers to nothing
// (empty rows) buys little. A column pkgctl does not read (a note of 32,000 characters
// on every row) is not counted: its cells cost no more than their references.
type sharedRefs struct {
	n     int64 // the bytes referred to so far
	ratio int64
	sst   int64        // the shared strings' bytes
	read  *countReader // the sheet's bytes read so far
	cols  []bool       // the mapped columns, by index (none until the header is found)
	fail  func(row int, n, strs, sheet int64) error
}

// sheetRefs is how many bytes of shared strings a byte of sheet XML may refer to.
const sheetRefs = 32

// add counts a reference of row's cell in column col (1-based) to a shared string of n
// bytes.
func (r *sharedRefs) add(row, col, n int) error {
	if r == nil || col > len(r.cols) || !r.cols[col-1] {
		return nil
	}
	if r.n += int64(n); r.n > ratioFloor && r.n > r.ratio*r.sst+sheetRefs*r.read.n {
		return r.fail(row, r.n, r.sst, r.read.n)
	}
	return nil
}

// countReader counts the bytes read through it.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	return n, err
}

// cellInfo is what the date conversion needs of a cell besides its text.
type cellInfo struct {
	number bool // a number cell (type n, or no type), not text, boolean or error
	date   bool // a date cell (type d): an ISO 8601 date or time
	style  int
	set    bool // the row has the cell (setCell)
}

// maxCols is the number of columns of a sheet (XFD).
const maxCols = 16384

// next reads the next <row> that has cells; false at the end of the sheet data or on an
// error (returned).
func (s *sheetReader) next() (bool, error) {
	for !s.done {
		if s.fast != nil {
			return s.fastNext()
		}
		tok, err := s.d.Token()
		if err == io.EOF {
			return false, s.d.wrap(io.ErrUnexpectedEOF, s.row+1, s.after())
		}
		if err != nil {
			return false, s.d.wrap(err, s.row+1, s.after())
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "sheetData" && s.src != nil {
				if s.startFast() {
					return s.fastNext()
				}
				continue
			}
			if t.Name.Local != "row" {
				continue
			}
			if err := s.startRow(attr(t, "r")); err != nil {
				return false, err
			}
			if err := s.readRow(); err != nil {
				return false, err
			}
			return true, nil
		case xml.EndElement:
			if t.Name.Local == "sheetData" {
				s.done = true
			}
		}
	}
	return false, nil
}

// startRow makes the row whose start tag has the r attribute r (may be empty: the row
// after the last) the current row. Rows come in ascending order: a row number that is
// not past the last row's would give one row two sets of cells, or put a row where a
// spreadsheet would not show it, and which counts is anyone's guess.
func (s *sheetReader) startRow(r string) error {
	n := s.row + 1
	if r != "" {
		v, err := strconv.Atoi(r)
		if err != nil || v < 1 || v > excelize.TotalRows {
			return fmt.Errorf("row number %s is not a row of a sheet (1 to %d)", value.Quote(r), excelize.TotalRows)
		}
		n = v
	}
	if n > excelize.TotalRows { // unnumbered rows past the last a sheet has
		return fmt.Errorf("row %d is past the last row of a sheet (%d)", n, excelize.TotalRows)
	}
	if last := s.row; n <= last {
		s.row = n
		if n == last {
			return fmt.Errorf("row %d is in the sheet twice", n)
		}
		return fmt.Errorf("row %d comes after row %d", n, last)
	}
	s.row = n
	s.cells, s.cols = s.cells[:0], s.cols[:0]
	for _, c := range s.past {
		s.pastSeen[c>>6] &^= 1 << (c & 63)
	}
	s.past = s.past[:0]
	return nil
}

// after says where reading stopped, for an error between rows.
func (s *sheetReader) after() string {
	if s.row == 0 {
		return "before the first row"
	}
	return fmt.Sprintf("after row %d", s.row)
}

// readRow reads the cells of the current <row> up to its end.
func (s *sheetReader) readRow() error {
	col := 0
	for {
		tok, err := s.d.Token()
		if err != nil {
			return s.d.wrap(eof(err), s.row, fmt.Sprintf("in row %d", s.row))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "c" {
				if err := s.d.skip(); err != nil {
					return s.d.wrap(eof(err), s.row, fmt.Sprintf("in row %d", s.row))
				}
				continue
			}
			c, err := s.cellColumn(attr(t, "r"), col+1)
			if err != nil {
				return err
			}
			col = c
			text, info, err := s.readCell(t, col)
			if err != nil {
				return err
			}
			if err := s.setCell(col, text, info); err != nil {
				return err
			}
		case xml.EndElement: // </row>
			return nil
		}
	}
}

// cellColumn is the column of a cell whose r attribute is ref, next its column when
// ref is empty (the one after the cell before).
func (s *sheetReader) cellColumn(ref string, next int) (int, error) {
	col := next
	if c, ok := plainCellColumn([]byte(ref)); ok {
		col = c
	} else if ref != "" {
		c, _, err := excelize.CellNameToCoordinates(ref)
		if err != nil {
			return 0, fmt.Errorf("cell reference %s in row %d is not a cell name", value.Quote(ref), s.row)
		}
		col = c
	}
	if col > maxCols {
		return 0, fmt.Errorf("row %d has a cell past the last column of a sheet (%d)", s.row, maxCols)
	}
	return col, nil
}

// plainCellColumn is the column of a cell name of the plain form A1 … XFD1048576
// (capital letters, a row number without leading zeros), as
// excelize.CellNameToCoordinates reads it; false for any other text.
func plainCellColumn(ref []byte) (int, bool) {
	i, col := 0, 0
	for i < len(ref) && i < 3 && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	if i == 0 || i == len(ref) || ref[i] == '0' || len(ref)-i > 7 || col > maxCols {
		return 0, false
	}
	row := 0
	for _, c := range ref[i:] {
		if c < '0' || c > '9' {
			return 0, false
		}
		row = row*10 + int(c-'0')
	}
	return col, row <= excelize.TotalRows
}

// setCell sets the cell of column col of the current row; a row that has it already
// is damaged (which of the two counts is anyone's guess).
func (s *sheetReader) setCell(col int, text string, info cellInfo) error {
	if s.width > 0 && col > s.width {
		// Past the header's columns: a row there is not padded to the cell (a cell in
		// column XFD made every row 16,384 cells), but text there still makes the row
		// one that is not blank, as one cell past the header's last (which a rejected
		// row's file leaves out, as it leaves out the cells past the header).
		if s.pastSeen == nil {
			s.pastSeen = make([]uint64, maxCols/64+1)
		}
		c := int32(col)
		if s.pastSeen[c>>6]&(1<<(c&63)) != 0 {
			return fmt.Errorf("cell %s is in row %d twice", cellName(col, s.row), s.row)
		}
		s.pastSeen[c>>6] |= 1 << (c & 63)
		s.past = append(s.past, c)
		if strings.TrimSpace(text) == "" || len(s.cells) > s.width { // blank, or the row has its one
			return nil
		}
		col, info = s.width+1, cellInfo{}
	}
	for len(s.cells) < col {
		s.cells, s.cols = append(s.cells, ""), append(s.cols, cellInfo{})
	}
	if s.cols[col-1].set {
		return fmt.Errorf("cell %s is in row %d twice", cellName(col, s.row), s.row)
	}
	info.set = true
	s.cells[col-1], s.cols[col-1] = text, info
	return nil
}

// cellInfo is the cellInfo of a cell of type typ and style st (its t and s attributes).
func (s *sheetReader) cellInfo(typ, st string, col int) (cellInfo, error) {
	info := cellInfo{number: typ == "" || typ == "n", date: typ == "d"}
	if st != "" {
		v, err := strconv.Atoi(st)
		if err != nil || v < 0 {
			return info, fmt.Errorf("cell %s: style %s is not a style number", cellName(col, s.row), value.Quote(st))
		}
		info.style = v
	}
	return info, nil
}

// cellText is the text of a cell of type typ whose <v> holds v and whose inline string
// is inline: a shared string looked up, an inline string unescaped, else v.
func (s *sheetReader) cellText(typ, v, inline string, col int) (string, error) {
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= s.sst.len() {
			return "", fmt.Errorf("cell %s refers to shared string %s; the workbook has %d",
				cellName(col, s.row), value.Quote(v), s.sst.len())
		}
		t := s.sst.at(i)
		return t, s.refs.add(s.row, col, len(t))
	case "inlineStr":
		return unescapeOOXML(inline), nil
	case "b": // what a spreadsheet shows: never the number 1 or 0
		switch strings.TrimSpace(v) {
		case "1":
			return "TRUE", nil
		case "0":
			return "FALSE", nil
		}
	}
	return v, nil
}

// readCell reads one <c> element: its value as text (shared strings looked up, inline
// strings joined, numbers as written) and its type and style.
func (s *sheetReader) readCell(start xml.StartElement, col int) (string, cellInfo, error) {
	typ := attr(start, "t")
	info, err := s.cellInfo(typ, attr(start, "s"), col)
	if err != nil {
		return "", info, err
	}
	var v, inline strings.Builder
	var in string // the element whose text is read: "v", "t" (of <is>), or ""
	depth, phonetic, values, size := 0, 0, 0, int64(0)
	for {
		tok, err := s.d.Token()
		if err != nil {
			return "", info, s.d.wrap(eof(err), s.row, "in cell "+cellName(col, s.row))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch t.Name.Local {
			case "v":
				if values++; values > 1 { // which one counts is anyone's guess
					return "", info, fmt.Errorf("cell %s has two values", cellName(col, s.row))
				}
				in = "v"
			case "t":
				if phonetic == 0 {
					in = "t"
				}
			case "rPh":
				phonetic++
			}
		case xml.EndElement:
			if depth == 0 { // </c>
				text, err := s.cellText(typ, v.String(), inline.String(), col)
				return text, info, err
			}
			depth--
			switch t.Name.Local {
			case "v", "t":
				in = ""
			case "rPh":
				phonetic--
			}
		case xml.CharData:
			if in == "" {
				continue
			}
			if size += int64(len(t)); size > s.d.max {
				return "", info, s.d.tooLong(s.row, "in cell "+cellName(col, s.row))
			}
			if in == "v" {
				v.Write(t)
			} else {
				inline.Write(t)
			}
		}
	}
}

// eof turns the end of the part inside an element into the error it is.
func eof(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

func cellName(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return fmt.Sprintf("R%dC%d", row, col)
	}
	return name
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// unescapeOOXML decodes the _xHHHH_ escapes of spreadsheet text (_x000D_ is a carriage
// return, _x005F_ an underscore), as spreadsheet programs show the text.
func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if v, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				b.WriteRune(rune(v))
				i += 7
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// boundedDecoder is an XML decoder that refuses a token (a text, a tag) longer than
// max bytes while it is being read, before the decoder holds more of it: its input
// checks, at each read, how far the decoder has gone since the end of the last token.
type boundedDecoder struct {
	d        *xml.Decoder
	g        *tokenGuard
	max      int64
	lineBase int // the part's line before the decoder's first (it reads the part from there)
}

type tokenGuard struct {
	r     io.Reader
	d     *xml.Decoder
	start int64 // the decoder's offset at the end of the last token
	max   int64
}

var errTokenTooLong = errors.New("token too long")

func (g *tokenGuard) Read(b []byte) (int, error) {
	if g.d.InputOffset()-g.start > g.max {
		return 0, errTokenTooLong
	}
	return g.r.Read(b)
}

func newBoundedDecoder(r io.Reader, max int64) *boundedDecoder {
	g := &tokenGuard{r: r, max: max}
	g.d = xml.NewDecoder(g)
	return &boundedDecoder{d: g.d, g: g, max: max}
}

// Token is xml.Decoder.Token (strict: elements nest, entities are XML's own).
func (d *boundedDecoder) Token() (xml.Token, error) {
	tok, err := d.d.Token()
	d.g.start = d.d.InputOffset()
	return tok, err
}

// skip reads past the end of the element just started.
func (d *boundedDecoder) skip() error {
	for depth := 1; depth > 0; {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// xmlProblem is an error of a part's XML: where, and why.
type xmlProblem struct {
	row   int    // the sheet row it stopped (0: not in a sheet)
	where string // "in row 20", "after row 19", "in cell B5"
	err   error
}

func (e *xmlProblem) Error() string { return e.err.Error() }
func (e *xmlProblem) Unwrap() error { return e.err }

// wrap makes err (of the decoder or of the part's reader) a located problem.
func (d *boundedDecoder) wrap(err error, row int, where string) error {
	var le Errors
	if errors.As(err, &le) { // the part's reader: past a limit, or damaged
		return le
	}
	if errors.Is(err, errTokenTooLong) {
		return d.tooLong(row, where)
	}
	var se *xml.SyntaxError
	if d.lineBase > 0 && errors.As(err, &se) {
		err = &xml.SyntaxError{Msg: se.Msg, Line: se.Line + d.lineBase}
	}
	return &xmlProblem{row: row, where: where, err: err}
}

// tooLong is the problem of a value longer than the row limit.
func (d *boundedDecoder) tooLong(row int, what string) error {
	return &limitProblem{row: row, where: what, max: d.max}
}

// limitProblem is a text past limits.row_size.
type limitProblem struct {
	row   int
	where string // "in cell B5", "in shared string 7"
	max   int64
}

func (e *limitProblem) Error() string {
	return fmt.Sprintf("more than %s of text %s (limits.row_size)", Size(e.max), e.where)
}
