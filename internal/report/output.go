package report

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"golang.org/x/term"
)

// Output is where a rendered document goes: the file Path, written atomically and
// never over one of Inputs (WriteFile), or Stdout when Path is "". BOM starts a CSV file
// with a UTF-8 byte order mark, which Excel needs to read UTF-8 (it reads a file
// without one in the system's ANSI code page, and Chinese names come out garbled).
type Output struct {
	Path   string
	Inputs []string
	BOM    bool
	Stdout io.Writer
}

// utf8BOM is the UTF-8 byte order mark.
const utf8BOM = "\ufeff"

// Write renders doc in format f. A file is written whole or not at all. Stdout gets the
// output as it is rendered: a listing of any length is never held. Everything that
// makes input bad is found before the first byte (rules.md §4.1), so a failure past it
// is a failure to write (a closed pipe), which leaves what was written.
func (o Output) Write(doc *Document, f Format) error {
	p, err := o.Prepare(doc, f)
	if err != nil {
		return err
	}
	return p.Commit()
}

// Prepare is Write with a file left to commit (report.Prepare), so that it is put in
// place with the outputs written after it (CommitAll); stdout is written at once (the
// Pending is nil).
func (o Output) Prepare(doc *Document, f Format) (*Pending, error) {
	render := func(w io.Writer) error { return Render(w, doc, f) }
	if o.Path != "" {
		return Prepare(o.Path, o.Inputs, func(w io.Writer) error {
			if err := WriteBOM(w, f == FormatCSV && o.BOM); err != nil {
				return err
			}
			return render(w)
		})
	}
	bw := bufio.NewWriterSize(o.Stdout, 1<<16)
	if err := render(bw); err != nil {
		return nil, err
	}
	return nil, bw.Flush()
}

// WriteBOM starts w with the UTF-8 byte order mark when bom is set (see Output).
func WriteBOM(w io.Writer, bom bool) error {
	if !bom {
		return nil
	}
	_, err := io.WriteString(w, utf8BOM)
	return err
}

// UsageError is a choice of output that cannot be made (a format, an --out file): bad
// usage, with a hint.
type UsageError struct {
	Msg, Hint string
}

func (e *UsageError) Error() string { return e.Msg }

// UsageHint is the hint; the method marks the error as bad usage (exit 2).
func (e *UsageError) UsageHint() string { return e.Hint }

// ChooseFormat is the format to render (rules.md §4.1): name (--format), else the
// extension of out, else configured, else table. xlsx and parquet need a file; focus
// only when allowed. out must name a file in a folder that exists.
func ChooseFormat(name, out, configured string, allowFocus bool) (Format, error) {
	if name == "" && out != "" {
		f, ok := FormatFromPath(out)
		if !ok && configured == "" {
			return "", &UsageError{Msg: fmt.Sprintf("--out %s: the file's extension names no output format", out),
				Hint: "end the name in .csv, .json, .xlsx, .parquet, .md or .txt (table), or add --format"}
		}
		name = string(f)
	}
	if name == "" {
		name = configured
	}
	if name == "" {
		name = "table"
	}
	f, err := ParseFormat(name)
	if err != nil {
		return "", &UsageError{Msg: err.Error(), Hint: "use table, csv, json, xlsx, markdown or parquet (amortize also focus)"}
	}
	switch {
	case f == FormatFocus && !allowFocus:
		return "", &UsageError{Msg: "format focus is only for amortize"}
	case f == FormatXLSX && out == "":
		return "", &UsageError{Msg: "xlsx output needs --out FILE", Hint: "add --out report.xlsx"}
	case f == FormatParquet && out == "":
		return "", &UsageError{Msg: "parquet output needs --out FILE", Hint: "add --out report.parquet"}
	}
	if err := checkOutPath(out); err != nil {
		return "", err
	}
	return f, nil
}

// checkOutPath refuses, before any work, an --out that cannot be written (CheckPath): a
// folder, or a file in a folder that does not exist.
func checkOutPath(path string) error {
	return CheckPath("--out", path, false)
}

// CheckPath refuses (a *UsageError), before anything is written, an output path what
// (--out, --junit, a rejected rows' file) that cannot be written: a folder, or a file
// whose folder is a file. Its folder must exist, unless makeFolder (WriteJUnit creates
// it): then the nearest part of it that exists must be a folder. A stream (IsStream) is
// always writable.
func CheckPath(what, path string, makeFolder bool) error {
	if path == "" || IsStream(path) {
		return nil
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() || endsAsFolder(path) {
		return &UsageError{Msg: fmt.Sprintf("%s %s is a folder; name a file", what, path)}
	}
	target, err := linkTarget(path) // the file written: where a link points
	if err != nil {
		return err
	}
	for dir := filepath.Dir(target); ; dir = filepath.Dir(dir) {
		st, err := os.Stat(dir)
		if err == nil {
			if st.IsDir() {
				return nil
			}
			return &UsageError{Msg: fmt.Sprintf("%s %s: %s is a file, not a folder", what, path, dir)}
		}
		// dir is missing, or a part of it is a file (ENOTDIR): the part that exists says which
		if !makeFolder && !errors.Is(err, syscall.ENOTDIR) || filepath.Dir(dir) == dir {
			return &UsageError{Msg: fmt.Sprintf("%s %s: folder %s does not exist", what, path, dir), Hint: "create the folder first"}
		}
	}
}

// endsAsFolder reports whether path can only name a folder, whether or not it exists:
// it ends in a separator (reports/), or in . or ...
func endsAsFolder(path string) bool {
	if strings.HasSuffix(path, "/") || os.PathSeparator != '/' && strings.HasSuffix(path, string(os.PathSeparator)) {
		return true
	}
	base := filepath.Base(path)
	return base == "." || base == ".."
}

// TerminalWidth is the width of the terminal w is, or 0 when w is a file or a pipe
// (where tables print at full width); 80 when a terminal does not tell.
func TerminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	if n, _, err := term.GetSize(int(f.Fd())); err == nil && n > 0 {
		return n
	}
	return 80
}
