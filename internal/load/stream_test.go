package load

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/model"
)

// TestLineContinues: a record goes on past a line exactly when a quoted field is open
// at its end; a malformed quote ends the record with its line, as encoding/csv does.
func TestLineContinues(t *testing.T) {
	cases := []struct {
		line    string
		inQuote bool
		want    bool
	}{
		{"a,b,c\n", false, false},
		{"a,\"b\n", false, true},
		{"a,\"b\"\"\n", false, true},    // an escaped quote, still open
		{"a,\"b\"\"\"\n", false, false}, // escaped quote, then closed
		{"a,\"b\",\"c\n", false, true},
		{"a,b\"c,\"d\n", false, false},   // a bare quote: an error ends the record
		{"a,\"b\"x,\"c\n", false, false}, // a quote then text: an error
		{"\"\"\n", false, false},
		{"\"\r\n", false, true},
		{"\"a\"\r\n", false, false},
		{"end\",x\n", true, false},
		{"more\n", true, true},
		{"x\"\",\n", true, true},
		{"\n", false, false},
	}
	for _, c := range cases {
		first := c.line[:strings.IndexByte(c.line, '\n')+1]
		if got := lineContinues([]byte(first), ',', c.inQuote); got != c.want {
			t.Errorf("lineContinues(%q, %v) = %v, want %v", first, c.inQuote, got, c.want)
		}
	}
}

// TestLastRecordEnd: the cut is after the last line that ends a record; encoding/csv
// reading the text up to the cut and the whole text agree on the records before it.
func TestLastRecordEnd(t *testing.T) {
	cases := []struct {
		text string
		want int
	}{
		{"a,b\nc,d\ne", 8},
		{"a,b\nc,\"d\ne\"\nf", 12},
		{"a,b\nc,\"d\ne", 4},
		{"\"open", 0},
		{"x\"y\nz\n", 6},
		{"", 0},
	}
	for _, c := range cases {
		got := lastRecordEnd([]byte(c.text), ',')
		if got != c.want {
			t.Errorf("lastRecordEnd(%q) = %d, want %d", c.text, got, c.want)
			continue
		}
		part, whole := readAllLoose(c.text[:got]), readAllLoose(c.text)
		if len(part) > len(whole) || part != whole[:len(part)] {
			t.Errorf("%q: records up to the cut %q are not a prefix of %q", c.text, part, whole)
		}
	}
}

// readAllLoose renders every record (or error) encoding/csv reads from s.
func readAllLoose(s string) string {
	r := newCSVReader(strings.NewReader(s), ',')
	var b strings.Builder
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return b.String()
		}
		if pe, ok := err.(*csv.ParseError); ok {
			fmt.Fprintf(&b, "[%d: %v]", pe.StartLine, pe.Err)
			continue
		}
		fmt.Fprintf(&b, "%q", rec)
	}
}

// TestFirstSeen: the table agrees with a map, through growth from the smallest size,
// for ids first seen in kept records (found through the loader's records) and in
// rejected rows (kept by the table).
func TestFirstSeen(t *testing.T) {
	var kept []model.Record
	f := newFirstSeen(0, func(k int) *model.Record { return &kept[k] })
	first := map[string]int{}
	for line := 1; line <= 5000; line++ {
		id := fmt.Sprintf("id-%d", (line*7919)%3000)
		if line%100 == 0 {
			id = ""
		}
		h := f.hash(id)
		slot, got, dup := f.find(id, h)
		want, wantDup := first[id]
		if id == "" {
			wantDup = false
		} else if !wantDup {
			first[id] = line
		}
		if dup != wantDup || (dup && got != want) {
			t.Fatalf("find(%q) at line %d = %d, %v; want %d, %v", id, line, got, dup, want, wantDup)
		}
		switch {
		case dup:
		case line%3 == 0: // a row rejected for another problem
			f.reject(slot, h, id, line)
		default:
			f.keep(slot, h, len(kept))
			kept = append(kept, model.Record{ID: id, Line: line})
		}
	}
	if len(f.bad) == 0 || f.n != len(first) || 4*len(first) >= 3*len(f.slots) {
		t.Fatalf("%d ids (%d rejected) in %d slots, want %d", f.n, len(f.bad), len(f.slots), len(first))
	}
}
