package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/pkgctl/pkgctl/internal/par"
)

// lazyDoc is sampleDoc with every table's rows produced on demand by Row.
func lazyDoc() *Document {
	doc := sampleDoc()
	for _, t := range doc.Tables {
		rows := t.Rows
		t.Rows, t.N = nil, len(rows)
		t.Row = func(i int, buf []Cell) []Cell { return append(buf, rows[i]...) }
	}
	return doc
}

// TestOnDemandRowsRenderTheSame: a table whose rows come from Row renders byte for byte
// like the same table with Rows, in every format but xlsx, and its row count is the
// same. In xlsx its sheet is streamed (texts are inline strings, not shared ones):
// a reader sees the same workbook (xlsxContent).
func TestOnDemandRowsRenderTheSame(t *testing.T) {
	for _, f := range []Format{FormatTable, FormatCSV, FormatJSON, FormatMarkdown} {
		want, got := render(t, sampleDoc(), f), render(t, lazyDoc(), f)
		if !bytes.Equal(want, got) {
			t.Errorf("%s: on-demand rows render differently", f)
		}
	}
	want, got := xlsxContent(t, render(t, sampleDoc(), FormatXLSX)), xlsxContent(t, render(t, lazyDoc(), FormatXLSX))
	if got != want {
		t.Errorf("xlsx: on-demand rows read differently:\n%s\nwant\n%s", got, want)
	}
	if a, b := sampleDoc().Tables[0].Len(), lazyDoc().Tables[0].Len(); a != b || a == 0 {
		t.Errorf("Len: %d vs %d", a, b)
	}
}

// TestOnDemandRowsAreChecked: a malformed on-demand row is an error, not output.
func TestOnDemandRowsAreChecked(t *testing.T) {
	doc := lazyDoc()
	doc.Tables[0].Row = func(i int, buf []Cell) []Cell { return append(buf, Text("short")) }
	var buf bytes.Buffer
	err := Render(&buf, doc, FormatCSV)
	if err == nil || !strings.Contains(err.Error(), "cells for") {
		t.Fatalf("err = %v, want a row-shape error", err)
	}
}

// TestConcurrentCSVBlocks: formatting blocks on several goroutines gives the bytes of the
// sequential path, for a table long enough that each goroutine reuses its buffers; a
// bad row, early or late, and a write error stop it with their error.
func TestConcurrentCSVBlocks(t *testing.T) {
	n := 9*csvBlock + 17
	build := longSample(n)
	seq, par := render(t, build(false), FormatCSV), render(t, build(true), FormatCSV)
	if !bytes.Equal(seq, par) {
		t.Fatalf("block rendering differs from sequential rendering")
	}
	if got := bytes.Count(par, []byte("\n")); got != n+1 {
		t.Errorf("%d lines, want header + %d rows", got, n)
	}
	withPrefetch := build(true)
	var calls, outside atomic.Int64
	withPrefetch.Tables[0].Prefetch = func(i int) {
		if calls.Add(1); i < 0 || i >= n {
			outside.Add(1)
		}
	}
	if got := render(t, withPrefetch, FormatCSV); !bytes.Equal(got, seq) || calls.Load() == 0 || outside.Load() != 0 {
		t.Errorf("with Prefetch: same bytes %v, %d calls, %d outside the rows", bytes.Equal(got, seq), calls.Load(), outside.Load())
	}
	checkBadRows(t, build, FormatCSV, csvBlock)
	doc := build(true)
	fw := &failingWriter{after: 3}
	if err := writeCSV(fw, doc.Tables[0], csvForm{prec: doc.Precision, loc: doc.Location}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("err = %v, want the write error", err)
	}
	// FOCUS's CSV (times in UTC) alike
	var seqUTC, parUTC bytes.Buffer
	if err1, err2 := WriteCSVUTC(&seqUTC, build(false).Tables[0], 2), WriteCSVUTC(&parUTC, build(true).Tables[0], 2); err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if !bytes.Equal(seqUTC.Bytes(), parUTC.Bytes()) || !bytes.Contains(parUTC.Bytes(), []byte("Z,")) && !bytes.Contains(parUTC.Bytes(), []byte("Z\n")) {
		t.Errorf("UTC: block rendering differs from sequential rendering, or no time in UTC")
	}
}

// failingWriter fails every write after the first `after`.
type failingWriter struct{ after, n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.n++; w.n > w.after {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

// TestConcurrentBlocksRaiseAFormattersPanic: a row that panics (a bug) on a formatting
// goroutine is raised again by Render's caller, as par.Panic with the value, after the
// rows before its block are written; nothing hangs and nothing else is lost.
func TestConcurrentBlocksRaiseAFormattersPanic(t *testing.T) {
	src := sampleDoc().Tables[0].Rows
	n := 9*csvBlock + 17
	for _, f := range []Format{FormatCSV, FormatJSON} {
		for _, at := range []int{0, 5*csvBlock + 3, n - 1} {
			doc := sampleDoc()
			tb := doc.Tables[0]
			tb.Rows, tb.N, tb.Concurrent = nil, n, true
			tb.Row = func(i int, buf []Cell) []Cell {
				if i == at {
					panic(fmt.Sprintf("row %d", i))
				}
				return append(buf, src[i%len(src)]...)
			}
			var out bytes.Buffer
			r := func() (r any) {
				defer func() { r = recover() }()
				_ = Render(&out, doc, f)
				return nil
			}()
			p, ok := r.(*par.Panic)
			if !ok || p.Value != fmt.Sprintf("row %d", at) {
				t.Errorf("%s, row %d panics: Render panicked with %#v, want *par.Panic of %q", f, at, r, fmt.Sprintf("row %d", at))
				continue
			}
			if f == FormatCSV {
				if lines := bytes.Count(out.Bytes(), []byte("\n")); lines > at+1 {
					t.Errorf("csv, row %d panics: %d lines written, at most the header and the rows before", at, lines)
				}
			}
		}
	}
}

// TestConcurrentParquetBlocks: a Concurrent table's rows converted in blocks on every
// core make the very file of the row-by-row path; a bad row, early or late, stops it
// with its error.
func TestConcurrentParquetBlocks(t *testing.T) {
	build := longSample(9*parquetBlock + 17)
	seq, par := render(t, build(false), FormatParquet), render(t, build(true), FormatParquet)
	if !bytes.Equal(seq, par) {
		t.Fatalf("block conversion makes another file than row by row")
	}
	checkBadRows(t, build, FormatParquet, parquetBlock)
}

// longSample makes documents whose one table is n rows of the sample's, produced by
// Row (on several goroutines when concurrent).
func longSample(n int) func(concurrent bool) *Document {
	src := sampleDoc().Tables[0].Rows
	return func(concurrent bool) *Document {
		doc := sampleDoc()
		tb := doc.Tables[0]
		tb.Rows, tb.N, tb.Concurrent = nil, n, concurrent
		tb.Row = func(i int, buf []Cell) []Cell { return append(buf, src[i%len(src)]...) }
		return doc
	}
}

// checkBadRows renders, in format f, concurrent documents of build with bad rows (early,
// late, and two in blocks of block rows far apart): the error names the first bad row,
// whichever goroutine comes to a later one first.
func checkBadRows(t *testing.T, build func(bool) *Document, f Format, block int) {
	t.Helper()
	n := build(true).Tables[0].N
	for _, badRows := range [][]int{{5}, {n - 5}, {block + 7, 5*block + 1}} {
		bad := build(true)
		good := bad.Tables[0].Row
		bad.Tables[0].Row = func(i int, buf []Cell) []Cell {
			buf = good(i, buf)
			if slices.Contains(badRows, i) {
				buf[0] = Int(1) // a count in a date column
			}
			return buf
		}
		want := fmt.Sprintf("row %d column %q: int cell in a date column", badRows[0]+1, bad.Tables[0].Columns[0].Key)
		if err := Render(io.Discard, bad, f); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: bad rows %v: err = %v, want %q", f, badRows, err, want)
		}
	}
}

// lazyTablesDoc is sampleDoc with the rows of every table but the first made by Lazy,
// counting the calls.
func lazyTablesDoc(calls *atomic.Int64) *Document {
	doc := sampleDoc()
	for _, t := range doc.Tables[1:] {
		rows := t.Rows
		t.Rows = nil
		t.Lazy = func() [][]Cell {
			calls.Add(1)
			return rows
		}
	}
	return doc
}

// A table whose rows Lazy makes renders as the same table with Rows, in every format;
// Lazy is called once for a format that writes the table and never for one that leaves
// it out (CSV and Parquet write the first table only). A JSON value may be a func()
// any, written as the value it returns.
func TestLazyTables(t *testing.T) {
	if len(sampleDoc().Tables) < 2 {
		t.Fatal("the sample has one table")
	}
	for _, f := range []Format{FormatTable, FormatJSON, FormatMarkdown, FormatCSV, FormatParquet} {
		var calls atomic.Int64
		got := render(t, lazyTablesDoc(&calls), f)
		if want := render(t, sampleDoc(), f); !bytes.Equal(got, want) {
			t.Errorf("%s: lazy tables render differently", f)
		}
		want := int64(len(sampleDoc().Tables) - 1)
		if f == FormatCSV || f == FormatParquet {
			want = 0
		}
		if calls.Load() != want {
			t.Errorf("%s: Lazy called %d times, want %d", f, calls.Load(), want)
		}
	}
	var calls atomic.Int64
	if got, want := xlsxContent(t, render(t, lazyTablesDoc(&calls), FormatXLSX)), xlsxContent(t, render(t, sampleDoc(), FormatXLSX)); got != want {
		t.Errorf("xlsx: lazy tables read differently:\n%s\nwant\n%s", got, want)
	}
	var b bytes.Buffer
	if err := writeJSON(&b, Object{{Key: "a", Value: func() any { return []int{1, 2} }}}); err != nil ||
		b.String() != "{\n  \"a\": [\n    1,\n    2\n  ]\n}\n" {
		t.Errorf("a func() any value: %q, %v", b.String(), err)
	}
}
