package load

import (
	"errors"
	"io"
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
