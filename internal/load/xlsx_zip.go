package load

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"

	"github.com/pkgctl/pkgctl/internal/model"
)

// xlsxArchive is an XLSX file's ZIP archive whose central directory passed the limits:
// no part declares more than XLSXPartSize inflated (XLSXStringsSize for the shared
// strings), all together no more than XLSXTotalSize, and no part over ratioFloor more
// than XLSXRatio times its compressed size. Nothing is inflated to check this. A
// declared size can lie: archive/zip refuses to inflate a part past its declared size,
// and every part is read through a reader that stops at the limit all the same.
type xlsxArchive struct {
	file  string
	zr    *zip.Reader
	lim   Limits
	parts map[string]*zip.File // by lower-cased name
}

// sharedStringsPart is the usual name of the shared-strings part.
const sharedStringsPart = "xl/sharedstrings.xml"

// openArchive reads the central directory of an XLSX file and checks it against lim.
func openArchive(file string, data []byte, lim Limits) (*xlsxArchive, error) {
	src := model.Source{File: file}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fatal(src, "save it again as .xlsx (or export it as CSV)", "not a readable XLSX workbook: %v", err)
	}
	a := &xlsxArchive{file: file, zr: zr, lim: lim, parts: make(map[string]*zip.File, len(zr.File))}
	var total uint64
	for _, f := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		if _, twice := a.parts[name]; twice { // which one counts is anyone's guess
			return nil, fatal(src, "save it again as .xlsx (or export it as CSV)", "not a readable XLSX workbook: part %s is in it twice", f.Name)
		}
		a.parts[name] = f
		max, key := uint64(lim.XLSXPartSize), "xlsx_part_size"
		if name == sharedStringsPart {
			max, key = uint64(lim.XLSXStringsSize), "xlsx_strings_size"
		}
		size := f.UncompressedSize64
		if size > max {
			return nil, fatal(src, limitHint(key), "part %s inflates to %d bytes, more than the %s a part may (limits.%s)",
				f.Name, size, Size(int64(max)), key)
		}
		if total += size; total > uint64(lim.XLSXTotalSize) {
			return nil, fatal(src, limitHint("xlsx_total_size"), "the parts inflate to more than %s together (limits.xlsx_total_size)",
				Size(lim.XLSXTotalSize))
		}
		if size > ratioFloor && size/max1(f.CompressedSize64) > uint64(lim.XLSXRatio) {
			return nil, fatal(src, limitHint("xlsx_ratio"),
				"part %s inflates from %d to %d bytes, more than %d times its compressed size (limits.xlsx_ratio): an archive bomb, not an export",
				f.Name, f.CompressedSize64, size, lim.XLSXRatio)
		}
	}
	return a, nil
}

func max1(n uint64) uint64 { return max(n, 1) }

// part returns the part called name (case-insensitive), or nil.
func (a *xlsxArchive) part(name string) *zip.File {
	return a.parts[strings.ToLower(strings.TrimPrefix(name, "/"))]
}

// open opens a part for reading, bounded by its limit.
func (a *xlsxArchive) open(f *zip.File) (io.ReadCloser, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, a.damaged(f, err)
	}
	max, key := a.lim.XLSXPartSize, "xlsx_part_size"
	if strings.EqualFold(f.Name, sharedStringsPart) {
		max, key = a.lim.XLSXStringsSize, "xlsx_strings_size"
	}
	return &partReader{r: rc, a: a, f: f, left: max, key: key}, nil
}

// read inflates a whole (small) part.
func (a *xlsxArchive) read(f *zip.File) ([]byte, error) {
	rc, err := a.open(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// damaged is the problem of a part that cannot be inflated.
func (a *xlsxArchive) damaged(f *zip.File, err error) error {
	var le Errors
	if errors.As(err, &le) {
		return le
	}
	return fatal(model.Source{File: a.file}, "save it again as .xlsx (or export it as CSV)",
		"part %s cannot be read: %v", f.Name, err)
}

// partReader reads a part and stops with a located problem past left bytes (the limit
// named key).
type partReader struct {
	r    io.ReadCloser
	a    *xlsxArchive
	f    *zip.File
	left int64
	n    int64 // bytes read
	key  string
}

func (p *partReader) Read(b []byte) (int, error) {
	if int64(len(b)) > p.left+1 {
		b = b[:p.left+1]
	}
	n, err := p.r.Read(b)
	p.n += int64(n)
	if p.left -= int64(n); p.left < 0 {
		return n, fatal(model.Source{File: p.a.file}, limitHint(p.key),
			"part %s inflates to more than %s (limits.%s)", p.f.Name, Size(p.n-1), p.key)
	}
	if err != nil && err != io.EOF {
		err = p.a.damaged(p.f, err)
	}
	return n, err
}

func (p *partReader) Close() error { return p.r.Close() }
