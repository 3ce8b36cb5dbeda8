package report

import (
	"errors"
	"path/filepath"
	"testing"
)

// ChooseFormat: --format, else --out's extension, else the configured format, else
// table; xlsx and parquet need a file, focus only where allowed, --out a file in a
// folder that exists; each refusal is a usage error with a hint where one helps.
func TestChooseFormat(t *testing.T) {
	dir := t.TempDir()
	in := func(name string) string { return filepath.Join(dir, name) }
	for _, c := range []struct {
		name, out, configured string
		focus                 bool
		want                  Format
		bad                   bool
	}{
		{"", "", "", false, FormatTable, false},
		{"csv", in("x.json"), "", false, FormatCSV, false},
		{"", in("x.json"), "csv", false, FormatJSON, false},
		{"", in("x.dat"), "csv", false, FormatCSV, false},
		{"", "", "markdown", false, FormatMarkdown, false},
		{"", in("x.dat"), "", false, "", true},
		{"xlsx", "", "", false, "", true},
		{"parquet", "", "", false, "", true},
		{"focus", in("f.csv"), "", false, "", true},
		{"focus", in("f.csv"), "", true, FormatFocus, false},
		{"yaml", "", "", false, "", true},
		{"", dir, "", false, "", true},
		{"", filepath.Join(dir, "missing", "x.csv"), "", false, "", true},
	} {
		got, err := ChooseFormat(c.name, c.out, c.configured, c.focus)
		var u *UsageError
		if c.bad != (err != nil) || (err != nil && !errors.As(err, &u)) || got != c.want {
			t.Errorf("ChooseFormat(%q, %q, %q, %v) = %q, %v; want %q, bad=%v", c.name, c.out, c.configured, c.focus, got, err, c.want, c.bad)
		}
	}
}

// countingWriter counts the bytes written to it.
type countingWriter struct{ n int }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

// Stdout gets a listing as it is rendered, in every text format: by the time its last
// row is made (printed), most of the rows before it have been written (the listing is never
// held whole).
func TestOutputStdoutStreams(t *testing.T) {
	const n = 200000
	for _, f := range []Format{FormatCSV, FormatJSON, FormatMarkdown, FormatTable} {
		w := &countingWriter{}
		seen := -1
		tb := &Table{Name: "Rows", N: n, Columns: []Column{{Key: "id", Kind: KindText}, {Key: "n", Kind: KindInt}},
			Row: func(i int, row []Cell) []Cell {
				if i == n-1 { // the text table makes its rows twice: measured, then printed
					seen = w.n
				}
				return append(row, Text("row-of-some-length"), Int(int64(i)))
			}}
		doc := &Document{Tables: []*Table{tb}}
		doc.JSON = Object{{Key: "rows", Value: doc.RowObjects(tb)}}
		if err := (Output{Stdout: w}).Write(doc, f); err != nil {
			t.Fatal(err)
		}
		if seen < w.n/2 {
			t.Errorf("%s: %d of %d bytes written when the last row was made: want most", f, seen, w.n)
		}
	}
}
