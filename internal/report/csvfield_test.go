package report

import (
	"bytes"
	"encoding/csv"
	"testing"
)

// TestCSVFieldsAsEncodingCSV: the appending writer quotes exactly like encoding/csv.
func TestCSVFieldsAsEncodingCSV(t *testing.T) {
	fields := []string{"", "plain", "a,b", `say "hi"`, "two\nlines", "cr\rhere", " lead", "\tlead",
		`\.`, "trail ", "中文,逗号", "\u00a0nbsp", "=1+1", "k=v;k2=v2"}
	for _, f := range fields {
		var want bytes.Buffer
		cw := csv.NewWriter(&want)
		if err := cw.Write([]string{"x", f}); err != nil {
			t.Fatal(err)
		}
		cw.Flush()
		got := append(appendCSVField(appendCSVField(nil, 0, "x"), 1, f), '\n')
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("field %q: got %q, want %q", f, got, want.Bytes())
		}
	}
}

// FuzzCSVField checks the same on arbitrary fields.
func FuzzCSVField(f *testing.F) {
	f.Add("a,b")
	f.Add("\"")
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		cw := csv.NewWriter(&want)
		if err := cw.Write([]string{s}); err != nil {
			return // encoding/csv refuses some inputs (invalid delimiters); not ours
		}
		cw.Flush()
		if got := append(appendCSVField(nil, 0, s), '\n'); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("field %q: got %q, want %q", s, got, want.Bytes())
		}
	})
}
