package report

import (
	"bytes"
	"strings"
	"testing"
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
// like the same table with Rows, in every format, and its row count is the same.
func TestOnDemandRowsRenderTheSame(t *testing.T) {
	for _, f := range []Format{FormatTable, FormatCSV, FormatJSON, FormatMarkdown, FormatXLSX} {
		want, got := render(t, sampleDoc(), f), render(t, lazyDoc(), f)
		if !bytes.Equal(want, got) {
			t.Errorf("%s: on-demand rows render differently", f)
		}
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
