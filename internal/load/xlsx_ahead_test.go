package load

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/model"
)

// TestRowsAheadAsInTurn reads usage sheets of several batches of rows, with bad rows, a
// bad date cell, and an end cut in the middle of a row, with the rows read ahead on a
// goroutine and in turn: the same records, report and errors, skipping bad rows or not.
func TestRowsAheadAsInTurn(t *testing.T) {
	var body strings.Builder
	for n := 2; n <= 3*aheadRows+7; n++ {
		row := dataRow(n, fmt.Sprintf("r%d", n))
		switch n {
		case 1500, 2049:
			row = strings.Replace(row, "5 GB", "five", 1)
		case 2500:
			row = strings.Replace(row, `<c r="D2500" t="inlineStr"><is><t>2024-01-01 10:00:00</t></is></c>`, `<c r="D2500"><v>-5</v></c>`, 1)
		}
		body.WriteString(row)
	}
	clean := sheetXML(body.String())
	cut := clean[:bytes.Index(clean, []byte(`<row r="2900">`))+40]
	for name, sheet := range map[string][]byte{"clean": clean, "cut": cut} {
		data := minimalXLSX(t, sheet)
		for _, skip := range []bool{false, true} {
			read := func(ahead bool) string {
				defer func(a bool) { readRowsAhead = a }(readRowsAhead)
				readRowsAhead = ahead
				opt := testOptions()
				opt.SkipInvalid = skip
				recs, rep, err := Usage("u.xlsx", bytes.NewReader(data), opt)
				return fmt.Sprintf("%d records, last %v; report %+v; error %v", len(recs), lastID(recs), rep, err)
			}
			want := read(false)
			if got := read(true); got != want {
				t.Errorf("%s, skip %v:\nahead:   %s\nin turn: %s", name, skip, got, want)
			}
			// what is compared holds the problems: the bad rows' (rejected, or errors)
			// of the clean sheet, the damage's of the cut one
			sign := map[string]string{"clean": "five", "cut": "row 2900: XML syntax error"}[name]
			if !strings.Contains(want, sign) || skip && name == "clean" && !strings.Contains(want, "Rejected:{n:3 held:[{") {
				t.Errorf("%s, skip %v: the problems are not reported: %s", name, skip, want)
			}
		}
	}
}

func lastID(recs []model.Record) string {
	if len(recs) == 0 {
		return ""
	}
	return recs[len(recs)-1].ID
}

// TestRowsAheadHoldsFewHugeRows reads a sheet whose rows each hold half a megabyte of
// text (in a column the usage does not have): a batch read ahead holds a few of them,
// not a thousand.
func TestRowsAheadHoldsFewHugeRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	letters := make([]byte, 512<<10) // not compressible past limits.xlsx_ratio
	for i := range letters {
		letters[i] = byte('a' + rng.IntN(26))
	}
	big := string(letters)
	var body strings.Builder
	for n := 2; n <= 40; n++ {
		row := dataRow(n, fmt.Sprintf("r%d", n))
		body.WriteString(strings.TrimSuffix(row, "</row>") + fmt.Sprintf(`<c r="G%d" t="inlineStr"><is><t>%s</t></is></c></row>`, n, big))
	}
	data := minimalXLSX(t, sheetXML(body.String()))
	l, err := newLoader("u.xlsx", bytes.NewReader(data), testOptions(), &usageSchema)
	if err != nil {
		t.Fatal(err)
	}
	it := l.t.rows.(*xlsxIter)
	defer it.close()
	rows := 0
	for it.next() {
		rows++
		held := 0
		for _, c := range it.ahead.cur.cells {
			held += len(c)
		}
		if held > aheadBytes+len(big)+4096 {
			t.Fatalf("row %d: a batch holds %d bytes of text (%d rows)", rows, held, len(it.ahead.cur.rows))
		}
	}
	if rows != 39 || it.err() != nil {
		t.Fatalf("%d rows, %v", rows, it.err())
	}
}
