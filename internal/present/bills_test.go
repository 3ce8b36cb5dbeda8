package present

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/report"
	"github.com/pkgctl/pkgctl/internal/testkit"
)

// The bills listing of a lazy result (made as it is written, a window at a time) is
// byte for byte the listing of the same bills held whole, in every format, whole and
// windowed: more bills than the window holds, formatted on several goroutines, and read
// twice by the text table.
func TestBillsLazyAsHeld(t *testing.T) {
	compareLazy(t, 900, 20000, []report.Format{report.FormatCSV, report.FormatJSON, report.FormatTable,
		report.FormatMarkdown, report.FormatXLSX, report.FormatParquet})
}

// A window far smaller than the blocks the writers format at once still gives every
// bill right (walking again from the first for a reader that fell behind): for the race
// detector, on a smaller account.
func TestBillWindowSmall(t *testing.T) {
	defer func(n int) { windowBills = n }(windowBills)
	windowBills = 300
	compareLazy(t, 60, 3000, []report.Format{report.FormatCSV, report.FormatJSON})
}

// compareLazy compares the listings of a generated account's bills, held and lazy.
func compareLazy(t *testing.T, packages, records int, formats []report.Format) {
	t.Helper()
	loc := testkit.Shanghai
	asOf := time.Date(2025, 1, 1, 0, 0, 0, 0, loc)
	l := generatedLedger(t, packages, records, 5, asOf)
	cfg := amortize.Config{Location: loc, Precision: 2, AsOf: asOf,
		UsageBasedFrom: amortize.DefaultUsageBasedFrom(loc), UsageBasedProducts: amortize.DefaultUsageBasedProducts}
	held, err := amortize.Run(l, cfg)
	if err != nil {
		t.Fatal(err)
	}
	lazy, err := amortize.RunLazy(l, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(held.Bills) <= windowBills {
		t.Fatalf("%d bills: not more than the window's %d", len(held.Bills), windowBills)
	}
	if lazy.Bills != nil {
		t.Fatal("a lazy result holds its bills")
	}
	s := &Settings{Location: loc, Precision: 2, AsOf: asOf}
	for _, w := range [][2]time.Time{{}, {time.Date(2024, 6, 1, 0, 0, 0, 0, loc), time.Date(2024, 6, 30, 0, 0, 0, 0, loc)},
		{time.Date(2024, 3, 10, 0, 0, 0, 0, loc), {}}} {
		for _, f := range formats {
			name := fmt.Sprintf("%s from %s to %s", f, w[0].Format(time.DateOnly), w[1].Format(time.DateOnly))
			want, got := render(t, Bills(s, held, w[0], w[1]), f), render(t, Bills(s, lazy, w[0], w[1]), f)
			if !bytes.Equal(got, want) {
				t.Errorf("%s: the lazy listing differs (%d bytes, held %d)", name, len(got), len(want))
			}
			if len(want) < 1000 {
				t.Errorf("%s: %d bytes, want a listing", name, len(want))
			}
		}
	}
}

func render(t *testing.T, doc *report.Document, f report.Format) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := report.Render(&b, doc, f); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
