package report

import (
	"bufio"
	"bytes"
	"io"
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

// Write renders doc in format f. A file is written whole or not at all. On stdout the
// output is streamed as it is rendered when stream is set (a listing of any length is
// never held; a failure past the first bytes is a failure to write, which leaves what
// was written), and otherwise rendered whole first, so that a failure writes nothing.
func (o Output) Write(doc *Document, f Format, stream bool) error {
	render := func(w io.Writer) error { return Render(w, doc, f) }
	if o.Path != "" {
		if f == FormatCSV && o.BOM {
			return WriteFile(o.Path, o.Inputs, func(w io.Writer) error {
				if _, err := io.WriteString(w, utf8BOM); err != nil {
					return err
				}
				return render(w)
			})
		}
		return WriteFile(o.Path, o.Inputs, render)
	}
	if stream {
		bw := bufio.NewWriterSize(o.Stdout, 1<<16)
		if err := render(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return err
	}
	_, err := o.Stdout.Write(buf.Bytes())
	return err
}

// WriteBOM starts w with the UTF-8 byte order mark when bom is set (see Output).
func WriteBOM(w io.Writer, bom bool) error {
	if !bom {
		return nil
	}
	_, err := io.WriteString(w, utf8BOM)
	return err
}
