package load

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

// xlsxBook is what pkgctl reads of a workbook besides its sheets' rows: the worksheets
// in workbook order with their parts, the 1904 date flag, and what each cell style's
// number format shows of a date serial (xlsx_styles.go).
type xlsxBook struct {
	a        *xlsxArchive
	sheets   []xlsxSheetRef
	date1904 bool
	kinds    []fmtKind // by style
	sst      *sstTable // the shared strings, read on first use
	sstRead  bool
}

// xlsxSheetRef is one worksheet: its name and its part.
type xlsxSheetRef struct {
	name string
	part *zip.File
}

// The relationship types pkgctl follows (transitional and strict OOXML).
var (
	relOfficeDoc = []string{"/officeDocument/2006/relationships/officeDocument", "/officeDocument"}
	relWorksheet = []string{"/officeDocument/2006/relationships/worksheet", "/worksheet"}
)

func relIs(typ string, kinds []string) bool {
	for _, k := range kinds {
		if strings.HasSuffix(typ, k) {
			return true
		}
	}
	return false
}

type xmlRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
		Mode   string `xml:"TargetMode,attr"`
	} `xml:"Relationship"`
}

type xmlWorkbook struct {
	XMLName xml.Name
	Pr      *struct {
		Date1904 string `xml:"date1904,attr"`
	} `xml:"workbookPr"`
	Sheets []struct {
		Name string `xml:"name,attr"`
		RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		RIDs string `xml:"http://purl.oclc.org/ooxml/officeDocument/relationships id,attr"`
	} `xml:"sheets>sheet"`
}

// openBook reads the workbook part of an archive.
func openBook(a *xlsxArchive) (*xlsxBook, error) {
	b := &xlsxBook{a: a}
	var root xmlRels
	if err := b.decode("_rels/.rels", &root); err != nil {
		return nil, err
	}
	wbPath := ""
	for _, r := range root.Rels {
		if relIs(r.Type, relOfficeDoc) {
			wbPath = strings.TrimPrefix(r.Target, "/")
		}
	}
	if wbPath == "" || a.part(wbPath) == nil {
		return nil, fatal(model.Source{File: a.file}, "save it again as .xlsx (or export it as CSV)",
			"not a readable XLSX workbook: it has no workbook part")
	}
	var wb xmlWorkbook
	if err := b.decode(wbPath, &wb); err != nil {
		return nil, err
	}
	if n := wb.XMLName; n.Local != "workbook" || n.Space != nsSpreadsheet && n.Space != nsSpreadsheetStrict {
		return nil, fatal(model.Source{File: a.file}, "save it again as .xlsx (or export it as CSV)",
			"part %s is not a workbook part: its root element is <%s> in namespace %s, not SpreadsheetML's <workbook>",
			a.part(wbPath).Name, n.Local, value.Quote(n.Space))
	}
	if wb.Pr != nil {
		// An XML boolean; any other value stops the file, as it did when excelize
		// read the workbook too, rather than dates read 4 years off.
		switch v := strings.TrimSpace(wb.Pr.Date1904); {
		case v == "1" || strings.EqualFold(v, "true"):
			b.date1904 = true
		case v != "" && v != "0" && !strings.EqualFold(v, "false"):
			return nil, fatal(model.Source{File: a.file}, "save it again as .xlsx (or export it as CSV)",
				"part %s: date1904 is %s, not true or false", a.part(wbPath).Name, value.Quote(wb.Pr.Date1904))
		}
	}
	relsPath := path.Join(path.Dir(wbPath), "_rels", path.Base(wbPath)+".rels")
	var rels xmlRels
	if a.part(relsPath) != nil {
		if err := b.decode(relsPath, &rels); err != nil {
			return nil, err
		}
	}
	// A sheet's part is that of the first internal worksheet relationship of its Id
	// whose part is in the archive (looked up by Id: a workbook of 40,000 sheets took
	// 10 s comparing every sheet with every relationship).
	parts := make(map[string]*zip.File, len(rels.Rels))
	var styles *zip.File
	for _, r := range rels.Rels {
		if strings.EqualFold(r.Mode, "External") {
			continue
		}
		target := strings.TrimPrefix(r.Target, "/")
		if !strings.HasPrefix(r.Target, "/") {
			target = path.Join(path.Dir(wbPath), r.Target)
		}
		switch {
		case relIs(r.Type, relWorksheet):
			if parts[r.ID] == nil {
				parts[r.ID] = a.part(target)
			}
		case relIs(r.Type, relStyles) && styles == nil:
			styles = a.part(target)
		}
	}
	for _, s := range wb.Sheets {
		if p := parts[s.RID+s.RIDs]; p != nil {
			b.sheets = append(b.sheets, xlsxSheetRef{name: s.Name, part: p})
		}
	}
	if styles == nil {
		styles = a.part(stylesPart)
	}
	if err := b.readStyles(styles); err != nil {
		return nil, err
	}
	return b, nil
}

// decode reads a small XML part into v.
func (b *xlsxBook) decode(name string, v any) error {
	p := b.a.part(name)
	if p == nil {
		return fatal(model.Source{File: b.a.file}, "save it again as .xlsx (or export it as CSV)",
			"not a readable XLSX workbook: part %s is missing", name)
	}
	data, err := b.a.read(p)
	if err != nil {
		return err
	}
	if err := xml.Unmarshal(data, v); err != nil {
		return fatal(model.Source{File: b.a.file}, "save it again as .xlsx (or export it as CSV)",
			"part %s is not valid XML: %v", p.Name, err)
	}
	return nil
}

// sharedStrings reads the shared-strings part (nil when there is none), once.
func (b *xlsxBook) sharedStrings() (*sstTable, error) {
	if b.sstRead {
		return b.sst, nil
	}
	b.sstRead = true
	p := b.a.part(sharedStringsPart)
	if p == nil {
		return nil, nil
	}
	rc, err := b.a.open(p)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	sst, err := readSharedStrings(rc, b.a.lim.RowSize, b.a.lim.XLSXStringsSize)
	if err != nil {
		return nil, located(err, model.Source{File: b.a.file}, "the shared strings (part "+p.Name+")")
	}
	b.sst = sst
	return sst, nil
}

// readSharedStrings reads the text of every <si> of a shared-strings part, in order:
// its <t> texts, rich-text runs joined, phonetic runs (<rPh>) left out. The <si> of a
// plainly written part are read from its bytes (xlsx_fast.go), the rest by encoding/xml.
// The strings may take maxHeld bytes to hold (add).
func readSharedStrings(r io.Reader, maxToken, maxHeld int64) (*sstTable, error) {
	x := &sstReader{max: maxToken, maxHeld: maxHeld}
	x.d, x.src = newPartDecoder(r, maxToken)
	for {
		tok, err := x.d.Token()
		if err == io.EOF {
			return &x.out, nil
		}
		if err != nil {
			return nil, x.d.wrap(err, 0, fmt.Sprintf("after shared string %d", x.out.n))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			x.depth++
			switch t.Name.Local {
			case "si":
				x.inSI, x.cellTokens = true, 0
				x.sb.Reset()
			case "t":
				x.inT = x.inSI && x.phonetic == 0
			case "rPh":
				x.phonetic++
			case "sst":
				if x.src != nil && x.startFast() {
					if err := x.fastItems(); err != nil {
						return nil, err
					}
				}
			}
		case xml.EndElement:
			x.depth--
			switch t.Name.Local {
			case "si":
				x.inSI = false
				if err := x.add(unescapeOOXML(x.sb.String())); err != nil {
					return nil, err
				}
			case "t":
				x.inT = false
			case "rPh":
				x.phonetic--
			}
		case xml.CharData:
			if x.inT {
				if x.cellTokens += int64(len(t)); x.cellTokens > maxToken {
					return nil, x.d.tooLong(0, fmt.Sprintf("in shared string %d", x.out.n))
				}
				x.sb.Write(t)
			}
		}
	}
}

// sstReader is what readSharedStrings keeps as it reads.
type sstReader struct {
	d          *boundedDecoder
	src        *sheetSource // the part's bytes, until the strings are read from them
	fast       *sheetSource // the strings are read from these bytes (fastItems)
	max        int64
	out        sstTable
	held       int64 // what out takes (add)
	maxHeld    int64
	sb         strings.Builder
	inSI, inT  bool
	phonetic   int
	cellTokens int64
	depth      int // elements open
}

// stringHeader is what a string takes to hold besides its text (its pointer and
// length): an item of no text, <si/> in 5 bytes of XML, takes 16 bytes of memory.
const stringHeader = 16

// add keeps the next string, or refuses it when the strings would then take more than
// maxHeld bytes to hold: the limit on the part's XML alone would let a part of empty
// items (<si/>, 5 bytes) take three times its size.
func (x *sstReader) add(s string) error {
	if x.held += stringHeader + int64(len(s)); x.held > x.maxHeld {
		return &heldProblem{n: x.out.n + 1, max: x.maxHeld}
	}
	x.out.add(s)
	return nil
}

// sstTable is a workbook's shared strings, kept in blocks of sstBlock that are never
// copied as more are added: the strings are held at their size (add's count), never
// again with the copies a growing slice leaves behind.
type sstTable struct {
	blocks [][]string
	n      int
	size   int64 // the strings' bytes
}

const sstBlock = 1 << 12

// len is the number of strings (of none for nil: a workbook without shared strings).
func (t *sstTable) len() int {
	if t == nil {
		return 0
	}
	return t.n
}

// at is string i, for i < len().
func (t *sstTable) at(i int) string { return t.blocks[i/sstBlock][i%sstBlock] }

func (t *sstTable) add(s string) {
	if t.n%sstBlock == 0 {
		t.blocks = append(t.blocks, make([]string, 0, sstBlock))
	}
	b := &t.blocks[len(t.blocks)-1]
	*b = append(*b, s)
	t.n++
	t.size += int64(len(s))
}

// heldProblem is shared strings past limits.xlsx_strings_size in memory.
type heldProblem struct {
	n   int // the strings up to the one past the limit
	max int64
}

func (e *heldProblem) Error() string {
	return fmt.Sprintf("its first %d strings take more than %s to hold, %d bytes each besides their text (limits.xlsx_strings_size)",
		e.n, Size(e.max), stringHeader)
}
