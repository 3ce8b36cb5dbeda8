package report

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"regexp"
	"slices"
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
// sorted, docProps/core.xml is corePropsXML; every other entry
// is copied as is (same order, same compressed bytes). The parts of streamed sheets
// (by sheet name) are written now, row by row, at the fastest compression, on every
// core (parallelDeflate: they are most of the file), all of them where the first one
// stands and in the document's
// table order (a table may sum up the ones before it: why's Summary), and the workbook
// part, which names their filter ranges, after them.
func canonicalXLSX(w io.Writer, data []byte, streams map[string]*sheetStream, doc *Document) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	streamed := map[string]bool{} // zip entries of streamed sheets
	files := map[*sheetStream]*zip.File{}
	var list []*sheetStream // in table order
	if len(streams) > 0 {
		parts, err := sheetParts(zr)
		if err != nil {
			return err
		}
		byPart := map[string]*sheetStream{}
		for name, s := range streams {
			byPart[parts[name]] = s
			list = append(list, s)
		}
		slices.SortFunc(list, func(a, b *sheetStream) int { return a.index - b.index })
		for _, f := range zr.File {
			if s := byPart[f.Name]; s != nil {
				streamed[f.Name], files[s] = true, f
			}
		}
		if len(files) != len(list) {
			return errors.New("report: a streamed sheet has no part in the workbook excelize made")
		}
	}
	zw := zip.NewWriter(w)
	level := zipLevel
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		if level == flate.BestSpeed { // a streamed sheet: compressed on every core
			return newParallelDeflate(out), nil
		}
		return flate.NewWriter(out, level)
	})
	var workbook *zip.File // held back until the streamed sheets are written
	done := false          // the streamed sheets are written
	for _, f := range zr.File {
		switch {
		case streamed[f.Name] && !done:
			level = flate.BestSpeed
			for _, s := range list {
				if err = copyStreamed(zw, files[s], s, doc); err != nil {
					break
				}
			}
			level, done = zipLevel, true
			if err == nil && workbook != nil {
				err = copyWorkbook(zw, workbook, list)
			}
		case streamed[f.Name]:
		case f.Name == "xl/workbook.xml" && len(list) > 0 && !done:
			workbook = f
		case f.Name == "xl/workbook.xml" && len(list) > 0:
			err = copyWorkbook(zw, f, list)
		case f.Name == contentTypesPart:
			err = copyContentTypes(zw, f)
		case f.Name == corePart:
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

// zipLevel is archive/zip's own compression level (what the entries pkgctl rewrites
// were always compressed with).
const zipLevel = 5

// copyStreamed writes a streamed sheet's part, its rows made now.
func copyStreamed(zw *zip.Writer, f *zip.File, s *sheetStream, doc *Document) error {
	r, err := f.Open()
	if err != nil {
		return err
	}
	template, err := io.ReadAll(r)
	r.Close()
	if err != nil {
		return err
	}
	dst, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
	if err != nil {
		return err
	}
	return s.stream(dst, template, doc)
}

// copyWorkbook writes the workbook part with the streamed sheets' filter ranges.
func copyWorkbook(zw *zip.Writer, f *zip.File, streams []*sheetStream) error {
	r, err := f.Open()
	if err != nil {
		return err
	}
	body, err := io.ReadAll(r)
	r.Close()
	if err != nil {
		return err
	}
	dst, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
	if err != nil {
		return err
	}
	_, err = dst.Write(completeFilters(body, streams))
	return err
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
