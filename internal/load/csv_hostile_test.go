package load

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// repeated reads n copies of the byte c without holding them.
type repeated struct {
	c byte
	n int64
}

func (r *repeated) Read(b []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(b)), r.n)
	for i := range b[:k] {
		b[i] = r.c
	}
	r.n -= k
	return int(k), nil
}

// A CSV row longer than limits.row_size is refused where it starts, without reading it
// whole, on every reading path: a 200 MB quantity does not take 200 MB (or print it).
func TestCSVRowLimit(t *testing.T) {
	const header = "record_id,product,billing_item,start_time,end_time,quantity,unit\n"
	good := "r1,OBS,Storage,2024-01-01 00:00,2024-01-01 01:00,5,GB\n"
	input := func(quoted bool) io.Reader {
		open, tail := "r2,OBS,Storage,2024-01-01 00:00,2024-01-01 01:00,", ",GB\n"
		if quoted {
			open, tail = open+`"`, `"`+tail
		}
		return io.MultiReader(strings.NewReader(header+good+good[:1]+"0"+good[2:]+open),
			&repeated{c: '9', n: 200 << 20}, strings.NewReader(tail+good))
	}
	for _, c := range []struct {
		name        string
		quoted, seq bool
		load        func(io.Reader) error
	}{
		{"usage in chunks", false, false, func(r io.Reader) error { _, _, err := Usage("u.csv", r, testOptions()); return err }},
		{"usage in chunks, quoted", true, false, func(r io.Reader) error { _, _, err := Usage("u.csv", r, testOptions()); return err }},
		{"usage row by row", false, true, func(r io.Reader) error { _, _, err := Usage("u.csv", r, testOptions()); return err }},
	} {
		t.Run(c.name, func(t *testing.T) {
			sequentialUsage = c.seq
			defer func() { sequentialUsage = false }()
			var err error
			n := allocated(func() { err = c.load(input(c.quoted)) })
			var le Errors
			if !errors.As(err, &le) || len(le.Problems) != 1 || !le.Problems[0].Fatal || le.Problems[0].Src.Line != 4 ||
				!strings.Contains(err.Error(), "u.csv:4: the row starting here is longer than 1 MiB (limits.row_size)") {
				t.Fatalf("err %v; want one located fatal problem at line 4", err)
			}
			if len(err.Error()) > 300 || (n > 32<<20 && !raceOn) {
				t.Errorf("message of %d bytes, %d bytes allocated", len(err.Error()), n)
			}
		})
	}
}

// A bad value below the row limit is quoted in part: its first 60 characters and its
// length.
func TestLongBadValueIsQuotedInPart(t *testing.T) {
	long := strings.Repeat("9", 500_000) + "x"
	in := "record_id,product,billing_item,start_time,end_time,quantity,unit\nr1,OBS,Storage,2024-01-01 00:00,2024-01-01 01:00," + long + ",GB\n"
	_, _, err := Usage("u.csv", strings.NewReader(in), testOptions())
	want := `u.csv:2: column "quantity": more than 18 integer digits: "` + strings.Repeat("9", 60) + `…" (500000 characters)`
	if err == nil || err.Error() != want {
		t.Errorf("got %.300v\nwant %s", err, want)
	}
}

// A long fraction is refused by its length, before it is parsed (big.Int parses in time
// quadratic in the digits: a million of them took 10 s and 2.3 GB).
func TestLongFractionRefusedUnparsed(t *testing.T) {
	long := "1." + strings.Repeat("1", 1_000_000)
	in := "record_id,product,billing_item,start_time,end_time,quantity,unit\nr1,OBS,Storage,2024-01-01 00:00,2024-01-01 01:00," + long + ",GB\n"
	_, _, err := Usage("u.csv", strings.NewReader(in), testOptions())
	want := `u.csv:2: column "quantity": more than 36 decimals: "1.` + strings.Repeat("1", 58) + `…" (1000002 characters)`
	if err == nil || err.Error() != want {
		t.Errorf("got %.300v\nwant %s", err, want)
	}
}

// A row encoding/csv cannot read is set aside with what was read of it (rules.md §1.8):
// the fields before the error, and a quote never closed holding the text from it to the
// end, on every reading path and with lone CRs as line ends.
func TestUnreadableRowKept(t *testing.T) {
	const usage = "record_id,product,billing_item,start_time,end_time,quantity,unit\n" +
		"Q1,OBS,\"multi\nline\",2024-01-02,2024-01-02 10:00,1,GB\n" +
		"Q2,OBS,t\"x,2024-01-02,2024-01-02 10:00,1,GB\n" +
		"Q5,OBS,\"t,2024-01-02,2024-01-02 10:00,1,GB\n" +
		"Q6,OBS,t,2024-01-02,2024-01-02 10:00,1,GB\n"
	const pkgs = "package_id,product,effective_time,expiration_time,capacity,unit,fee\n" +
		"P1,OBS,2024-01-01,2024-12-31,100,GB,120\n" +
		"P2,OBS,\"2024-01-01,2024-12-31,100,GB,120\n" +
		"P3,OBS,2024-01-01,2024-12-31,100,GB,120\n"
	want := map[string][][]string{
		"usage": {{"Q2", "OBS", `t"x`, "2024-01-02", "2024-01-02 10:00", "1", "GB"},
			{"Q5", "OBS", "t,2024-01-02,2024-01-02 10:00,1,GB\nQ6,OBS,t,2024-01-02,2024-01-02 10:00,1,GB"}},
		"packages": {{"P2", "OBS", "2024-01-01,2024-12-31,100,GB,120\nP3,OBS,2024-01-01,2024-12-31,100,GB,120"}},
	}
	for _, c := range []struct {
		name, kind string
		seq, cr    bool
	}{
		{"usage in chunks", "usage", false, false}, {"usage row by row", "usage", true, false},
		{"usage in chunks, CR", "usage", false, true}, {"usage row by row, CR", "usage", true, true},
		{"packages", "packages", false, false}, {"packages, CR", "packages", false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			sequentialUsage = c.seq
			defer func() { sequentialUsage = false }()
			opt := testOptions()
			opt.SkipInvalid = true
			text := usage
			if c.kind == "packages" {
				text = pkgs
			}
			if c.cr {
				text = strings.ReplaceAll(text, "\n", "\r")
			}
			var rep *Report
			var err error
			if c.kind == "usage" {
				_, rep, err = Usage("u.csv", strings.NewReader(text), opt)
			} else {
				_, rep, err = Packages("p.csv", strings.NewReader(text), opt)
			}
			if err != nil {
				t.Fatal(err)
			}
			var got [][]string
			for _, r := range rowsOf(t, rep) {
				got = append(got, r.Cells())
			}
			if !reflect.DeepEqual(got, want[c.kind]) {
				t.Errorf("rejected cells\n%q\nwant\n%q", got, want[c.kind])
			}
		})
	}
}
