package report

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// tablewriterText renders a table as tablewriter's ASCII style does, the reference of
// renderTable's bytes at full width.
func tablewriterText(t *testing.T, tab *Table, doc *Document) string {
	t.Helper()
	var buf bytes.Buffer
	var shown []int
	for j, c := range tab.Columns {
		if !c.Wide {
			shown = append(shown, j)
		}
	}
	align := make(tw.Alignment, len(shown))
	header := make([]string, len(shown))
	for i, j := range shown {
		header[i], align[i] = tab.Columns[j].Key, tw.AlignLeft
		if tab.Columns[j].Kind.numeric() {
			align[i] = tw.AlignRight
		}
	}
	tbl := tablewriter.NewTable(&buf,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})),
		tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithFooterAutoFormat(tw.Off),
		tablewriter.WithRowAutoFormat(tw.Off), tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithRowAutoWrap(tw.WrapNone), tablewriter.WithFooterAutoWrap(tw.WrapNone),
		tablewriter.WithTrimSpace(tw.Off), tablewriter.WithAlignment(align),
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{Global: tw.AlignLeft, PerColumn: align}),
	)
	tbl.Header(header)
	pick := func(row []Cell) []string {
		out := make([]string, len(shown))
		for i, j := range shown {
			out[i] = row[j].display(doc.Precision, doc.Location)
		}
		return out
	}
	for _, row := range tab.Rows {
		if err := tbl.Append(pick(row)); err != nil {
			t.Fatal(err)
		}
	}
	tot := tab.newTotaler()
	for i, row := range tab.Rows {
		tot.add(i, row)
	}
	if rows := tot.rows(); len(rows) == 1 { // randomTable sets no TotalBy: one footer
		tbl.Footer(pick(rows[0]))
	}
	if err := tbl.Render(); err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) == 0 { // pkgctl's own line under an empty table
		buf.WriteString(noRows + "\n")
	}
	return buf.String()
}

// randomTable is a table of random texts (ASCII and CJK, some empty), amounts,
// quantities and counts, some columns Wide, a totals footer on some.
func randomTable(rng *rand.Rand) *Table {
	texts := []string{"", "a", "OBS", "Expenditure-resource packages used", "北京一区", "项目A-测试", "x y z", "PKG-0001"}
	cols := []Column{{Key: "id"}}
	for range 1 + rng.IntN(5) {
		k := Kind(rng.IntN(4))
		cols = append(cols, Column{Key: fmt.Sprintf("c%d_%s", len(cols), k), Kind: k,
			Total: k != KindText && rng.IntN(2) == 0, Wide: rng.IntN(6) == 0})
	}
	tab := &Table{Name: "T", Columns: cols}
	for r := range rng.IntN(6) {
		row := []Cell{Text(fmt.Sprintf("r%d", r))}
		for _, c := range cols[1:] {
			switch c.Kind {
			case KindText:
				row = append(row, Text(texts[rng.IntN(len(texts))]))
			case KindInt:
				row = append(row, Int(int64(rng.IntN(100000))-50))
			case KindMoney:
				row = append(row, Money(dec(fmt.Sprintf("%d.%02d", rng.IntN(10000)-500, rng.IntN(100)))))
			default:
				if rng.IntN(4) == 0 {
					row = append(row, Empty())
				} else {
					row = append(row, Qty(dec(fmt.Sprint(rng.IntN(5000)))))
				}
			}
		}
		tab.Rows = append(tab.Rows, row)
	}
	return tab
}

// At full width (a pipe, a file) the table is byte for byte what tablewriter prints (and,
// under a table without a row, the line that says so).
func TestTableMatchesTablewriter(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	doc := &Document{Precision: 2}
	for i := range 300 {
		tab := randomTable(rng)
		doc.Tables = []*Table{tab}
		var got bytes.Buffer
		if err := Render(&got, doc, FormatTable); err != nil {
			t.Fatal(err)
		}
		if want := tablewriterText(t, tab, doc); got.String() != want {
			t.Fatalf("case %d:\ngot\n%s\nwant\n%s", i, got.String(), want)
		}
	}
}

// On a terminal the table fits its width by cutting text cells: every line is at most
// the width (when the numbers allow it), every row is there, numbers are whole.
func TestTableFitsTheTerminal(t *testing.T) {
	long := "PKG-CDN-DAILY: period 2025-03-17 16:00:00 → 2025-03-18 16:00:00 ran out of its 10 GB at 2025-03-18 02:00:00"
	tab := &Table{Name: "T", Columns: []Column{{Key: "record_id"}, {Key: "pay_per_use", Kind: KindQuantity},
		{Key: "cost", Kind: KindMoney, Total: true}, {Key: "project"}, {Key: "message"}}}
	for i := range 30 {
		tab.Rows = append(tab.Rows, []Cell{Text(fmt.Sprintf("U-CDN-%04d", i)), Qty(dec("123456789.125")),
			Money(dec("98765.43")), Text("企业项目-数据平台-生产环境"), Text(long)})
	}
	for _, width := range []int{60, 80, 120, 400} {
		var b bytes.Buffer
		doc := &Document{Tables: []*Table{tab}, Precision: 2, Width: width}
		if err := Render(&b, doc, FormatTable); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
		if len(lines) != 30+6 {
			t.Errorf("width %d: %d lines, want 36", width, len(lines))
		}
		for _, l := range lines {
			if w := displayWidth(l); w > width && width >= 80 {
				t.Errorf("width %d: line of %d: %s", width, w, l)
			}
		}
		if !strings.Contains(b.String(), "| 123456789.125 |") || !strings.Contains(b.String(), "| 2962962.90 |") {
			t.Errorf("width %d: a number was cut:\n%s", width, b.String())
		}
		if cut := strings.Contains(b.String(), "…"); cut != (width < 400) {
			t.Errorf("width %d: cut %v", width, cut)
		}
	}
}

// A million on-demand rows render without being held: the memory allocated does not
// grow with the rows.
func TestTableStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a million rows")
	}
	tab := &Table{Name: "T", Columns: []Column{{Key: "id"}, {Key: "qty", Kind: KindQuantity, Total: true}}, N: 1_000_000,
		Row: func(i int, buf []Cell) []Cell { return append(buf, Text("record"), QtyParts(int64(i), -2)) }}
	doc := &Document{Tables: []*Table{tab}}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if err := Render(io.Discard, doc, FormatTable); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if live := int64(after.HeapAlloc) - int64(before.HeapAlloc); live > 8<<20 {
		t.Errorf("%d bytes still held after rendering", live)
	}
	if peak := after.HeapSys; peak > 512<<20 {
		t.Errorf("heap grew to %d bytes", peak)
	}
}
