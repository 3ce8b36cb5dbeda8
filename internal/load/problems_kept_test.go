package load

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/model"
)

// allReported is how a bad input is reported when every problem is held: all of them
// sorted by location (a row's in the order filed), the first 50 listed, the count, and
// the hints of all of them (the way out for rows only when no problem is a whole
// file's). firstProblems must give exactly this.
func allReported(files [][]Problem) (text string, n int, hints []string) {
	var all []Problem
	for _, ps := range files {
		ps = slices.Clone(ps)
		sortProblems(ps)
		all = append(all, ps...)
	}
	var b strings.Builder
	rows, fatal := false, false
	for i, p := range all {
		if i < maxListed {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(p.Error())
		}
		rows, fatal = rows || !p.Fatal, fatal || p.Fatal
		if p.Hint != "" && !slices.Contains(hints, p.Hint) {
			hints = append(hints, p.Hint)
		}
	}
	if len(all) > maxListed {
		fmt.Fprintf(&b, "\nand %d more", len(all)-maxListed)
	}
	if rows && !fatal { // --skip-invalid sets rows aside, never a file
		hints = append(hints, "fix the rows above, or pass --skip-invalid to set them aside")
	}
	return b.String(), len(all), hints
}

// TestFirstProblemsReportAsAll: keeping only the first 50 problems of each file, filed
// row by row in any order (a line's problems filed at different times too), and
// joining the files' Errors gives the text, count and hints of holding them all.
func TestFirstProblemsReportAsAll(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	hints := []string{"", "", "", "raise limits.periods", "save it again", "export it again"}
	for c := range 500 {
		var files [][]Problem
		var got Errors
		for f := range 1 + rng.IntN(3) {
			var keep firstProblems
			var filed []Problem
			for range rng.IntN([]int{5, 60, 200}[rng.IntN(3)]) {
				line := 2 + rng.IntN(80)
				var row []Problem
				for k := range 1 + rng.IntN(3) {
					row = append(row, Problem{Src: model.Source{File: fmt.Sprintf("f%d.csv", f), Line: line},
						Column: fmt.Sprintf("c%d", k), Msg: fmt.Sprint(rng.IntN(1000)),
						Hint: hints[rng.IntN(len(hints))], Fatal: rng.IntN(20) == 0})
				}
				keep.add(row)
				filed = append(filed, row...)
			}
			files = append(files, filed)
			if keep.any() {
				got.join(keep.errors())
			}
		}
		text, n, wantHints := allReported(files)
		if got.Error() != text || got.Len() != n || !slices.Equal(got.Hints(), wantHints) {
			t.Fatalf("case %d: got %d problems, hints %q:\n%s\nwant %d, hints %q:\n%s",
				c, got.Len(), got.Hints(), got.Error(), n, wantHints, text)
		}
		if len(got.Problems) > maxListed {
			t.Fatalf("case %d: %d problems held", c, len(got.Problems))
		}
	}
}

// TestManyBadRowsHeldBounded: the error of a usage file whose every row is bad holds
// the 50 problems it lists, not one a row, read in chunks, row by row, or as it goes.
func TestManyBadRowsHeldBounded(t *testing.T) {
	const rows = 100_000
	var b bytes.Buffer
	b.WriteString("record_id,product,billing_item,start_time,end_time,quantity,unit\n")
	for i := range rows {
		fmt.Fprintf(&b, "r%d,OBS,x,01/31/2024 00:00,2024-01-31 01:00,-%d,GB\n", i, i+1)
	}
	data := b.Bytes()
	reads := map[string]func() error{
		"chunks": func() error { _, _, err := Usage("u.csv", bytes.NewReader(data), testOptions()); return err },
		"rows": func() error {
			defer func() { sequentialUsage = false }()
			sequentialUsage = true
			_, _, err := Usage("u.csv", bytes.NewReader(data), testOptions())
			return err
		},
		"stream": func() error {
			_, err := UsageStream("u.csv", bytes.NewReader(data), testOptions(), func([]model.Record) error { return nil })
			return err
		},
	}
	for _, name := range []string{"chunks", "rows", "stream"} {
		before := heapInUse()
		err := reads[name]()
		held := heapInUse() - before
		lines := strings.Split(fmt.Sprint(err), "\n")
		if len(lines) != 51 || lines[50] != fmt.Sprintf("and %d more", 2*rows-50) ||
			lines[1] != `u.csv:2: column "quantity": negative value "-1"` {
			t.Fatalf("%s: %d lines, %q … %q", name, len(lines), lines[0], lines[len(lines)-1])
		}
		if held > 2<<20 {
			t.Errorf("%s: the error of %d bad rows holds %d bytes", name, rows, held)
		}
		runtime.KeepAlive(err)
	}
}

// heapInUse is the heap's live bytes once collected.
func heapInUse() int64 {
	runtime.GC() // twice: what sync.Pools held survives one collection in their victim caches
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
