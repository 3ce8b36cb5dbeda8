package present

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/model"
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
	defer func(f func() int) { windowSpan = f }(windowSpan)
	windowSpan = func() int { return 300 }
	compareLazy(t, 60, 3000, []report.Format{report.FormatCSV, report.FormatJSON})
}

// The window keeps what the writers' goroutines ask for at once, however many cores
// format blocks (the bytes are those of one core): the bills are walked once, never again for a reader that fell behind
// (a window of a fixed 65,536 bills was walked again and again on 8 cores: minutes
// and gigabytes for a million bills).
func TestBillWindowManyCores(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(16))
	var windows []*amortize.Window
	defer func(f func(*amortize.Result, time.Time, time.Time, int) *amortize.Window) { newWindow = f }(newWindow)
	newWindow = func(res *amortize.Result, from, to time.Time, span int) *amortize.Window {
		w := res.Window(from, to, span)
		windows = append(windows, w)
		return w
	}
	loc := testkit.Shanghai
	asOf := time.Date(2025, 1, 1, 0, 0, 0, 0, loc)
	l := generatedLedger(t, 3000, 2000, 5, asOf)
	cfg := amortize.Config{Location: loc, Precision: 2, AsOf: asOf}
	res, err := amortize.RunLazy(l, cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := &Settings{Location: loc, Precision: 2, AsOf: asOf}
	for _, f := range []report.Format{report.FormatCSV, report.FormatJSON} {
		windows = nil
		doc := Bills(s, res, time.Time{}, time.Time{})
		if n := res.Tally(time.Time{}, time.Time{}).Bills; n < 2*report.OutOfOrder() {
			t.Fatalf("%d bills: want more than twice the %d the writers may ask for at once", n, report.OutOfOrder())
		}
		got := render(t, doc, f)
		if len(got) == 0 || len(windows) != 1 {
			t.Fatalf("%s: %d windows", f, len(windows))
		}
		if n := windows[0].Walks(); n != 1 {
			t.Errorf("%s: the bills were walked %d times, want once", f, n)
		}
		procs := runtime.GOMAXPROCS(1) // the same bytes formatted on one core
		want := render(t, Bills(s, res, time.Time{}, time.Time{}), f)
		runtime.GOMAXPROCS(procs)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes on 16 cores, %d on one: not the same", f, len(got), len(want))
		}
	}
	// the FOCUS file, csv and parquet, made on every core: the bytes of one core
	focus := func(out string) []byte {
		fc, err := amortize.NewFocus(res, l, amortize.FocusConfig{Provider: amortize.HuaweiCloud,
			Publisher: amortize.HuaweiCloud, InvoiceIssuer: amortize.HuaweiCloud, BillingAccountID: "1", BillingAccountName: "1"})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := FocusWriter(fc, out, 2)(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	for _, out := range []string{"x.csv", "x.parquet"} {
		got := focus(out)
		procs := runtime.GOMAXPROCS(1)
		want := focus(out)
		runtime.GOMAXPROCS(procs)
		if !bytes.Equal(got, want) || len(want) < 1<<20 {
			t.Errorf("FOCUS %s: %d bytes on 16 cores, %d on one: not the same, or not a large file", out, len(got), len(want))
		}
	}
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
	if len(held.Bills) <= windowSpan() {
		t.Fatalf("%d bills: not more than the window's %d", len(held.Bills), windowSpan())
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

// The tag texts give every set added its String(), through the table's growth, and
// the String() of a set never added; the empty set is "".
func TestTagTexts(t *testing.T) {
	var c tagTexts
	if got := c.text(model.Tags{{Key: "a", Value: "b"}}); got != "a=b" {
		t.Fatalf("empty table: %q", got)
	}
	sets := make([]model.Tags, 1000)
	for i := range sets {
		sets[i] = model.Tags{model.Tag{Key: "team", Value: fmt.Sprint(i)}, model.Tag{Key: "env", Value: "prod"}}[:1+i%2]
		c.add(sets[i])
		c.add(sets[i]) // again: one entry
	}
	if c.used != len(sets) || 2*c.used > len(c.slots) {
		t.Fatalf("%d entries in %d slots for %d sets", c.used, len(c.slots), len(sets))
	}
	for _, s := range sets {
		if got := c.text(s); got != s.String() {
			t.Fatalf("text %q, want %q", got, s.String())
		}
	}
	other := model.Tags{{Key: "team", Value: "0"}} // equal to sets[0], another slice
	if got := c.text(other); got != "team=0" || c.text(nil) != "" {
		t.Fatalf("a set not added: %q; the empty set: %q", got, c.text(nil))
	}
}
