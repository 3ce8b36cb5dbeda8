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

// canonicalXLSX rewrites an excelize workbook so that equal documents give equal
// bytes: the <Default> elements of [Content_Types].xml are sorted; every other entry
// is copied as is (same order, same compressed bytes).
func canonicalXLSX(w io.Writer, data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, f := range zr.File {
		if f.Name == contentTypesPart {
			err = copyContentTypes(zw, f)
		} else {
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
	dst, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
	if err != nil {
		return err
	}
	_, err = dst.Write(body)
	return err
}
