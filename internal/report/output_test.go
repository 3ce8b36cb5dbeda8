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
