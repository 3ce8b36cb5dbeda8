package load

import (
	"bufio"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// A file whose lines end with a lone CR (Excel's "CSV (Macintosh)") is read as the same
// file with LF: the same rows at the same lines, row by row and in chunks. encoding/csv
// alone read it as one record, the header, and no row at all.
func TestCRLineEnds(t *testing.T) {
	pkgs := "package_id,product,effective_time,expiration_time,capacity,unit,note\r" +
		"P1,OBS,2024-01-01,2024-12-31,100,GB,x\rP2,OBS,2024-01-01,2024-12-31,100,GB,y\r"
	got, rep, err := Packages("cr.csv", strings.NewReader(pkgs), testOptions())
	if err != nil || len(got) != 2 || rep.Rows != 2 || got[0].ID != "P1" || got[1].Src.Line != 3 {
		t.Fatalf("%d packages (%d rows), %v; want P1 and P2 at lines 2 and 3", len(got), rep.Rows, err)
	}

	// A title line, a value with a line break (a CR) in quotes, a CRLF among the CRs,
	// a bad row: the records, lines and problems of the LF file.
	usage := "Usage export\r\rrecord_id,product,billing_item,region,start_time,end_time,quantity,unit\r" +
		"r1,OBS,traffic,\"north\rwest\",2024-01-01 00:00,2024-01-01 01:00,5,GB\r" +
		"r2,OBS,traffic,east,2024-01-01 00:00,2024-01-01 01:00,5,GB\r\n" +
		"r3,OBS,traffic,east,2024-01-01 00:00,2024-01-01 01:00,-5,GB\r" +
		"r4,OBS,traffic,east,2024-01-01 00:00,2024-01-01 01:00,5,GB"
	lf := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(usage)
	opt := testOptions()
	opt.SkipInvalid = true
	for _, seq := range []bool{false, true} {
		sequentialUsage = seq
		recs, rep, err := Usage("u.csv", strings.NewReader(usage), opt)
		want, wantRep, _ := Usage("u.csv", strings.NewReader(lf), opt)
		sequentialUsage = false
		if err != nil || len(recs) != 3 || rep.Rejected.Len() != 1 || rowsOf(t, rep)[0].Src.Line != 7 {
			t.Fatalf("row by row %v: %d records, %v, rejected %+v; want 3 and r3 at line 7", seq, len(recs), err, rep.Rejected)
		}
		if !reflect.DeepEqual(rep, wantRep) {
			t.Errorf("row by row %v: report %+v, want %+v", seq, rep, wantRep)
		}
		for i := range recs {
			if recs[i].ID != want[i].ID || recs[i].Line != want[i].Line || recs[i].Region != want[i].Region {
				t.Errorf("row by row %v: record %d: %s at %d %q, want %s at %d %q", seq, i,
					recs[i].ID, recs[i].Line, recs[i].Region, want[i].ID, want[i].Line, want[i].Region)
			}
		}
	}
}

func TestCRLineEndsDecision(t *testing.T) {
	for _, c := range []struct {
		head  string
		whole bool
		want  bool
	}{
		{"a,b\rc,d", false, true},
		{"a,b\r\nc,d\rx", false, false}, // CRLF
		{"a,b\nc,d\rx", false, false},   // LF first
		{"\"a\rb\",c\rd", false, true},  // a CR in quotes is no line end
		{"\"a\rb\",c\nd", false, false},
		{"\"a\nb\",c\rd", false, true},
		{"a,b\r\rc,d", false, true},      // an empty line
		{"a,b\r\r\nc,d\r", false, false}, // CRLF converted twice
		{"a,b\r", true, true},
		{"a,b\r", false, false}, // an LF may follow
		{"a,b", true, false},
	} {
		if got := crLineEnds([]byte(c.head), c.whole); got != c.want {
			t.Errorf("crLineEnds(%q, %v) = %v, want %v", c.head, c.whole, got, c.want)
		}
	}
}

// crLines turns lone CRs into LFs, however the text is cut, a CR at the end of a read
// included.
func TestCRLinesReader(t *testing.T) {
	in := "a\r\nb\rc\r\r\n\"d\re\"\r"
	for _, r := range []io.Reader{strings.NewReader(in), iotest.OneByteReader(strings.NewReader(in)), iotest.HalfReader(strings.NewReader(in))} {
		b, err := io.ReadAll(crLines{bufio.NewReaderSize(r, 16)})
		if want := "a\r\nb\nc\n\r\n\"d\ne\"\n"; err != nil || string(b) != want {
			t.Errorf("got %q, %v; want %q", b, err, want)
		}
	}
}
