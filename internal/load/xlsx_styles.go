package load

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/transform"
)

// relStyles is the relationship type of the styles part (transitional and strict).
var relStyles = []string{"/officeDocument/2006/relationships/styles", "/styles"}

// stylesPart is where the styles are when the workbook's relationships name none.
const stylesPart = "xl/styles.xml"

// The namespaces a styles part's root may be in (transitional and strict).
const (
	nsSpreadsheet       = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsSpreadsheetStrict = "http://purl.oclc.org/ooxml/spreadsheetml/main"
)

// readStyles reads, from the styles part p (nil: none, every style a plain number),
// what each cell style's number format shows of a date serial, into kinds. It reads
// what excelize v2.11's GetStyle read before it, in one pass: the numFmtId of each
// <xf> of <cellXfs> (none: 0, General) and the formatCode of each <numFmt> of
// <numFmts> (of one id given twice, the last). A built-in id (excelBuiltinFmt) is
// classified as built in, a <numFmt> of its id ignored; any other id by its
// <numFmt>'s code, and as a plain number when it has none. Each code is classified
// once, however many styles use it. The part is read as excelize decoded it: one
// root, <styleSheet> in either namespace, read up to its end (nothing after it); an
// XML error in it, or an id that is not a whole number, stops the file; a part of no
// element is no styles; an encoding other than UTF-8 that the XML declaration names
// is decoded.
func (b *xlsxBook) readStyles(p *zip.File) error {
	if p == nil {
		return nil
	}
	rc, err := b.a.open(p)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	d.CharsetReader = xmlCharset
	codes := map[int]string{}
	var ids []int // by style
	depth, in := 0, ""
	for done := false; !done; {
		tok, err := d.Token()
		if err == io.EOF && depth == 0 {
			break // no root element
		}
		if err != nil {
			return b.stylesProblem(p, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 1:
				if t.Name.Local != "styleSheet" || t.Name.Space != nsSpreadsheet && t.Name.Space != nsSpreadsheetStrict {
					return fatal(model.Source{File: b.a.file}, "save it again as .xlsx (or export it as CSV)",
						"part %s is not a styles part: its root element is <%s> in namespace %s, not SpreadsheetML's <styleSheet>",
						p.Name, t.Name.Local, value.Quote(t.Name.Space))
				}
			case depth == 2:
				in = t.Name.Local
			case depth == 3 && in == "numFmts" && t.Name.Local == "numFmt":
				var f struct {
					ID   int    `xml:"numFmtId,attr"`
					Code string `xml:"formatCode,attr"`
				}
				if err := d.DecodeElement(&f, &t); err != nil {
					return b.stylesProblem(p, err)
				}
				depth--
				codes[f.ID] = f.Code
			case depth == 3 && in == "cellXfs" && t.Name.Local == "xf":
				var xf struct {
					ID int `xml:"numFmtId,attr"` // none: 0
				}
				if err := d.DecodeElement(&xf, &t); err != nil {
					return b.stylesProblem(p, err)
				}
				depth--
				ids = append(ids, xf.ID)
			}
		case xml.EndElement:
			depth--
			done = depth == 0
		}
	}
	b.kinds = make([]fmtKind, len(ids))
	custom := map[int]fmtKind{} // by id, of the codes classified
	for i, id := range ids {
		switch code, ok := codes[id]; {
		case excelBuiltinFmt(id):
			b.kinds[i] = builtinFmtKind(id)
		case !ok:
			b.kinds[i] = fmtNumber
		default:
			k, seen := custom[id]
			if !seen {
				k = customFmtKind(code)
				custom[id] = k
			}
			b.kinds[i] = k
		}
	}
	return nil
}

// excelBuiltinFmt says whether a number format id is one excelize knows as built in
// (its builtInNumFmt and isLangNumFmt): 0–4, 9–22, 27–62 and 67–81.
func excelBuiltinFmt(id int) bool {
	return id >= 0 && id <= 4 || id >= 9 && id <= 22 || id >= 27 && id <= 62 || id >= 67 && id <= 81
}

// stylesProblem is the fatal problem of a styles part that cannot be read; a problem
// the part's reader found (a limit, a damaged archive) is returned as it is.
func (b *xlsxBook) stylesProblem(p *zip.File, err error) error {
	var le Errors
	if errors.As(err, &le) {
		return le
	}
	return fatal(model.Source{File: b.a.file}, "save it again as .xlsx (or export it as CSV)",
		"part %s is not valid XML: %v", p.Name, err)
}

// xmlCharset decodes an XML part in the encoding its declaration names (a WHATWG
// label), as excelize's default charset reader does.
func xmlCharset(label string, r io.Reader) (io.Reader, error) {
	e, err := htmlindex.Get(label)
	if err != nil {
		return nil, fmt.Errorf("unsupported charset: %q", label)
	}
	return transform.NewReader(r, e.NewDecoder()), nil
}

// kind is what the number format of a style shows of a date serial. A style the
// styles part does not have is a plain number.
func (b *xlsxBook) kind(style int) fmtKind {
	if style < 0 || style >= len(b.kinds) {
		return fmtNumber
	}
	return b.kinds[style]
}
