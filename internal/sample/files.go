package sample

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// WriteFunc writes each of paths with what renders[i] writes, all or none: no path is
// touched unless every one is written.
type WriteFunc func(paths []string, renders []func(io.Writer) error) error

// WriteFiles writes the embedded sample into dir (created if need be) as packages.csv,
// usage.csv, packages.xlsx and usage.xlsx, all or none, and returns their paths in pairs
// (CSV, XLSX). A folder where a file goes, and unless force a file already there, are
// refused (a *UsageError) before anything is written.
func WriteFiles(dir string, force bool, write WriteFunc) ([][2]string, error) {
	var pairs [][2]string
	var paths []string
	var renders []func(io.Writer) error
	for _, f := range []struct {
		file  File
		sheet string
	}{{Packages(), "Packages"}, {Usage(), "Usage"}} {
		base := filepath.Join(dir, filepath.Base(f.file.Name))
		xlsx := base[:len(base)-len(filepath.Ext(base))] + ".xlsx"
		pairs = append(pairs, [2]string{base, xlsx})
		paths = append(paths, base, xlsx)
		renders = append(renders,
			func(w io.Writer) error { _, err := w.Write(f.file.Data); return err },
			func(w io.Writer) error { return WriteXLSX(w, f.file, f.sheet) })
	}
	if err := prepare(dir, paths, force); err != nil {
		return nil, err
	}
	if err := write(paths, renders); err != nil {
		return nil, err
	}
	return pairs, nil
}

// GenerateFiles writes Generate's exports into dir (created if need be) as
// packages.csv and usage.csv, all or none, in one pass: the packages go to a buffer
// while the usage streams into its file, then the packages file is written. Options it
// refuses, a folder where a file goes, and unless force a file already there, are a
// *UsageError, and create nothing.
func GenerateFiles(dir string, opt GenOptions, force bool, write WriteFunc) (pkgPath, usagePath string, err error) {
	g, err := newGen(opt)
	if err != nil {
		return "", "", err
	}
	pkgPath, usagePath = filepath.Join(dir, "packages.csv"), filepath.Join(dir, "usage.csv")
	if err := prepare(dir, []string{pkgPath, usagePath}, force); err != nil {
		return "", "", err
	}
	var pkgs bytes.Buffer
	if err := write([]string{usagePath, pkgPath}, []func(io.Writer) error{
		func(w io.Writer) error { return g.write(&pkgs, w) },
		func(w io.Writer) error { _, err := w.Write(pkgs.Bytes()); return err },
	}); err != nil {
		return "", "", err
	}
	return pkgPath, usagePath, nil
}

// prepare refuses a folder at any of paths, and unless force any of paths that exists
// (a user's own exports may carry these names), then creates dir if need be.
func prepare(dir string, paths []string, force bool) error {
	var there []string
	for _, path := range paths {
		info, err := os.Stat(path)
		if err == nil && info.IsDir() {
			return &UsageError{Msg: fmt.Sprintf("%s is a folder, where the sample writes the file %s", path, filepath.Base(path)),
				Hint: "remove or rename that folder, or write the sample into another folder"}
		}
		if _, err := os.Lstat(path); err == nil {
			there = append(there, path)
		}
	}
	if len(there) > 0 && !force {
		them := "it"
		if len(there) > 1 {
			them = "them"
		}
		return &UsageError{Msg: "refusing to overwrite " + strings.Join(there, ", "),
			Hint: fmt.Sprintf("pass --force to replace %s, or write the sample into another folder", them)}
	}
	return os.MkdirAll(dir, 0o755)
}
