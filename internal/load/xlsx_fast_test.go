package load

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/xuri/excelize/v2"
)

// readSheetWith reads a worksheet part's rows as the loader does, with the fast reading
// of rows on or off and a buffer of buf bytes to start with: every row (number, cells,
// cell infos) and the error it ends with, located as the loader locates it. Tokens may
// be 1 MiB: one past the limit is found by encoding/xml at a read, so not at the same
// place when the reads differ.
func readSheetWith(part []byte, fast bool, buf int) string {
	defer func(f bool, b int) { fastSheets, sheetBuf = f, b }(fastSheets, sheetBuf)
	fastSheets, sheetBuf = fast, buf
	sr := newSheetReader(bytes.NewReader(part), 1<<20, sstOf("zero", "one", "two"))
	var out strings.Builder
	for n := 0; ; n++ {
		ok, err := sr.next()
		if err != nil {
			fmt.Fprintf(&out, "error: %v", located(err, model.Source{File: "u.xlsx", Sheet: "S", Line: sr.row}, "the sheet"))
			return out.String()
		}
		if !ok || n > 1000 {
			return out.String()
		}
		fmt.Fprintf(&out, "row %d: %q %v\n", sr.row, sr.cells, sr.cols)
	}
}

// TestFastSheetAsEncodingXML compares the fast reading of rows with encoding/xml alone
// on random sheets, well written and damaged, read through buffers of every size: the
// same rows, cells and errors, at the same places.
func TestFastSheetAsEncodingXML(t *testing.T) {
	all := compareWithEncodingXML(t, rand.New(rand.NewPCG(7, 21)), randomSheet, readSheetWith)
	if strings.Count(all, "row ") < 3000 {
		t.Fatalf("%d rows read", strings.Count(all, "row "))
	}
}

// compareWithEncodingXML reads 3000 parts made by random, a third of them damaged, with
// read: with the fast reading on, through a buffer of a random size, and with
// encoding/xml alone, which must give the same text. It returns the texts.
func compareWithEncodingXML(t *testing.T, rng *rand.Rand, random func(*rand.Rand) []byte, read func(part []byte, fast bool, buf int) string) string {
	var all strings.Builder
	for i := range 3000 {
		part := random(rng)
		if rng.IntN(3) == 0 {
			part = damage(rng, part)
		}
		want := read(part, false, sheetBuf)
		buf := []int{16, 17, 64, 100, 4096, 64 << 10}[rng.IntN(6)]
		if got := read(part, true, buf); got != want {
			t.Fatalf("part %d (buffer %d):\n%s\nfast:\n%s\nencoding/xml:\n%s", i, buf, part, got, want)
		}
		all.WriteString(want)
	}
	return all.String()
}

// fuzzWithEncodingXML is a fuzz target comparing read with the fast reading on (through
// a buffer of any size) and off, on any part, seeded with parts made by random.
func fuzzWithEncodingXML(f *testing.F, random func(*rand.Rand) []byte, read func(part []byte, fast bool, buf int) string) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		f.Add(random(rng), uint16(64))
	}
	f.Fuzz(func(t *testing.T, part []byte, buf uint16) {
		want := read(part, false, sheetBuf)
		if got := read(part, true, int(buf%4096)+16); got != want {
			t.Fatalf("fast:\n%s\nencoding/xml:\n%s", got, want)
		}
	})
}

// TestFastSheetReadsRowsItself checks that a sheet written as spreadsheet programs write
// it is read here, not handed to encoding/xml.
func TestFastSheetReadsRowsItself(t *testing.T) {
	part := []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"><dimension ref="A1:C2"/><sheetData><row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>1</v></c><c r="B1" t="inlineStr"><is><t>数据 &amp; more</t></is></c><c r="C1" s="2"><v>45292.5</v></c></row>
<row r="2"><c r="A2" t="str"><f>A1</f><v>x</v></c></row></sheetData></worksheet>`)
	rows := readFast(t, part, []string{"zero", "one"}, sheetBuf)
	want := []string{`1 ["one" "数据 & more" "45292.5"]`, `2 ["x"]`}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Fatalf("rows %q, want %q", rows, want)
	}
}

// readFast reads the rows of a sheet with the fast reading on, through a buffer of buf
// bytes to start with, failing t when encoding/xml reads one.
func readFast(t *testing.T, part []byte, sst []string, buf int) []string {
	t.Helper()
	defer func(f bool, n int) { fastSheets, sheetBuf = f, n }(fastSheets, sheetBuf)
	fastSheets, sheetBuf = true, buf
	sr := newSheetReader(bytes.NewReader(part), 1<<20, sstOf(sst...))
	var rows []string
	for {
		ok, err := sr.next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return rows
		}
		if sr.fast == nil {
			t.Fatalf("buffer %d: row %d was read by encoding/xml", buf, sr.row)
		}
		rows = append(rows, fmt.Sprintf("%d %q", sr.row, sr.cells))
	}
}

// TestFastSheetReadsEveryPlainRow reads a long sheet as spreadsheet programs write it
// through buffers of several sizes (of 512 bytes or more: the <sheetData> tag is then
// kept wherever it was cut): no row is handed to encoding/xml, wherever the buffer's
// end cuts it.
func TestFastSheetReadsEveryPlainRow(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for r := 1; r <= 3000; r++ {
		fmt.Fprintf(&b, `<row r="%d" spans="1:4"><c r="A%d" t="s"><v>%d</v></c><c r="B%d" s="1"><v>%d.25</v></c>`, r, r, r%3, r, r)
		fmt.Fprintf(&b, `<c r="C%d" t="inlineStr"><is><t>row &amp; %d</t></is></c><c r="D%d"/></row>`, r, r, r)
		if r%7 == 0 {
			b.WriteString("\n")
		}
	}
	b.WriteString(`</sheetData></worksheet>`)
	for _, buf := range []int{512, 513, 700, 1000, 4096} {
		if rows := readFast(t, []byte(b.String()), []string{"a", "b", "c"}, buf); len(rows) != 3000 {
			t.Fatalf("buffer %d: %d rows, want 3000", buf, len(rows))
		}
	}
}

// randomSheet is a worksheet part as spreadsheet programs write it, with now and then
// what only encoding/xml reads here: comments, CDATA, prefixes, entities, carriage
// returns, odd spacing and odd values.
func randomSheet(rng *rand.Rand) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://x/r" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	b.WriteString(often(rng, `<dimension ref="A1:C3"/>`, `<sheetPr><tabColor rgb="FF00FF00"/></sheetPr>`, ""))
	b.WriteString(often(rng, "<sheetData>", "<sheetData>", "<sheetData >", "<x:sheetData>", "<sheetData/>", "<sheetData:sheetData>"))
	rows := rng.IntN(6)
	for r := 1; r <= rows; r++ {
		b.WriteString(often(rng, "", "", "\n", "  ", "\r\n", "<!-- c -->", "text"))
		rowAttr := often(rng, fmt.Sprintf(` r="%d"`, r), fmt.Sprintf(` r="%d" spans="1:3" x14ac:dyDescent="0.25"`, r),
			"", fmt.Sprintf(` r='%d'`, r), ` r="0"`, ` r="x"`, fmt.Sprintf(` ht="15"  r="%d"`, r+1), ` xmlns:r="7"`, ` a:b:r="3"`, ` r="1&#48;"`)
		if rng.IntN(10) == 0 {
			b.WriteString("<row" + rowAttr + "/>")
			continue
		}
		b.WriteString(often(rng, "<row"+rowAttr+">", "<row"+rowAttr+">", "<x:row"+rowAttr+">", "<row"+rowAttr+"\n>"))
		for c := 0; c < rng.IntN(5); c++ {
			b.WriteString(randomSheetCell(rng, c, r))
		}
		b.WriteString(often(rng, "</row>", "</row>", "</row >", "</x:row>", "</rows>", ""))
	}
	b.WriteString(often(rng, "</sheetData>", "</sheetData>", "</x:sheetData>", "</sheetData >", ""))
	b.WriteString(often(rng, "</worksheet>", ""))
	return []byte(b.String())
}

func randomSheetCell(rng *rand.Rand, c, r int) string {
	name := often(rng, fmt.Sprintf("%c%d", 'A'+c, r), "", fmt.Sprintf("%c%d", 'a'+c, r), "XFD1", "XFE1", "A0", "A01", "$A$1", "AAAA1", "A1048577", "ZZ9")
	attrs := ""
	if name != "" {
		attrs = often(rng, ` r="`+name+`"`, ` r='`+name+`'`, ` x:r="`+name+`"`)
	}
	attrs += often(rng, anyOf(rng, "", ` t="s"`, ` t="inlineStr"`, ` t="n"`, ` t="str"`), ` t="b"`, ` t="e"`, ` t="d"`, ` t="s" t="n"`, ` t = "s"`)
	attrs += often(rng, "", ` s="3"`, ` s="-1"`, ` s="x"`, ` s=""`, ` s="&#51;"`)
	text := often(rng, anyOf(rng, "0", "1", "2", "x", "45292.5", "数据", "a&amp;b", "&#65;", "a\tb\nc"), "2", "7", " 1 ", "45292.5", "x", "数据", "a&amp;b", "&lt;&gt;&quot;&apos;", "&#65;&#x42;", "&#0;", "&#xD;",
		"&bogus;", "a\rb", "a\tb\nc", "]]>", "]]", "<![CDATA[z]]>", "\x01", "\xff", "_x0041_", "")
	switch rng.IntN(12) {
	case 0:
		return "<c" + attrs + "/>"
	case 1:
		return "<c" + attrs + "><is><t>" + text + "</t></is></c>"
	case 2:
		return "<c" + attrs + `><is><r><rPr><b/><sz val="11"/></rPr><t` + innerAttr(rng) + `>` + text + `</t></r><r><t>` + text +
			`</t></r><rPh sb="0" eb="1"><t>ph</t></rPh><phoneticPr fontId="1"/></is></c>`
	case 3:
		return "<c" + attrs + "><f>SUM(A1:A2)</f><v>" + text + "</v></c>"
	case 4:
		return "<c" + attrs + "><v>" + text + "</v><v>" + text + "</v></c>"
	case 5:
		return "<c" + attrs + "><v>" + text + "<x/>" + text + "</v></c>"
	case 6:
		return "<c" + attrs + "><x:v>" + text + "</x:v></c>"
	case 7:
		return "<extLst><ext uri=\"u\"><v>9</v></ext></extLst>"
	case 8:
		return "<c" + attrs + "><is><t>" + text + "<rPh><t>p</t></rPh>" + text + "</t></is></c>"
	}
	return "<c" + attrs + "><v>" + text + "</v></c>"
}

// innerAttr is an attribute of an element inside a cell or a shared string, now and
// then one that only encoding/xml reads (or refuses).
func innerAttr(rng *rand.Rand) string {
	return often(rng, ` xml:space="preserve"`, ` xml:space="&bogus;"`, ` a:b:c="1"`, ` v="a<b"`, ` v="&#65;"`, ` v='x'`, ` v="\x01"`, ` :v="1"`, ` v:="1"`, "")
}

// damage breaks a part at random: a byte dropped, changed or added, or the end cut.
func damage(rng *rand.Rand, part []byte) []byte {
	if len(part) == 0 {
		return part
	}
	i := rng.IntN(len(part))
	switch rng.IntN(4) {
	case 0:
		return append(part[:i:i], part[i+1:]...)
	case 1:
		part[i] = "<>/\"'&; =x\n\r\x00"[rng.IntN(13)]
		return part
	case 2:
		return append(append(part[:i:i], "<>/\"'&"[rng.IntN(6)]), part[i:]...)
	}
	return part[:i]
}

// anyOf is one of options.
func anyOf(rng *rand.Rand, options ...string) string { return options[rng.IntN(len(options))] }

// often is usual most of the time, else one of rare.
func often(rng *rand.Rand, usual string, rare ...string) string {
	if rng.IntN(12) > 0 {
		return usual
	}
	return rare[rng.IntN(len(rare))]
}

// readStringsWith reads a shared-strings part as the loader does, with the fast reading
// on or off and a buffer of buf bytes to start with: the strings, or the error.
func readStringsWith(part []byte, fast bool, buf int) string {
	defer func(f bool, b int) { fastSheets, sheetBuf = f, b }(fastSheets, sheetBuf)
	fastSheets, sheetBuf = fast, buf
	sst, err := readSharedStrings(bytes.NewReader(part), 1<<20, 1<<30)
	if err != nil {
		return fmt.Sprintf("error: %v", located(err, model.Source{File: "u.xlsx"}, "the shared strings"))
	}
	return fmt.Sprintf("%q", sst.strings())
}

// randomStrings is a shared-strings part as spreadsheet programs write it, with now and
// then what only encoding/xml reads here.
func randomStrings(rng *rand.Rand) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(often(rng, `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="9" uniqueCount="9">`,
		`<x:sst xmlns:x="u">`, `<sst/>`, `<rPh><sst>`, `<sst >`, `<a><sst>`, `<sst:sst>`))
	for range rng.IntN(8) {
		b.WriteString(often(rng, "", "\n", " ", "\r\n", "<!-- c -->", "text", "<t>stray</t>", "<rPh>"))
		text := often(rng, anyOf(rng, "id-1", "数据", "a&amp;b", "_x0041_", "a\tb\nc", " lead"), "&bogus;", "a\rb", "]]>", "\x01", "\xff", "<![CDATA[z]]>", "")
		switch rng.IntN(5) {
		case 0:
			b.WriteString(`<si><r><rPr><b/></rPr><t` + innerAttr(rng) + `>` + text + `</t></r><r><t>` + text + `</t></r><rPh sb="0" eb="1"><t>ph</t></rPh></si>`)
		case 1:
			b.WriteString(`<si><t>` + text + `<rPh><t>p</t></rPh>` + text + `</t></si>`)
		case 2:
			b.WriteString(often(rng, `<si><t/></si>`, `<si/>`, `<si><si><t>n</t></si></si>`, `<x:si><t>p</t></x:si>`))
		default:
			b.WriteString(`<si><t` + innerAttr(rng) + `>` + text + `</t></si>`)
		}
	}
	b.WriteString(often(rng, "</sst>", "</x:sst>", "</sst >", "", "</sst><extra/>", "</sst>trailing", "</sst></a>", "</sst></rPh>"))
	return []byte(b.String())
}

// TestFastStringsAsEncodingXML compares the fast reading of shared strings with
// encoding/xml alone, as TestFastSheetAsEncodingXML does for sheets.
func TestFastStringsAsEncodingXML(t *testing.T) {
	all := compareWithEncodingXML(t, rand.New(rand.NewPCG(9, 10)), randomStrings, readStringsWith)
	if strings.Count(all, "id-1") < 500 {
		t.Fatalf("%d strings id-1 read", strings.Count(all, "id-1"))
	}
}

// TestFastStringsReadsEveryPlainItem reads many plain items (empty ones too) through
// buffers of several sizes: every one is read here, none by encoding/xml.
func TestFastStringsReadsEveryPlainItem(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3000">`)
	for i := range 3000 {
		if i%7 == 0 {
			b.WriteString(`<si/>`) // an empty string
			continue
		}
		fmt.Fprintf(&b, `<si><t>U%08d &amp; 数据</t></si>`, i)
	}
	b.WriteString(`</sst>`)
	defer func(f bool, n int) { fastSheets, sheetBuf = f, n }(fastSheets, sheetBuf)
	fastSheets = true
	for _, buf := range []int{512, 513, 700, 4096} {
		sheetBuf = buf
		fastItems.Store(0)
		sst, err := readSharedStrings(strings.NewReader(b.String()), 1<<20, 1<<30)
		if err != nil || sst.len() != 3000 || sst.at(2999) != "U00002999 & 数据" || sst.at(2996) != "" {
			t.Fatalf("buffer %d: %d strings, %v", buf, sst.len(), err)
		}
		if n := fastItems.Load(); n != 3000 {
			t.Fatalf("buffer %d: %d of 3000 items read here", buf, n)
		}
	}
}

// FuzzFastStrings compares the fast reading of shared strings with encoding/xml alone
// on any part.
func FuzzFastStrings(f *testing.F) { fuzzWithEncodingXML(f, randomStrings, readStringsWith) }

// FuzzFastSheet compares the fast reading of rows with encoding/xml alone on any part.
func FuzzFastSheet(f *testing.F) { fuzzWithEncodingXML(f, randomSheet, readSheetWith) }

// TestPlainCellColumnAsExcelize checks the plain reading of cell names against excelize
// on every column and many rows, and on names it leaves to excelize.
func TestPlainCellColumnAsExcelize(t *testing.T) {
	rows := []string{"1", "2", "9", "10", "99", "1048575", "1048576", "1048577", "9999999", "10000000", "0", "01", "1x", ""}
	check := func(name string) {
		col, ok := plainCellColumn([]byte(name))
		if !ok {
			return
		}
		c, _, err := excelize.CellNameToCoordinates(name)
		if err != nil || c != col {
			t.Fatalf("%q: plain column %d, excelize %d, %v", name, col, c, err)
		}
	}
	read := 0
	for c := 1; c <= maxCols+30; c++ {
		letters, _ := excelize.ColumnNumberToName(c)
		for _, r := range rows {
			check(letters + r)
			if _, ok := plainCellColumn([]byte(letters + r)); ok {
				read++
			}
		}
	}
	for _, odd := range []string{"a1", "$A$1", "A$1", "AAAA1", " A1", "A 1", "A1 ", "A-1", "A+1", "Ａ1"} {
		if _, ok := plainCellColumn([]byte(odd)); ok {
			t.Errorf("%q read as plain", odd)
		}
	}
	if read != maxCols*7 { // rows 1, 2, 9, 10, 99, 1048575 and 1048576 of every column
		t.Fatalf("%d names read as plain, want %d", read, maxCols*7)
	}
}

// TestFastReadingAtTheLimits holds the cases an adversarial review found read otherwise
// than by encoding/xml: long whitespace between rows and items and inside an end tag
// (encoding/xml's limit on a token refuses them), a small limits.row_size (below the
// fast reading's own bound), and a part whose reader stops bringing bytes without an
// error (io.ErrNoProgress, not a hang).
func TestFastReadingAtTheLimits(t *testing.T) {
	ws := strings.Repeat(" ", 3<<20)
	endWS := strings.Repeat(" ", 1<<20+20000)
	sheets := map[string]string{
		"space between rows":      `<worksheet><sheetData><row r="1"/>` + ws + `<row r="2"/></sheetData></worksheet>`,
		"space in an end tag":     `<sheetData><row r="1"><c><v>1</v></c` + endWS + `></row></sheetData>`,
		"space after a row's end": `<sheetData><row r="1"><c><v>1</v></c></row` + endWS + `></sheetData>`,
	}
	for name, part := range sheets {
		for _, buf := range []int{600, 64 << 10} {
			if got, want := readSheetWith([]byte(part), true, buf), readSheetWith([]byte(part), false, sheetBuf); got != want {
				t.Errorf("%s (buffer %d):\nfast:\n%s\nencoding/xml:\n%s", name, buf, got, want)
			}
		}
	}
	items := map[string]string{
		"space between items": `<sst><si><t>a</t></si>` + ws + `<si><t>b</t></si></sst>`,
		"space in an end tag": `<sst><si><t>a</t` + endWS + `></si></sst>`,
	}
	for name, part := range items {
		for _, buf := range []int{600, 64 << 10} {
			if got, want := readStringsWith([]byte(part), true, buf), readStringsWith([]byte(part), false, sheetBuf); got != want {
				t.Errorf("%s (buffer %d):\nfast:\n%s\nencoding/xml:\n%s", name, buf, got, want)
			}
		}
	}

	// limits.row_size of 16 KiB: a 40 KiB formula is refused, fast reading or not
	small := func(fast bool) string {
		defer func(f bool) { fastSheets = f }(fastSheets)
		fastSheets = fast
		sr := newSheetReader(strings.NewReader(`<sheetData><row r="1"><c><f>`+strings.Repeat("x", 40<<10)+`</f><v>1</v></c></row></sheetData>`), 16<<10, nil)
		ok, err := sr.next()
		return fmt.Sprint(ok, sr.cells, err)
	}
	if got, want := small(true), small(false); got != want || !strings.Contains(want, "16 KiB") {
		t.Errorf("a small limit:\nfast:         %s\nencoding/xml: %s", got, want)
	}

	// a reader that stops bringing bytes, without an error
	defer func(f bool, b int) { fastSheets, sheetBuf = f, b }(fastSheets, sheetBuf)
	for _, fast := range []bool{false, true} {
		fastSheets, sheetBuf = fast, 64
		sr := newSheetReader(&stallReader{[]byte(`<worksheet><sheetData><row r="1"><c><v>1</v></c></row><row r="2"><c><v>`)}, 1<<20, nil)
		done := make(chan string, 1)
		go func() { // on a goroutine of its own: a hang fails the test instead of stopping it
			out := ""
			for {
				ok, err := sr.next()
				if err != nil || !ok {
					done <- out + fmt.Sprint(err)
					return
				}
				out += fmt.Sprint(sr.row, sr.cells, ";")
			}
		}()
		select {
		case got := <-done:
			if !strings.Contains(got, "no data or error") {
				t.Errorf("fast %v: %s", fast, got)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("fast %v: the reading hangs", fast)
		}
	}
}

// stallReader gives its bytes, then nothing and no error, forever.
type stallReader struct{ data []byte }

func (r *stallReader) Read(p []byte) (int, error) {
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// TestAheadReaderPanicsAfterItsBytes reads a part whose reader panics part way: every
// byte read before the panic comes first, then the panic, on every later Read too.
func TestAheadReaderPanicsAfterItsBytes(t *testing.T) {
	r := newAheadReader(io.NopCloser(&breakingReader{left: 1_600_000}))
	defer r.Close()
	n, p := 0, any(nil)
	buf := make([]byte, 7000)
	func() {
		defer func() { p = recover() }()
		for {
			k, err := r.Read(buf)
			n += k
			if err != nil {
				t.Fatal(err)
			}
		}
	}()
	if n != 1_600_000 || p == nil {
		t.Fatalf("%d bytes, then %v", n, p)
	}
	func() {
		defer func() { p = recover() }()
		r.Read(buf)
	}()
	if p == nil {
		t.Fatal("no panic on the next Read")
	}
}

// breakingReader gives left bytes, 5,000 a read, then panics.
type breakingReader struct{ left int }

func (r *breakingReader) Read(p []byte) (int, error) {
	if r.left == 0 {
		panic("reader broke")
	}
	n := min(len(p), 5000, r.left)
	r.left -= n
	return n, nil
}

// sstOf is a table of the shared strings ss.
func sstOf(ss ...string) *sstTable {
	var t sstTable
	for _, s := range ss {
		t.add(s)
	}
	return &t
}

// strings is every string of the table, in order.
func (t *sstTable) strings() []string {
	var ss []string
	for i := range t.len() {
		ss = append(ss, t.at(i))
	}
	return ss
}
