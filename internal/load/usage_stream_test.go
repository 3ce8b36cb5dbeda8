package load

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/model"
)

// UsageStream hands on, batch after batch, exactly the records Usage returns; refuses a
// file with a repeated record_id as not streamable; and returns Usage's problems (but
// the repeats, which it cannot tell) once the file is read, calling batch no more after
// the first.
func TestUsageStreamMatchesUsage(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 13))
	defer func(c int) { chunkSize = c }(chunkSize)
	var branches [3]int // problems, a repeated id, records
	n := 300
	if raceOn {
		n = 90
	}
	for i := range n {
		var data []byte
		switch i % 3 {
		case 0: // mostly with problems
			data = randomUsage(rng)
		case 1:
			data = cleanUsage(rng, 200, false)
		case 2:
			data = cleanUsage(rng, 200, true)
		}
		chunkSize = 1 + rng.IntN(400)
		opt := testOptions()
		want, _, werr := Usage("u.csv", bytes.NewReader(data), opt)
		var got []model.Record
		_, err := UsageStream("u.csv", bytes.NewReader(data), opt, func(recs []model.Record) error {
			got = append(got, recs...)
			return nil
		})
		var wantErrs Errors
		dup := false
		if errors.As(werr, &wantErrs) {
			all := wantErrs.Problems
			if wantErrs.More > 0 { // every problem of the rows, as set aside
				skip := opt
				skip.SkipInvalid = true
				_, rep, _ := Usage("u.csv", bytes.NewReader(data), skip)
				all = nil
				for _, r := range rowsOf(t, rep) {
					all = append(all, r.Problems()...)
				}
			}
			var kept Errors
			for _, p := range all {
				if strings.Contains(p.Msg, "duplicate record_id") {
					dup = true
				} else {
					kept.add(p)
				}
			}
			wantErrs = kept
		} else if werr != nil {
			wantErrs = Errors{}
		}
		switch {
		case wantErrs.Len() > 0 || (werr != nil && !dup):
			branches[0]++
			if werr == nil || err == nil || (wantErrs.Len() > 0 && err.Error() != wantErrs.Error()) {
				t.Fatalf("case %d: got %v\nwant %v\ninput %q", i, err, werr, data)
			}
		case dup:
			branches[1]++
			if !errors.Is(err, ErrNotStreamable) {
				t.Fatalf("case %d: a repeated id: got %v", i, err)
			}
		default:
			branches[2]++
			if err != nil || len(got) != len(want) {
				t.Fatalf("case %d: %v, %d records; want %d\ninput %q", i, err, len(got), len(want), data)
			}
			for k := range got {
				if !reflect.DeepEqual(got[k], want[k]) {
					t.Fatalf("case %d: record %d: %+v\nwant %+v", i, k, got[k], want[k])
				}
			}
		}
	}
	if min(branches[0], branches[1], branches[2]) < n/15 {
		t.Errorf("cases with problems, a repeated id, records: %v; want %d of each", branches, n/15)
	}
}

// A batch's error stops the reading and is returned.
func TestUsageStreamStops(t *testing.T) {
	defer func(c int) { chunkSize = c }(chunkSize)
	chunkSize = 64
	var b strings.Builder
	b.WriteString("record_id,product,billing_item,start_time,end_time,quantity,unit\n")
	for i := range 1000 {
		b.WriteString("r" + strconv.Itoa(i) + ",OBS,x,2024-01-01,2024-01-02,5,GB\n")
	}
	stop := errors.New("enough")
	calls := 0
	_, err := UsageStream("u.csv", strings.NewReader(b.String()), testOptions(), func([]model.Record) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 3 {
		t.Fatalf("got %v after %d calls", err, calls)
	}
}

// cleanUsage writes a valid usage CSV of up to n rows (quoted cells, CRLF, a BOM at
// random); with repeat, one record_id comes twice.
func cleanUsage(rng *rand.Rand, n int, repeat bool) []byte {
	nl := []string{"\n", "\r\n"}[rng.IntN(2)]
	var b strings.Builder
	if rng.IntN(3) == 0 {
		b.WriteString("\ufeff")
	}
	b.WriteString("record_id,product,billing_item,region,start_time,end_time,deduct_time,quantity,unit,unit_price,tags" + nl)
	rows := 1 + rng.IntN(n)
	again := rng.IntN(rows)
	for i := range rows {
		id := "r" + strconv.Itoa(i)
		if repeat && i == rows-1 {
			id = "r" + strconv.Itoa(again)
		}
		h := rng.IntN(48)
		cells := []string{id, []string{"OBS", "CDN", "产品A"}[rng.IntN(3)], "x", []string{"", "r1"}[rng.IntN(2)],
			"2024-01-01 " + pad(h%24) + ":00:00", "2024-01-02 " + pad(h%24) + ":00:00", "",
			strconv.Itoa(rng.IntN(1000)), "GB", []string{"", "0.02"}[rng.IntN(2)], []string{"", "team=a;env=prod"}[rng.IntN(2)]}
		for k := range cells {
			if rng.IntN(10) == 0 {
				cells[k] = `"` + cells[k] + `"`
			}
		}
		b.WriteString(strings.Join(cells, ",") + nl)
	}
	return []byte(b.String())
}

func pad(n int) string { return fmt.Sprintf("%02d", n) }
