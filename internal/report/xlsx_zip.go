package report

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"sort"
)

// contentTypesPart is the zip entry whose <Default> order excelize leaves to map
// iteration when a chart is added.
const contentTypesPart = "[Content_Types].xml"

var defaultElem = regexp.MustCompile(`<Default [^>]*></Default>|<Default [^>]*/>`)

// corePart is the document properties part; corePropsXML is what pkgctl writes there.
// The elements are prefixed (cp:coreProperties), as Excel writes them: ExcelJS and other
// streaming readers refuse excelize's default-namespace form. No created or modified
// date: the same inputs must give the same bytes, and a fixed date would be false.
const (
	corePart     = "docProps/core.xml"
	corePropsXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:creator>pkgctl</dc:creator><cp:lastModifiedBy>pkgctl</cp:lastModifiedBy></cp:coreProperties>`
)

// canonicalXLSX rewrites an excelize workbook so that equal documents give equal
// bytes and other readers accept it: the <Default> elements of [Content_Types].xml are
// sorted, docProps/core.xml is corePropsXML; every other entry is copied as is (same
// order, same compressed bytes).
func canonicalXLSX(w io.Writer, data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, f := range zr.File {
		switch f.Name {
		case contentTypesPart:
			err = copyContentTypes(zw, f)
		case corePart:
			err = writePart(zw, f.Name, []byte(corePropsXML))
		default:
			err = copyRaw(zw, f)
		}
		if err != nil {
			return err
		}
	}
	return zw.Close()
}

// copyRaw copies a zip entry without recompressing it.
func copyRaw(zw *zip.Writer, f *zip.File) error {
	r, err := f.OpenRaw()
	if err != nil {
		return err
	}
	dst, err := zw.CreateRaw(&f.FileHeader)
	if err != nil {
		return err
	}
	_, err = io.Copy(dst, r)
	return err
}

// copyContentTypes writes the content-types entry with its <Default> elements sorted.
func copyContentTypes(zw *zip.Writer, f *zip.File) error {
	r, err := f.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	body, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	locs := defaultElem.FindAllIndex(body, -1)
	if len(locs) > 1 {
		elems := make([]string, len(locs))
		for i, l := range locs {
			elems[i] = string(body[l[0]:l[1]])
		}
		sort.Strings(elems)
		var out bytes.Buffer
		prev := 0
		for i, l := range locs {
			out.Write(body[prev:l[0]])
			out.WriteString(elems[i])
			prev = l[1]
		}
		out.Write(body[prev:])
		body = out.Bytes()
	}
	return writePart(zw, f.Name, body)
}

// writePart adds a deflated entry.
func writePart(zw *zip.Writer, name string, body []byte) error {
	dst, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
	if err != nil {
		return err
	}
	_, err = dst.Write(body)
	return err
}
