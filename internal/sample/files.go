package sample

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
)

// WriteFunc writes the file at path with what fn writes, whole or not at all.
type WriteFunc func(path string, fn func(io.Writer) error) error

// WriteFiles writes the embedded sample into dir (created if need be) as packages.csv,
// usage.csv, packages.xlsx and usage.xlsx, and returns their paths in pairs (CSV, XLSX).
func WriteFiles(dir string, write WriteFunc) ([][2]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var written [][2]string
	for _, f := range []struct {
		file  File
		sheet string
	}{{Packages(), "Packages"}, {Usage(), "Usage"}} {
		base := filepath.Join(dir, filepath.Base(f.file.Name))
		if err := write(base, func(w io.Writer) error { _, err := w.Write(f.file.Data); return err }); err != nil {
			return written, err
		}
		xlsx := base[:len(base)-len(filepath.Ext(base))] + ".xlsx"
		if err := write(xlsx, func(w io.Writer) error { return WriteXLSX(w, f.file, f.sheet) }); err != nil {
			return written, err
		}
		written = append(written, [2]string{base, xlsx})
	}
	return written, nil
}

// GenerateFiles writes Generate's exports into dir (created if need be) as
// packages.csv and usage.csv, in one pass: the packages go to a buffer while the usage
// streams into its file, then the packages file is written. Options it refuses (an
// *UsageError) create nothing.
func GenerateFiles(dir string, opt GenOptions, write WriteFunc) (pkgPath, usagePath string, err error) {
	g, err := newGen(opt)
	if err != nil {
		return "", "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", err
	}
	pkgPath, usagePath = filepath.Join(dir, "packages.csv"), filepath.Join(dir, "usage.csv")
	var pkgs bytes.Buffer
	if err := write(usagePath, func(w io.Writer) error { return g.write(&pkgs, w) }); err != nil {
		return "", "", err
	}
	if err := write(pkgPath, func(w io.Writer) error { _, err := w.Write(pkgs.Bytes()); return err }); err != nil {
		return "", "", err
	}
	return pkgPath, usagePath, nil
}
