package load

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/xuri/excelize/v2"
)

// usageWorkbook is a valid usage workbook of n data rows (records r1…rn) under a header
// in row 1, as excelize writes it.
func usageWorkbook(t *testing.T, n int) []byte {
	t.Helper()
	f := excelize.NewFile()
	must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"record_id", "product", "billing_item", "start_time", "end_time", "quantity"}))
	for i := 1; i <= n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		must(t, f.SetSheetRow("Sheet1", cell, &[]any{fmt.Sprintf("r%d", i), "OBS", "Storage",
			"2024-01-01 10:00:00", "2024-01-01 11:00:00", "5 GB"}))
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rewritePart returns the workbook data with the part called name replaced by what
// edit makes of it; every other part is copied as is.
func rewritePart(t *testing.T, data []byte, name string, edit func([]byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	found := false
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == name {
			body, found = edit(body), true
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(body); err != nil {
			t.Fatal(err)
		}
	}
	if !found {
		t.Fatalf("no part %s", name)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// damageRow applies edit to the XML of row n of the first sheet.
func damageRow(t *testing.T, data []byte, n int, edit func(row string) string) []byte {
	return rewritePart(t, data, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
		s := string(b)
		start := strings.Index(s, fmt.Sprintf(`<row r="%d"`, n))
		end := strings.Index(s[start:], "</row>") + start + len("</row>")
		if start < 0 || end < start {
			t.Fatalf("row %d not found", n)
		}
		return []byte(s[:start] + edit(s[start:end]) + s[end:])
	})
}

// A sheet whose XML is damaged is bad input, located at the row where reading stopped:
// never a shorter table read as if it were whole.
func TestXLSXDamagedSheetIsAnError(t *testing.T) {
	good := usageWorkbook(t, 40)
	cases := []struct {
		name string
		row  int
		edit func(string) string
		want string // in the message
	}{
		{"cut tag mid-sheet", 20, func(r string) string { return strings.Replace(r, "</c>", "</c", 1) }, "u.xlsx[Sheet1]:20: "},
		{"undefined entity in the first data row", 2, func(r string) string { return strings.Replace(r, "<v>", "<v>&bogus;", 1) }, "u.xlsx[Sheet1]:2: "},
		{"mismatched end tag", 33, func(r string) string { return strings.Replace(r, "</c>", "</v>", 1) }, "u.xlsx[Sheet1]:33: "},
		{"truncated part", 25, func(r string) string { return r[:len(r)/2] }, "u.xlsx[Sheet1]:25: "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := damageRow(t, good, c.row, c.edit)
			for _, skip := range []bool{false, true} {
				opt := testOptions()
				opt.SkipInvalid = skip
				recs, _, err := Usage("u.xlsx", bytes.NewReader(data), opt)
				var le Errors
				if !errors.As(err, &le) {
					t.Fatalf("skip=%v: %d records, err %v; want bad input", skip, len(recs), err)
				}
				t.Log(err)
				if len(recs) != 0 || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "XML") {
					t.Errorf("skip=%v: %d records, err %q; want no records and %q…XML…", skip, len(recs), err, c.want)
				}
			}
		})
	}
	if recs, _, err := Usage("u.xlsx", bytes.NewReader(good), testOptions()); err != nil || len(recs) != 40 {
		t.Errorf("the undamaged workbook: %d records, %v", len(recs), err)
	}
}

// zipPart is one part of a hand-made archive: its name and content, (when lie is set)
// the inflated size its header declares instead of the true one, and (again) whether it
// is added beside a part of the same name rather than replacing it.
type zipPart struct {
	name  string
	body  []byte
	lie   uint64
	again bool
}

// withParts returns the workbook data with the named parts replaced or added.
func withParts(t testing.TB, data []byte, parts ...zipPart) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	replaced := map[string]bool{}
	for _, p := range parts {
		replaced[p.name] = !p.again
	}
	for _, f := range zr.File {
		if replaced[f.Name] {
			continue
		}
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range parts {
		if p.lie == 0 {
			w, err := zw.Create(p.name)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write(p.body); err != nil {
				t.Fatal(err)
			}
			continue
		}
		var comp bytes.Buffer // deflate the true body, declare a smaller size
		fw, _ := flate.NewWriter(&comp, flate.BestCompression)
		fw.Write(p.body)
		fw.Close()
		w, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(p.body),
			CompressedSize64: uint64(comp.Len()), UncompressedSize64: p.lie})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(comp.Bytes()); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// sheetXML is a worksheet whose sheetData holds the usage header row, then body.
func sheetXML(body string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1"><c r="A1" t="inlineStr"><is><t>record_id</t></is></c><c r="B1" t="inlineStr"><is><t>product</t></is></c>` +
		`<c r="C1" t="inlineStr"><is><t>billing_item</t></is></c><c r="D1" t="inlineStr"><is><t>start_time</t></is></c>` +
		`<c r="E1" t="inlineStr"><is><t>end_time</t></is></c><c r="F1" t="inlineStr"><is><t>quantity</t></is></c></row>` +
		body + `</sheetData></worksheet>`)
}

// dataRow is a valid usage row n (record r<n>) in sheet XML, with text cells inline.
func dataRow(n int, id string) string {
	c := func(col, v string) string {
		return fmt.Sprintf(`<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>`, col, n, v)
	}
	return fmt.Sprintf(`<row r="%d">`, n) + c("A", id) + c("B", "OBS") + c("C", "Storage") +
		c("D", "2024-01-01 10:00:00") + c("E", "2024-01-01 11:00:00") + c("F", "5 GB") + `</row>`
}

// allocated runs fn and returns the bytes it allocated (the whole process's, so a
// generous bound of it is a bound of fn's memory).
func allocated(fn func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	fn()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// Archive bombs and oversized parts are refused, located, as bad input, before (or
// while, for a part whose header lies) they are inflated: memory stays small.
func TestXLSXBombsAreRefused(t *testing.T) {
	if raceOn {
		t.Skip("measures allocations, which the race detector adds to")
	}
	base := usageWorkbook(t, 1)
	const sheet = "xl/worksheets/sheet1.xml"
	whitespace := sheetXML(dataRow(2, "r1") + strings.Repeat(" ", 16<<20) + dataRow(3, "r2"))
	emptyRows := func(n int) []byte {
		var b strings.Builder
		for i := 2; i < 2+n; i++ {
			fmt.Fprintf(&b, `<row r="%d"><c r="A%d"/><c r="B%d"/><c r="C%d"/></row>`, i, i, i, i)
		}
		return sheetXML(b.String())
	}
	many := emptyRows(50_000) // ~2.5 MB of empty cells: compresses about 1:10, a real ratio
	bigCell := sheetXML(dataRow(2, strings.Repeat("9", 16<<20)))
	var sst strings.Builder
	sst.WriteString(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>`)
	sst.WriteString(strings.Repeat("x", 16<<20))
	sst.WriteString(`</t></si></sst>`)
	// one shared string of 512 KiB, the billing item of every row: 2,000 rows would be
	// 1 GiB of text from a workbook of a few KB
	paddedRefRows := func(pad, n int) []byte {
		var b strings.Builder
		for i := 2; i < 2+pad; i++ { // empty rows: XML that refers to nothing
			fmt.Fprintf(&b, `<row r="%d"/>`, i)
		}
		for i := 2 + pad; i < 2+pad+n; i++ {
			b.WriteString(strings.Replace(dataRow(i, fmt.Sprint("r", i)),
				fmt.Sprintf(`<c r="C%d" t="inlineStr"><is><t>Storage</t></is></c>`, i), fmt.Sprintf(`<c r="C%d" t="s"><v>0</v></c>`, i), 1))
		}
		return sheetXML(b.String())
	}
	refRows := func(n int) []byte { return paddedRefRows(0, n) }
	bigItem := []byte(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>` +
		strings.Repeat("x", 512<<10) + `</t></si></sst>`)
	// 65,537 empty items: 320 KiB of XML, 1 MiB and 16 bytes to hold
	emptyItems := []byte(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		strings.Repeat("<si/>", 1<<16+1) + `</sst>`)
	small := Limits{XLSXPartSize: 1 << 20, XLSXTotalSize: 2 << 20, XLSXStringsSize: 1 << 20}
	cases := []struct {
		name  string
		data  []byte
		lim   Limits
		want  string
		alloc uint64 // most bytes the load may allocate
	}{
		{"whitespace bomb", withParts(t, base, zipPart{name: sheet, body: whitespace}), Limits{},
			"u.xlsx: part xl/worksheets/sheet1.xml inflates from", 8 << 20},
		{"part over the part limit", withParts(t, base, zipPart{name: sheet, body: many}), small,
			"limits.xlsx_part_size", 8 << 20},
		{"parts over the total limit", withParts(t, base, zipPart{name: sheet, body: many[:len(many)/3]},
			zipPart{name: "xl/media/a.bin", body: many[:len(many)/2]}, zipPart{name: "xl/media/b.bin", body: many[:len(many)/2]}),
			Limits{XLSXPartSize: 2 << 20, XLSXTotalSize: 2 << 20}, "limits.xlsx_total_size", 8 << 20},
		{"a header that lies about the size", withParts(t, base, zipPart{name: sheet, body: whitespace, lie: 4096}), Limits{},
			"u.xlsx: part xl/worksheets/sheet1.xml cannot be read", 8 << 20},
		{"a cell of 16 MiB", withParts(t, base, zipPart{name: sheet, body: bigCell}), Limits{XLSXRatio: 1 << 20},
			"u.xlsx[Sheet1]:2: the sheet: more than 1 MiB of text in cell A2 (limits.row_size)", 12 << 20},
		{"a shared string of 16 MiB", withParts(t, base, zipPart{name: "xl/sharedStrings.xml", body: []byte(sst.String())}),
			Limits{XLSXRatio: 1 << 20, XLSXStringsSize: 1 << 30}, "limits.row_size", 12 << 20},
		{"shared strings over their limit", withParts(t, base, zipPart{name: "xl/sharedStrings.xml", body: []byte(sst.String())}),
			Limits{XLSXRatio: 1 << 20, XLSXStringsSize: 1 << 20}, "limits.xlsx_strings_size", 8 << 20},
		{"cells that refer to one shared string of 512 KiB 2,000 times", withParts(t, base, zipPart{name: sheet, body: refRows(2000)},
			zipPart{name: "xl/sharedStrings.xml", body: bigItem}), Limits{},
			"u.xlsx[Sheet1]:", 96 << 20},
		// 5 MB of empty rows buy 32 times their size: 160 MB, not the 300 MB 600 rows refer to
		{"the same 600 times after 300,000 empty rows", withParts(t, base, zipPart{name: sheet, body: paddedRefRows(300_000, 600)},
			zipPart{name: "xl/sharedStrings.xml", body: bigItem}), Limits{},
			"u.xlsx[Sheet1]:", 96 << 20},
		{"shared strings that take more than their limit to hold", withParts(t, base, zipPart{name: "xl/sharedStrings.xml", body: emptyItems}),
			Limits{XLSXStringsSize: 1 << 20}, "u.xlsx: the shared strings (part xl/sharedStrings.xml): its first 65537 strings " +
				"take more than 1 MiB to hold, 16 bytes each besides their text (limits.xlsx_strings_size)", 8 << 20},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp)
			opt := testOptions()
			opt.Limits = c.lim
			var err error
			var recs int
			n := allocated(func() {
				var rs []model.Record
				rs, _, err = Usage("u.xlsx", bytes.NewReader(c.data), opt)
				recs = len(rs)
			})
			var le Errors
			if !errors.As(err, &le) || recs != 0 || !le.Problems[0].Fatal || le.Problems[0].Hint == "" {
				t.Fatalf("%d records, err %v; want bad input that stops the file, with a hint", recs, err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("err %q; want %q in it", err, c.want)
			}
			if n > c.alloc {
				t.Errorf("allocated %d bytes, want at most %d", n, c.alloc)
			}
			if left, _ := os.ReadDir(tmp); len(left) != 0 {
				t.Errorf("left in TMPDIR: %v", left)
			}
		})
	}
	// Within the limits the same shapes are read: the empty rows are blank rows.
	recs, rep, err := Usage("u.xlsx", bytes.NewReader(withParts(t, base, zipPart{name: sheet, body: many})), testOptions())
	if err != nil || len(recs) != 0 || rep.Rows != 0 {
		t.Errorf("50,000 empty rows: %d records, %d rows, %v", len(recs), rep.Rows, err)
	}
	// 50 rows refer to 25 MiB of it, less than 100 times the strings and the sheet
	recs, _, err = Usage("u.xlsx", bytes.NewReader(withParts(t, base, zipPart{name: sheet, body: refRows(50)},
		zipPart{name: "xl/sharedStrings.xml", body: bigItem})), testOptions())
	if err != nil || len(recs) != 50 {
		t.Errorf("50 rows of one shared string of 512 KiB: %d records, %v", len(recs), err)
	}
	// ... and as their resource_id, the records share that string: not a copy each
	var rid strings.Builder
	for i := 2; i < 52; i++ {
		rid.WriteString(strings.Replace(dataRow(i, fmt.Sprint("r", i)), "</row>", fmt.Sprintf(`<c r="G%d" t="s"><v>0</v></c></row>`, i), 1))
	}
	ridRows := strings.Replace(string(sheetXML(rid.String())), "<is><t>quantity</t></is></c></row>",
		`<is><t>quantity</t></is></c><c r="G1" t="inlineStr"><is><t>resource_id</t></is></c></row>`, 1)
	// ... and as a column pkgctl does not read, on 2,000 rows: not counted, read
	var note strings.Builder
	for i := 2; i < 2002; i++ {
		note.WriteString(strings.Replace(dataRow(i, fmt.Sprint("r", i)), "</row>", fmt.Sprintf(`<c r="G%d" t="s"><v>0</v></c></row>`, i), 1))
	}
	noteRows := strings.Replace(string(sheetXML(note.String())), "<is><t>quantity</t></is></c></row>",
		`<is><t>quantity</t></is></c><c r="G1" t="inlineStr"><is><t>note</t></is></c></row>`, 1)
	recs, _, err = Usage("u.xlsx", bytes.NewReader(withParts(t, base, zipPart{name: sheet, body: []byte(noteRows)},
		zipPart{name: "xl/sharedStrings.xml", body: bigItem})), testOptions())
	if err != nil || len(recs) != 2000 {
		t.Errorf("2,000 notes of one shared string of 512 KiB: %d records, %v", len(recs), err)
	}
	book := withParts(t, base, zipPart{name: sheet, body: []byte(ridRows)}, zipPart{name: "xl/sharedStrings.xml", body: bigItem})
	var rs []model.Record
	n := allocated(func() { rs, _, err = Usage("u.xlsx", bytes.NewReader(book), testOptions()) })
	if err != nil || len(rs) != 50 || len(rs[49].ResourceID) != 512<<10 || n > 16<<20 {
		t.Errorf("50 resource ids of one shared string of 512 KiB: %d records, %v, %d bytes allocated", len(rs), err, n)
	}
	items, err := readSharedStrings(bytes.NewReader(emptyItems), 1<<20, 1<<20+16)
	if err != nil || items.len() != 1<<16+1 || items.at(1<<16) != "" {
		t.Errorf("65,537 empty items within the limit: %d strings, %v", items.len(), err)
	}
}

// A cell with two values, a cell twice in its row, a row twice or out of order, or a
// part twice in the archive is a damaged workbook, located: which of the two counts
// would be anyone's guess. A boolean cell is what a spreadsheet shows, TRUE or FALSE,
// never the number 1 or 0. Rows without a number follow the row before, never past a
// sheet's last row.
func TestXLSXAmbiguousCells(t *testing.T) {
	good := usageWorkbook(t, 4)
	quantity := func(edit func(string) string) []byte { // edits the quantity cell of row 3
		return damageRow(t, good, 3, func(r string) string {
			i := strings.Index(r, `<c r="F3"`)
			return r[:i] + edit(r[i:])
		})
	}
	number := func(data []byte, n int, r string) []byte { // row n numbered r
		return damageRow(t, data, n, func(row string) string {
			return strings.Replace(row, fmt.Sprintf(`<row r="%d"`, n), "<row"+r, 1)
		})
	}
	for name, c := range map[string]struct {
		data []byte
		want string
	}{
		"two values": {quantity(func(c string) string { return strings.Replace(c, "</v>", "</v><v>50</v>", 1) }),
			"u.xlsx[Sheet1]:3: the sheet is damaged: cell F3 has two values"},
		"a cell twice": {quantity(func(c string) string { return `<c r="F3"><v>50</v></c>` + c }),
			"u.xlsx[Sheet1]:3: the sheet is damaged: cell F3 is in row 3 twice"},
		"a boolean quantity": {quantity(func(c string) string {
			return `<c r="F3" t="b"><v>1</v></c>` + c[strings.Index(c, "</c>")+len("</c>"):]
		}), `u.xlsx[Sheet1]:3: column "quantity": `},
		"a row twice":       {number(good, 3, ` r="2"`), "u.xlsx[Sheet1]:2: the sheet is damaged: row 2 is in the sheet twice"},
		"rows out of order": {number(good, 3, ` r="5"`), "u.xlsx[Sheet1]:4: the sheet is damaged: row 4 comes after row 5"},
		"a row past the last": {number(number(good, 3, ` r="1048576"`), 4, ""),
			"u.xlsx[Sheet1]:1048576: the sheet is damaged: row 1048577 is past the last row of a sheet (1048576)"},
		"a part twice": {withParts(t, good, zipPart{name: "xl/worksheets/sheet1.xml", body: sheetXML(dataRow(2, "r1")), again: true}),
			"u.xlsx: not a readable XLSX workbook: part xl/worksheets/sheet1.xml is in it twice"},
	} {
		recs, _, err := Usage("u.xlsx", bytes.NewReader(c.data), testOptions())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %d records, err %v; want %q", name, len(recs), err, c.want)
		}
	}
	// rows without a number after row 1 are rows 2 and 3; row 4 follows them
	recs, _, err := Usage("u.xlsx", bytes.NewReader(number(number(good, 2, ""), 3, "")), testOptions())
	if err != nil || len(recs) != 4 || recs[1].ID != "r2" || recs[1].Line != 3 || recs[2].Line != 4 {
		t.Errorf("rows without numbers: %d records, %v", len(recs), err)
	}
}

// TestCellsPastTheHeaderNotPadded: a cell in column XFD, past the header's six columns,
// leaves each row the header's width and one more cell (not 16,384: that took 92 s
// for a million such rows); the rows read as without it, and a row with text only
// there is still a row (its required values blank), not a blank one skipped.
func TestCellsPastTheHeaderNotPadded(t *testing.T) {
	var body strings.Builder
	const rows = 50
	for n := 2; n < 2+rows; n++ {
		r := dataRow(n, fmt.Sprintf("r%d", n))
		body.WriteString(strings.TrimSuffix(r, "</row>") + fmt.Sprintf(`<c r="XFD%d"><v>1</v></c><c r="G%d" t="inlineStr"><is><t> </t></is></c></row>`, n, n))
	}
	// A row whose only text is past the header, and one with a blank cell there.
	fmt.Fprintf(&body, `<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>note</t></is></c></row>`, 2+rows, 2+rows)
	fmt.Fprintf(&body, `<row r="%d"><c r="XFC%d" t="inlineStr"><is><t> </t></is></c></row>`, 3+rows, 3+rows)
	data := minimalXLSX(t, sheetXML(body.String()))

	ix, err := newAliasIndex(&usageSchema, nil)
	if err != nil {
		t.Fatal(err)
	}
	tb, err := openXLSX("u.xlsx", data, &usageSchema, ix, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	defer tb.rows.close()
	n := 0
	for tb.rows.next() {
		cells, line, _ := tb.rows.row()
		if len(cells) > 7 {
			t.Fatalf("row %d has %d cells, want at most 7 (six named columns and one past them)", line, len(cells))
		}
		n++
	}
	if err := tb.rows.err(); err != nil || n != rows+2 {
		t.Fatalf("%d rows read, error %v; want %d", n, err, rows+2)
	}

	recs, _, err := Usage("u.xlsx", bytes.NewReader(data), testOptions())
	if recs != nil || err == nil || !strings.Contains(err.Error(), fmt.Sprintf(`u.xlsx[Usage]:%d: column "record_id": required value is blank`, 2+rows)) ||
		strings.Contains(err.Error(), fmt.Sprintf(":%d:", 3+rows)) {
		t.Fatalf("got %d records, error %v; want the note's row a problem and the blank row skipped", len(recs), err)
	}
	opt := testOptions()
	opt.SkipInvalid = true
	recs, rep, err := Usage("u.xlsx", bytes.NewReader(data), opt)
	if err != nil || len(recs) != rows || rep.Rejected.Len() != 1 || recs[rows-1].Quantity.String() != "5" {
		t.Fatalf("with --skip-invalid: %d records, error %v", len(recs), err)
	}
}

// TestCellsPastTheHeaderKeptInPlace: the header's columns are all its cells, named or
// not (a blank G1): a rejected row keeps its text in G, and the cells past them are left
// out of it; a cell twice in its row past the header is damage, as anywhere.
func TestCellsPastTheHeaderKeptInPlace(t *testing.T) {
	hdr := sheetXML("")
	hdr = bytes.Replace(hdr, []byte(`</row>`), []byte(`<c r="G1" t="inlineStr"><is><t> </t></is></c></row>`), 1)
	bad := strings.Replace(dataRow(2, "r2"), "5 GB", "-5 GB", 1)
	bad = strings.TrimSuffix(bad, "</row>") + `<c r="G2" t="inlineStr"><is><t>note</t></is></c><c r="XFD2" t="inlineStr"><is><t>far</t></is></c></row>`
	data := minimalXLSX(t, bytes.Replace(hdr, []byte(`</sheetData>`), []byte(bad+`</sheetData>`), 1))
	opt := testOptions()
	opt.SkipInvalid = true
	_, rep, err := Usage("u.xlsx", bytes.NewReader(data), opt)
	if err != nil || rep.Rejected.Len() != 1 || len(rep.Header) != 7 {
		t.Fatalf("error %v, header %q", err, rep.Header)
	}
	var buf bytes.Buffer
	if err := WriteRejected(&buf, rep, nil); err != nil {
		t.Fatal(err)
	}
	if got := strings.Split(buf.String(), "\n")[1]; !strings.HasPrefix(got, "r2,OBS,Storage,2024-01-01 10:00:00,2024-01-01 11:00:00,-5 GB,note,") || strings.Contains(got, "far") {
		t.Errorf("rejected row %q, want note in G and nothing past it", got)
	}

	twice := strings.TrimSuffix(dataRow(2, "r2"), "</row>") + `<c r="XFD2"><v>1</v></c><c r="XFD2"><v>2</v></c></row>`
	_, _, err = Usage("u.xlsx", bytes.NewReader(minimalXLSX(t, sheetXML(twice))), testOptions())
	if err == nil || !strings.Contains(err.Error(), "cell XFD2 is in row 2 twice") {
		t.Errorf("XFD2 twice: %v", err)
	}
}
