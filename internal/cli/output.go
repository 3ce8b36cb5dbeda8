package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/pkgctl/pkgctl/internal/report"
)

// outputFormat is the format to render: --format, else the --out extension, else the
// configured format (PKGCTL_FORMAT or the file's), else table.
func (g *GlobalOptions) outputFormat(allowFocus bool) (report.Format, error) {
	name := g.Format
	if name == "" && g.Out != "" {
		f, ok := report.FormatFromPath(g.Out)
		if !ok && g.Config.Format == "" {
			return "", &usageError{msg: fmt.Sprintf("--out %s: the file's extension names no output format", g.Out),
				hint: "end the name in .csv, .json, .xlsx, .md or .txt (table), or add --format"}
		}
		name = string(f)
	}
	if name == "" {
		name = g.Config.Format
	}
	if name == "" {
		name = "table"
	}
	f, err := report.ParseFormat(name)
	if err != nil {
		return "", &usageError{msg: err.Error(), hint: "use table, csv, json, xlsx or markdown"}
	}
	if f == report.FormatFocus && !allowFocus {
		return "", usageErrorf("format focus is only for amortize")
	}
	if f == report.FormatXLSX && g.Out == "" {
		return "", &usageError{msg: "xlsx output needs --out FILE", hint: "add --out report.xlsx"}
	}
	return f, checkOutPath(g.Out)
}

// checkOutPath refuses, before any work, an --out that cannot be written: a folder, or a
// file in a folder that does not exist.
func checkOutPath(path string) error {
	if path == "" {
		return nil
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return usageErrorf("--out %s is a folder; name a file", path)
	}
	if dir := filepath.Dir(path); dir != "." {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return &usageError{msg: fmt.Sprintf("--out %s: folder %s does not exist", path, dir),
				hint: "create the folder first"}
		}
	}
	return nil
}

// emit renders doc in the chosen format to --out (atomically) or to stdout (fully
// rendered first, so a failure writes nothing).
func (g *GlobalOptions) emit(doc *report.Document, f report.Format, inputs []string) error {
	render := func(w io.Writer) error { return report.Render(w, doc, f) }
	if g.Out != "" {
		return writeFileAtomic(g.Out, inputs, render)
	}
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return err
	}
	_, err := g.IO.Out.Write(buf.Bytes())
	return err
}

// emitStream renders doc as emit does, but to stdout as it is rendered: a listing of
// any length is never held. Nothing is checked while rendering that bad input could
// fail (the inputs were read and replayed before), so a failure past the first bytes is
// a failure to write (a closed pipe), which leaves what was written.
func (g *GlobalOptions) emitStream(doc *report.Document, f report.Format, inputs []string) error {
	render := func(w io.Writer) error { return report.Render(w, doc, f) }
	if g.Out != "" {
		return writeFileAtomic(g.Out, inputs, render)
	}
	bw := bufio.NewWriterSize(g.IO.Out, 1<<16)
	if err := render(bw); err != nil {
		return err
	}
	return bw.Flush()
}

func writeFileAtomic(path string, inputs []string, render func(io.Writer) error) error {
	return report.WriteFile(path, inputs, render)
}

// newDoc starts a document in the configured zone and precision.
func (g *GlobalOptions) newDoc(tables ...*report.Table) *report.Document {
	return &report.Document{Tables: tables, Precision: g.Config.Precision, Location: g.Loc}
}
