package load

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the hostile-input corpus in testdata/hostile")

// hostileDir is the corpus of damaged and hostile inputs, shared with the CLI's tests.
var hostileDir = filepath.Join("..", "..", "testdata", "hostile")

// minimalXLSX is a workbook of the parts a spreadsheet needs and one sheet, plus extra.
func minimalXLSX(t testing.TB, sheet []byte, extra ...zipPart) []byte {
	t.Helper()
	parts := []zipPart{
		{name: "[Content_Types].xml", body: []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)},
		{name: "_rels/.rels", body: []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{name: "xl/workbook.xml", body: []byte(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
			`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Usage" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
		{name: "xl/_rels/workbook.xml.rels", body: []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)},
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, p := range append(parts, extra...) {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(p.body); err != nil {
			t.Fatal(err)
		}
	}
	if sheet != nil {
		w, _ := zw.Create("xl/worksheets/sheet1.xml")
		w.Write(sheet)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// hostileCorpus builds every file of the corpus. Each is small: the bombs are small
// archives that would inflate far, the long row is long only under the corpus's
// row_size of 4 KiB.
func hostileCorpus(t *testing.T) map[string][]byte {
	header := "record_id,product,billing_item,start_time,end_time,quantity,unit\n"
	row := func(id, product string) string {
		return id + "," + product + ",Storage,2024-01-01 00:00,2024-01-01 01:00,5,GB\n"
	}
	rows40 := ""
	for i := 1; i <= 40; i++ {
		rows40 += dataRow(i+1, fmt.Sprintf("r%d", i))
	}
	damaged := strings.Replace(rows40, `<row r="20">`, `<row r="20"><c r="A20"`, 1) // a cut tag
	badEntity := strings.Replace(rows40, "<t>r1</t>", "<t>r1&bogus;</t>", 1)
	return map[string][]byte{
		"csv_nul_product.csv":     []byte(header + row("r1", "OBS") + row("r2", "O\x00BS") + row("r3", "OBS")),
		"csv_escape_sequence.csv": []byte(header + row("r1", "\x1b[2J\x1b[31mOBS")),
		"csv_long_row.csv":        []byte(header + row("r1", "OBS") + row("r2", strings.Repeat("A", 8<<10))),
		"csv_empty.csv":           nil,
		"csv_hex_quantity.csv": []byte("record_id,product,billing_item,start_time,end_time,quantity\n" +
			"r1,OBS,Storage,2024-01-01 00:00,2024-01-01 01:00,5GB\nr2,OBS,Storage,2024-01-01 00:00,2024-01-01 01:00,0x10\n"),
		"csv_unclosed_quote.csv":         []byte(header + row("r1", "OBS") + `r2,"OBS,Storage,2024-01-01 00:00,2024-01-01 01:00,5,GB` + "\n" + row("r3", "OBS")),
		"xlsx_valid.xlsx":                minimalXLSX(t, sheetXML(rows40)),
		"xlsx_damaged_mid_sheet.xlsx":    minimalXLSX(t, sheetXML(damaged)),
		"xlsx_bad_entity_first_row.xlsx": minimalXLSX(t, sheetXML(badEntity)),
		"xlsx_whitespace_bomb.xlsx":      minimalXLSX(t, sheetXML(dataRow(2, "r1")+strings.Repeat(" ", 4<<20))),
		"xlsx_lying_size.xlsx": withParts(t, minimalXLSX(t, nil),
			zipPart{name: "xl/worksheets/sheet1.xml", body: sheetXML(rows40), lie: 300}),
		"xlsx_shared_string_index.xlsx": minimalXLSX(t, sheetXML(`<row r="2"><c r="A2" t="s"><v>7</v></c></row>`),
			zipPart{name: "xl/sharedStrings.xml", body: []byte(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>a</t></si></sst>`)}),
		"xlsx_row_past_limit.xlsx":        minimalXLSX(t, sheetXML(dataRow(2, "r1")+`<row r="1048577"/>`)),
		"xlsx_cell_past_last_column.xlsx": minimalXLSX(t, sheetXML(`<row r="2"><c r="XFE2"><v>1</v></c></row>`)),
		"xlsx_control_character.xlsx":     minimalXLSX(t, sheetXML(dataRow(2, "r_x0000_1"))),
		"xlsx_long_cell.xlsx":             minimalXLSX(t, sheetXML(dataRow(2, strings.Repeat("9", 8<<10)))),
		"xlsx_not_a_zip.xlsx":             []byte(header + row("r1", "OBS")),
		"xlsx_no_workbook.xlsx":           withParts(t, minimalXLSX(t, sheetXML("")), zipPart{name: "_rels/.rels", body: []byte(`<Relationships/>`)}),
		"xlsx_truncated.xlsx":             minimalXLSX(t, sheetXML(rows40))[:1500],
	}
}

// TestHostileCorpus reads every file of testdata/hostile as a usage export, with the
// corpus's row_size of 4 KiB: each is bad input that stops the file with a located
// problem (expect.txt names it), except xlsx_valid.xlsx, the control; nothing is read.
// go test -run TestHostileCorpus -update rewrites the files.
func TestHostileCorpus(t *testing.T) {
	if *update {
		if err := os.MkdirAll(hostileDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, data := range hostileCorpus(t) {
			if err := os.WriteFile(filepath.Join(hostileDir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := readExpect(t)
	files, err := os.ReadDir(hostileDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		if f.Name() != "expect.txt" && f.Name() != "README.md" {
			names = append(names, f.Name())
		}
	}
	sort.Strings(names)
	if len(names) != len(want) {
		t.Errorf("%d files, %d lines in expect.txt", len(names), len(want))
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(hostileDir, name))
			if err != nil {
				t.Fatal(err)
			}
			opt := testOptions()
			opt.Limits = Limits{RowSize: 4 << 10}
			for _, skip := range []bool{false, true} {
				opt.SkipInvalid = skip
				recs, rep, err := Usage(name, bytes.NewReader(data), opt)
				w, ok := want[name]
				switch {
				case !ok:
					t.Fatalf("%s is not in expect.txt", name)
				case w == "ok":
					if err != nil || len(recs) != 40 {
						t.Errorf("skip=%v: %d records, %v; want 40", skip, len(recs), err)
					}
					continue
				}
				if skip && err == nil { // a row problem: the row is set aside, with its problem
					if !rejectedWith(t, rep, w) {
						t.Errorf("skip=true: no rejected row with %q: %+v", w, rep.Rejected)
					}
					continue
				}
				var le Errors
				if !errors.As(err, &le) || !strings.Contains(err.Error(), w) {
					t.Fatalf("skip=%v: %d records, err %v; want bad input with %q", skip, len(recs), err, w)
				}
				if skip && !le.Problems[0].Fatal {
					t.Errorf("skip=true: a row problem %v stopped the file", err)
				}
				if len(recs) != 0 {
					t.Errorf("skip=%v: %d records read", skip, len(recs))
				}
			}
		})
	}
}

// readExpect reads testdata/hostile/expect.txt: "file<TAB>text the error must hold" (or
// "ok"), comments with #.
func readExpect(t *testing.T) map[string]string {
	f, err := os.Open(filepath.Join(hostileDir, "expect.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, text, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("expect.txt: %q has no tab", line)
		}
		m[name] = text
	}
	return m
}

// rejectedWith reports whether a rejected row of rep has a problem holding text.
func rejectedWith(t testing.TB, rep *Report, text string) bool {
	for _, r := range rowsOf(t, rep) {
		for _, p := range r.Problems() {
			if strings.Contains(p.Error(), text) {
				return true
			}
		}
	}
	return false
}
