package load

import (
	"bytes"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/model"
)

// A rejected row gives back exactly the cells and problems it was made of, whatever
// they hold: separators, quotes, line breaks, empty cells, long and non-ASCII texts,
// several problems, problems of another place, fatal ones and hints.
func TestRejectedRoundTrip(t *testing.T) {
	src := model.Source{File: "u.csv", Line: 7}
	long := strings.Repeat("x", 300) // a length that takes two bytes to write
	cases := []struct {
		name  string
		cells []string
		probs []Problem
	}{
		{"one problem", []string{"U1", "OBS", "-16"},
			[]Problem{{Src: src, Column: "quantity", Msg: `negative value "-16"`}}},
		{"hard cells, several problems",
			[]string{"a,b", `say "hi"`, "two\nlines", "", "\r\n", "华北-北京四", long, "nul\x00byte", ""},
			[]Problem{
				{Src: src, Column: "quantity", Msg: "negative value \"-1\""},
				{Src: src, Column: "end_time", Msg: "before start_time; \"x\"\nnext line"},
				{Src: src, Msg: "a row problem", Hint: "do this"},
				{Src: model.Source{File: "u.csv", Line: 3}, Column: "record_id", Msg: "first here"},
				{Src: model.Source{File: "other.xlsx", Sheet: "Sheet 1", Line: 12}, Msg: "elsewhere", Fatal: true},
				{Src: model.Source{File: "u.csv", Line: -2}, Msg: "negative line"},
				{Src: model.Source{}, Msg: ""},
			}},
		{"only empty cells", []string{"", "", ""}, []Problem{{Src: src, Column: long, Msg: long, Hint: long}}},
		{"no cells", nil, []Problem{{Src: src, Msg: "unreadable"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRejected(src, packCells(tc.cells), tc.probs)
			if r.Src != src {
				t.Errorf("Src %+v, want %+v", r.Src, src)
			}
			if got := r.Cells(); !reflect.DeepEqual(got, tc.cells) {
				t.Errorf("Cells %q, want %q", got, tc.cells)
			}
			if got := r.Problems(); !reflect.DeepEqual(got, tc.probs) {
				t.Errorf("Problems %+v, want %+v", got, tc.probs)
			}
			// Held in one string of about the size of its texts: every text gains its
			// length (1 or 2 bytes), every problem its flags, and a problem of another
			// place that place.
			size := 1
			for _, c := range tc.cells {
				size += len(c) + 1 + len(c)/128
			}
			for _, p := range tc.probs {
				size += 4 + len(p.Column) + len(p.Msg) + len(p.Hint) + 2*(len(long)/128)
				if p.Src != src {
					size += 12 + len(p.Src.File) + len(p.Src.Sheet)
				}
			}
			if len(r.data) > size {
				t.Errorf("held in %d bytes, want at most %d", len(r.data), size)
			}
		})
	}
	var zero Rejected
	if zero.Cells() != nil || zero.Problems() != nil {
		t.Errorf("zero Rejected: %q, %+v", zero.Cells(), zero.Problems())
	}
}

// The rejected-rows CSV of rows held packed: the header plus error, every cell as read,
// the problems located and joined by "; ", padded or cut to the header's width, in line
// order: the same bytes whether the rows are held in memory or in a temporary file, and
// whether they were set aside in line order or not.
func TestWriteRejectedPacked(t *testing.T) {
	src := func(line int) model.Source { return model.Source{File: "u.csv", Line: line} }
	sheet := model.Source{File: "u.xlsx", Sheet: "Usage", Line: 5}
	rows := []Rejected{
		newRejected(src(2), packCells([]string{"a,1", "two\nlines", "-1"}), []Problem{
			{Src: src(2), Column: "quantity", Msg: `negative value "-1"`},
			{Src: src(2), Column: "region", Msg: "unknown"},
			{Src: src(1), Column: "record_id", Msg: "seen"},
		}),
		newRejected(src(3), packCells([]string{`q"x`}), []Problem{{Src: src(3), Msg: "too few cells"}}),
		newRejected(src(4), packCells([]string{"", "", "", "extra"}), []Problem{{Src: src(4), Msg: "too many cells"}}),
		newRejected(sheet, packCells([]string{"b"}), []Problem{{Src: sheet, Msg: "bad"}}),
		newRejected(src(6), packCells([]string{"c"}), []Problem{{Src: src(6), Msg: "after"}}),
	}
	want := "RECORD_ID,REGION,QUANTITY,error\n" +
		`"A,1","TWO` + "\n" + `LINES",-1,"U.CSV:2: COLUMN ""QUANTITY"": NEGATIVE VALUE ""-1""; U.CSV:2: COLUMN ""REGION"": UNKNOWN; U.CSV:1: COLUMN ""RECORD_ID"": SEEN"` + "\n" +
		`"Q""X",,,U.CSV:3: TOO FEW CELLS` + "\n" +
		",,,U.CSV:4: TOO MANY CELLS\n" +
		"B,,,U.XLSX[USAGE]:5: BAD\n" +
		"C,,,U.CSV:6: AFTER\n"
	defer func(at int) { spillAt = at }(spillAt)
	for _, spill := range []bool{false, true} {
		for _, order := range []string{"in line order", "reversed", "two runs"} {
			spillAt = 1 << 30
			if spill {
				spillAt = 1 // the first row spills
			}
			added := slices.Clone(rows)
			switch order {
			case "reversed":
				slices.Reverse(added)
			case "two runs":
				added = append(added[3:], added[:3]...)
			}
			rep := &Report{File: "u.csv", Header: []string{"record_id", "region", "quantity"}}
			for _, r := range added {
				rep.Rejected.Add(r)
			}
			if (rep.Rejected.spool != nil) != spill || rep.Rejected.Len() != len(rows) {
				t.Fatalf("spill %v, %s: spooled %v, %d rows", spill, order, rep.Rejected.spool != nil, rep.Rejected.Len())
			}
			for range 2 { // read twice: the file is read again from its start
				var out bytes.Buffer
				if err := WriteRejected(&out, rep, strings.ToUpper); err != nil {
					t.Fatal(err)
				}
				if out.String() != want {
					t.Errorf("spill %v, %s: rejected CSV:\n%s\nwant:\n%s", spill, order, out.String(), want)
				}
			}
			got := rowsOf(t, rep)
			if len(got) != len(rows) || got[3].Src != sheet || got[4].Cells()[0] != "c" || got[0].Problems()[2].Src.Line != 1 {
				t.Errorf("spill %v, %s: rows %+v", spill, order, got)
			}
			if err := rep.Rejected.Close(); err != nil {
				t.Error(err)
			}
			if n := 0; rep.Rejected.Each(func(Rejected) error { n++; return nil }) != nil || n != 0 || rep.Rejected.Len() != len(rows) {
				t.Errorf("spill %v, %s: after Close, %d rows read, Len %d", spill, order, n, rep.Rejected.Len())
			}
		}
	}
}

// appendError writes what Error always wrote: `FILE:LINE: column "NAME": message`.
func TestProblemAppendError(t *testing.T) {
	for _, p := range []Problem{
		{Src: model.Source{File: "u.csv", Line: 7}, Column: "quantity", Msg: "negative"},
		{Src: model.Source{File: "u.xlsx", Sheet: "Usage 1", Line: 3}, Column: `a "b"` + "\n\x00é", Msg: "m"},
		{Src: model.Source{File: "u.xlsx", Sheet: "S", Line: 0}, Msg: "whole file"},
		{Src: model.Source{File: "u.csv", Line: -1}, Column: "c", Msg: ""},
		{},
	} {
		loc := p.Src.File
		if p.Src.Line > 0 {
			loc = p.Src.String()
		}
		want := loc + ": " + p.Msg
		if p.Column != "" {
			want = fmt.Sprintf("%s: column %q: %s", loc, p.Column, p.Msg)
		}
		if got := p.Error(); got != want {
			t.Errorf("Error() = %q, want %q", got, want)
		}
		if got := string(p.appendError([]byte("x; "))); got != "x; "+want {
			t.Errorf("appendError = %q, want %q", got, "x; "+want)
		}
	}
}

// The rows a file sets aside are held in about the size of their text and messages,
// read in chunks or row by row, up to spillAt bytes; past that, the heap holds none of
// them (they are in a temporary file), however many there are.
func TestRejectedRowsHeldCompact(t *testing.T) {
	if raceOn {
		t.Skip("measures the heap, which the race detector adds to")
	}
	const rows = 50_000
	var b bytes.Buffer
	b.WriteString("record_id,product,billing_item,specification,region,enterprise_project,resource_id," +
		"start_time,end_time,deduct_time,quantity,unit,unit_price,currency,tags\n")
	for i := range rows {
		fmt.Fprintf(&b, "U%08d,LTS,Log read/write traffic,,cn-north-4,default,log-group-064,2024-01-01 00:00:00,"+
			"2024-01-01 01:00:00,2024-01-01 01:08:00,-%d,GB,0.35,USD,team=default;env=test\n", i, i+1)
	}
	data := b.Bytes()
	msg := len(`quantity`) + len(`negative value "-12345"`)
	defer func(at int) { spillAt = at }(spillAt)
	for _, spill := range []bool{false, true} {
		spillAt = 1 << 30
		if spill {
			spillAt = 256 << 10
		}
		for _, sequential := range []bool{false, true} {
			sequentialUsage = sequential
			opt := testOptions()
			opt.SkipInvalid = true
			_, warm, _ := Usage("u.csv", bytes.NewReader(data), opt) // what a first read leaves for the next is not per row
			warm.Rejected.Close()
			before := heapInUse()
			_, rep, err := Usage("u.csv", bytes.NewReader(data), opt)
			held := heapInUse() - before
			sequentialUsage = false
			if err != nil || rep.Rejected.Len() != rows || (rep.Rejected.spool != nil) != spill {
				t.Fatalf("spill %v, sequential %v: %d rejected, %v", spill, sequential, rep.Rejected.Len(), err)
			}
			perRow := held / rows
			want := int64(len(data)/rows + msg + 128)
			if spill {
				want = 16 // the heap's noise: the rows are in the file
			}
			t.Logf("spill %v, sequential %v: %d bytes a row set aside (%d of text and message)", spill, sequential, perRow, len(data)/rows+msg)
			if perRow > want {
				t.Errorf("spill %v, sequential %v: %d bytes held a row set aside, want at most %d", spill, sequential, perRow, want)
			}
			var n int
			if err := rep.Rejected.Each(func(r Rejected) error {
				if n++; r.Src.Line != n+1 || r.Cells()[0] != fmt.Sprintf("U%08d", n-1) {
					return fmt.Errorf("row %d: line %d, %q", n, r.Src.Line, r.Cells()[0])
				}
				return nil
			}); err != nil || n != rows {
				t.Errorf("spill %v, sequential %v: %d rows read back, %v", spill, sequential, n, err)
			}
			rep.Rejected.Close()
			runtime.KeepAlive(rep)
		}
	}
}

// rowsOf is rep's rejected rows, all in memory.
func rowsOf(t testing.TB, rep *Report) []Rejected {
	t.Helper()
	rows, err := rep.Rejected.Rows()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// Rows read back from the temporary file allocate nothing per row, in line order or
// not: one row out of order (a packages file's row rejected while read, the others at
// the cross-row check) has the rest read on in runs, not one by one.
func TestRejectedSpoolReadBackAllocs(t *testing.T) {
	defer func(at int) { spillAt = at }(spillAt)
	spillAt = 1
	for _, outOfOrder := range []bool{false, true} {
		var rs RejectedRows
		src := func(line int) model.Source { return model.Source{File: "p.csv", Line: line} }
		const rows = 10_000
		if outOfOrder {
			rs.Add(newRejected(src(rows+2), packCells([]string{"late"}), []Problem{{Src: src(rows + 2), Msg: "extra field"}}))
		}
		for i := range rows {
			rs.Add(newRejected(src(i+2), packCells([]string{"P", "x"}), []Problem{{Src: src(i + 2), Column: "capacity", Msg: "bad"}}))
		}
		n, last := 0, 0
		allocs := testing.AllocsPerRun(2, func() {
			n, last = 0, 0
			if err := rs.Each(func(r Rejected) error {
				if r.Src.Line < last {
					return fmt.Errorf("line %d after %d", r.Src.Line, last)
				}
				n, last = n+1, r.Src.Line
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		})
		if n != rs.Len() || allocs > 50 {
			t.Errorf("out of order %v: %d of %d rows read back, %.0f allocations", outOfOrder, n, rs.Len(), allocs)
		}
		rs.Close()
	}
}
