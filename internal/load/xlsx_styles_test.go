package load

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// excelizeKind is how pkgctl classified a style before it read the styles itself:
// through excelize's GetStyle, a panic in it a plain number. The tests compare it with
// the styles part's own reading (readStyles).
func excelizeKind(f *excelize.File, style int) (k fmtKind) {
	defer func() {
		if recover() != nil {
			k = fmtNumber
		}
	}()
	if st, err := f.GetStyle(style); err == nil && st != nil {
		if st.CustomNumFmt != nil {
			return customFmtKind(*st.CustomNumFmt)
		}
		return builtinFmtKind(st.NumFmt)
	}
	return fmtNumber
}

// openTestBook reads the workbook part (and styles) of a workbook's bytes.
func openTestBook(t *testing.T, data []byte) (*xlsxBook, error) {
	t.Helper()
	a, err := openArchive("s.xlsx", data, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	return openBook(a)
}

// sameKindsAsExcelize checks that the loader and excelize classify styles 0 to n-1
// (and two past them) alike, and returns the loader's kinds.
func sameKindsAsExcelize(t *testing.T, data []byte, n int) []fmtKind {
	t.Helper()
	b, err := openTestBook(t, data)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []fmtKind
	for i := range n + 2 {
		if k, old := b.kind(i), excelizeKind(f, i); k != old {
			t.Errorf("style %d: kind %d, excelize's %d", i, k, old)
		}
		got = append(got, b.kind(i))
	}
	return got[:n]
}

func TestStylesKindsAsExcelizeWrote(t *testing.T) {
	f := excelize.NewFile()
	type style struct {
		id   int
		want fmtKind
	}
	var styles []style
	add := func(s *excelize.Style, want fmtKind) {
		id, err := f.NewStyle(s)
		if err != nil {
			t.Fatal(err)
		}
		styles = append(styles, style{id, want})
	}
	for n := 0; n <= 81; n++ { // every built-in id, and the ids excelize writes as 0
		add(&excelize.Style{NumFmt: n}, builtinFmtKind(n))
	}
	for n := 164; n <= 170; n++ { // excelize's currency formats: custom codes
		add(&excelize.Style{NumFmt: n}, fmtNumber)
	}
	for code, want := range map[string]fmtKind{
		`yyyy\-mm\-dd hh:mm:ss;@`: fmtDateTime,
		`yyyy-mm-dd`:              fmtDate,
		`yyyy"年"m"月"d"日"`:         fmtDate,
		`mmm yy`:                  fmtDate,
		`hh:mm`:                   fmtTime,
		`[h]:mm:ss`:               fmtTime,
		`mm:ss.000`:               fmtTime,
		`m/d/yyyy h:mm AM/PM`:     fmtDateTime,
		`@`:                       fmtNumber,
		`0.00`:                    fmtNumber,
		`#,##0.00 "days"`:         fmtNumber,
		`[Red]0.00;[Blue]-0.00`:   fmtNumber,
		`[$-409]d-mmm-yyyy`:       fmtDate,
		`0.00\h`:                  fmtNumber,
	} {
		add(&excelize.Style{CustomNumFmt: &code}, want)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	got := sameKindsAsExcelize(t, buf.Bytes(), styles[len(styles)-1].id+1)
	dates := 0
	for _, s := range styles {
		if got[s.id] != s.want {
			t.Errorf("style %d: kind %d, want %d", s.id, got[s.id], s.want)
		}
		if s.want != fmtNumber {
			dates++
		}
	}
	if dates < 30 { // 14–22, 27–36, 45–47, 50–58 and the custom ones
		t.Errorf("only %d date or time styles", dates)
	}
}

// stylesXML is a styles part of the body given.
func stylesXML(body string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + body + `</styleSheet>`)
}

func TestStylesKindsAsExcelizeRead(t *testing.T) {
	const (
		N  = fmtNumber
		D  = fmtDate
		T  = fmtTime
		DT = fmtDateTime
	)
	cases := []struct {
		name   string
		styles []byte // nil: no styles part
		want   []fmtKind
	}{
		{"a numFmt of a built-in id is ignored, of any other id used", stylesXML(
			`<numFmts><numFmt numFmtId="14" formatCode="0.00"/><numFmt numFmtId="20" formatCode="General"/>` +
				`<numFmt numFmtId="49" formatCode="yyyy"/><numFmt numFmtId="5" formatCode="yyyy-mm-dd"/>` +
				`<numFmt numFmtId="23" formatCode="hh:mm"/><numFmt numFmtId="63" formatCode="d"/>` +
				`<numFmt numFmtId="82" formatCode="ss"/><numFmt numFmtId="30" formatCode="0"/></numFmts>` +
				`<cellXfs><xf numFmtId="14"/><xf numFmtId="20"/><xf numFmtId="49"/><xf numFmtId="5"/>` +
				`<xf numFmtId="23"/><xf numFmtId="63"/><xf numFmtId="82"/><xf numFmtId="30"/><xf numFmtId="6"/></cellXfs>`),
			[]fmtKind{D, T, N, D, T, D, T, D, N}},
		{"missing, empty, spaced and unknown ids", stylesXML(
			`<numFmts><numFmt formatCode="yyyy"/><numFmt numFmtId="-1" formatCode="yyyy mm"/><numFmt numFmtId="165"/></numFmts>` +
				`<cellXfs count="9"><xf/><xf numFmtId=""/><xf numFmtId=" 22 "/><xf numFmtId="200"/><xf numFmtId="-1"/>` +
				`<xf numFmtId="165"/><xf numFmtId="47" applyNumberFormat="0"/><xf numFmtId="45" fontId="99" fillId="99" borderId="99"/>` +
				`<xf numFmtId="46"><alignment horizontal="left"/></xf></cellXfs>`),
			[]fmtKind{N, N, DT, N, D, N, T, T, T}},
		{"an id given twice is its last code; blocks given twice add up", stylesXML(
			`<numFmts><numFmt numFmtId="170" formatCode="0.00"/></numFmts><cellXfs><xf numFmtId="170"/></cellXfs>` +
				`<numFmts><numFmt numFmtId="170" formatCode="yyyy"/><numFmt numFmtId="171" formatCode="hh"/></numFmts>` +
				`<cellXfs><xf numFmtId="171"/><xf numFmtId="0"/></cellXfs>`),
			[]fmtKind{D, T, N}},
		{"only the cellXfs are styles; numFmts elsewhere are not codes", stylesXML(
			`<numFmts><numFmt numFmtId="180" formatCode="0"/><x><numFmt numFmtId="180" formatCode="yyyy"/></x></numFmts>` +
				`<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs>` +
				`<cellXfs><xf numFmtId="180"/><x><xf numFmtId="14"/></x><xf numFmtId="21"/></cellXfs>` +
				`<dxfs><dxf><numFmt numFmtId="180" formatCode="yyyy"/></dxf></dxfs>`),
			[]fmtKind{N, T}},
		{"the strict namespace, and prefixes", []byte(`<x:styleSheet xmlns:x="http://purl.oclc.org/ooxml/spreadsheetml/main">` +
			`<x:numFmts><x:numFmt x:numFmtId="190" formatCode="h:mm"/></x:numFmts>` +
			`<x:cellXfs><x:xf numFmtId="190"/><x:xf numFmtId="15"/></x:cellXfs></x:styleSheet>`),
			[]fmtKind{T, D}},
		{"nothing after the root is read", append(stylesXML(`<cellXfs><xf numFmtId="14"/></cellXfs>`),
			`<cellXfs><xf numFmtId="14"/></cellXfs><<<`...),
			[]fmtKind{D}},
		{"a declared encoding", []byte(`<?xml version="1.0" encoding="windows-1252"?>` +
			`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<numFmts><numFmt numFmtId="200" formatCode="&quot;` + "\xe9" + `&quot;\ yyyy"/></numFmts>` +
			`<cellXfs><xf numFmtId="200"/></cellXfs></styleSheet>`),
			[]fmtKind{D}},
		{"an empty part", []byte{}, nil},
		{"a part of no element", []byte(`<?xml version="1.0"?><!-- none -->`), nil},
		{"no styles part", nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var extra []zipPart
			if c.styles != nil {
				extra = append(extra, zipPart{name: "xl/styles.xml", body: c.styles})
			}
			data := minimalXLSX(t, sheetXML(dataRow(2, "r1")), extra...)
			got := sameKindsAsExcelize(t, data, len(c.want))
			for i := range c.want {
				if got[i] != c.want[i] {
					t.Errorf("style %d: kind %d, want %d", i, got[i], c.want[i])
				}
			}
		})
	}
}

func TestStylesPartDamaged(t *testing.T) {
	cases := []struct{ name, styles, want string }{
		{"a cut tag", `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs><xf numFmtId="14"</cellXfs></styleSheet>`, "XML syntax error"},
		{"unclosed", `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>`, "unexpected EOF"},
		{"an undefined entity", string(stylesXML(`<numFmts><numFmt numFmtId="170" formatCode="&bogus;"/></numFmts>`)), "XML syntax error"},
		{"a style's id not a number", string(stylesXML(`<cellXfs><xf numFmtId="1x"/></cellXfs>`)), `parsing "1x"`},
		{"a code's id not a number", string(stylesXML(`<numFmts><numFmt numFmtId="x" formatCode="0"/></numFmts>`)), `parsing "x"`},
		{"another root", `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`,
			`is not a styles part: its root element is <worksheet> in namespace "http://schemas.openxmlformats.org/spreadsheetml/2006/main"`},
		{"no namespace", `<styleSheet><cellXfs><xf numFmtId="14"/></cellXfs></styleSheet>`,
			`is not a styles part: its root element is <styleSheet> in namespace "", not SpreadsheetML's <styleSheet>`},
		{"an unknown encoding", `<?xml version="1.0" encoding="x-none"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`, "x-none"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := minimalXLSX(t, sheetXML(dataRow(2, "r1")), zipPart{name: "xl/styles.xml", body: []byte(c.styles)})
			if f, err := excelize.OpenReader(bytes.NewReader(data)); err == nil { // refused before too
				f.Close()
				t.Fatal("excelize reads it")
			}
			_, _, err := Usage("u.xlsx", bytes.NewReader(data), testOptions())
			var le Errors
			if !errors.As(err, &le) || !le.Problems[0].Fatal {
				t.Fatalf("err %v; want a fatal problem", err)
			}
			if msg := err.Error(); !strings.Contains(msg, "part xl/styles.xml is not ") || !strings.Contains(msg, c.want) {
				t.Errorf("got %q, want the part named and %q", msg, c.want)
			}
		})
	}
}

// workbookRels is a workbook's relationships part of the relationships given.
func workbookRels(rels string) zipPart {
	return zipPart{name: "xl/_rels/workbook.xml.rels", body: []byte(`<?xml version="1.0" encoding="UTF-8"?>` +
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels + `</Relationships>`)}
}

// workbookPart is a workbook part of the workbookPr attributes and sheets given.
func workbookPart(pr, sheets string) zipPart {
	return zipPart{name: "xl/workbook.xml", body: []byte(`<?xml version="1.0" encoding="UTF-8"?>` +
		`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr ` + pr + `/>` +
		`<sheets>` + sheets + `</sheets></workbook>`)}
}

const (
	relTypeWorksheet = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
	relTypeStyles    = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
)

func TestStylesPartByRelationship(t *testing.T) {
	date := zipPart{name: "xl/other.xml", body: stylesXML(`<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>`)}
	clock := zipPart{name: "xl/styles.xml", body: stylesXML(`<cellXfs><xf numFmtId="0"/><xf numFmtId="20"/></cellXfs>`)}
	sheet := `<Relationship Id="rId1" Type="` + relTypeWorksheet + `" Target="worksheets/sheet1.xml"/>`
	for _, c := range []struct {
		name  string
		parts []zipPart
		want  fmtKind
	}{
		{"the related part", []zipPart{date, clock, workbookRels(sheet + `<Relationship Id="rId2" Type="` + relTypeStyles + `" Target="other.xml"/>`)}, fmtDate},
		{"an absolute target", []zipPart{date, clock, workbookRels(sheet + `<Relationship Id="rId2" Type="` + relTypeStyles + `" Target="/xl/other.xml"/>`)}, fmtDate},
		{"no relationship: xl/styles.xml", []zipPart{date, clock}, fmtTime},
		{"a related part missing: xl/styles.xml", []zipPart{clock, workbookRels(sheet + `<Relationship Id="rId2" Type="` + relTypeStyles + `" Target="other.xml"/>`)}, fmtTime},
		{"an external one: xl/styles.xml", []zipPart{date, clock, workbookRels(sheet + `<Relationship Id="rId2" Type="` + relTypeStyles + `" Target="other.xml" TargetMode="External"/>`)}, fmtTime},
		{"xl/styles.xml in any case", []zipPart{{name: "XL/Styles.XML", body: clock.body}}, fmtTime},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := openTestBook(t, withParts(t, minimalXLSX(t, sheetXML("")), c.parts...))
			if err != nil {
				t.Fatal(err)
			}
			if k := b.kind(1); k != c.want {
				t.Errorf("style 1: kind %d, want %d", k, c.want)
			}
		})
	}
}

func TestSheetsByRelationshipID(t *testing.T) {
	s2 := zipPart{name: "xl/worksheets/sheet2.xml", body: sheetXML("")}
	rels := workbookRels(
		`<Relationship Id="rId3" Type="` + relTypeWorksheet + `" Target="worksheets/sheet2.xml"/>` +
			`<Relationship Id="rId1" Type="` + relTypeWorksheet + `" Target="worksheets/missing.xml"/>` +
			`<Relationship Id="rId1" Type="` + relTypeWorksheet + `" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId1" Type="` + relTypeWorksheet + `" Target="/xl/worksheets/sheet2.xml"/>` +
			`<Relationship Id="rId4" Type="` + relTypeWorksheet + `" Target="worksheets/sheet1.xml" TargetMode="External"/>` +
			`<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId6" Type="` + relTypeWorksheet + `" Target="/xl/worksheets/sheet2.xml"/>`)
	wb := workbookPart("", `<sheet name="A" sheetId="1" r:id="rId6"/><sheet name="B" sheetId="2" r:id="rId1"/>`+
		`<sheet name="C" sheetId="3" r:id="rId4"/><sheet name="D" sheetId="4" r:id="rId5"/><sheet name="E" sheetId="5" r:id="rId9"/>`+
		`<sheet name="F" sheetId="6" r:id="rId3"/><sheet name="G" sheetId="7" r:id="rId1"/>`)
	b, err := openTestBook(t, withParts(t, minimalXLSX(t, sheetXML("")), s2, rels, wb))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range b.sheets {
		got = append(got, s.name+" "+s.part.Name)
	}
	// A sheet has the first worksheet relationship of its Id whose part is there, once.
	want := []string{"A xl/worksheets/sheet2.xml", "B xl/worksheets/sheet1.xml", "F xl/worksheets/sheet2.xml", "G xl/worksheets/sheet1.xml"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("sheets %q\nwant %q", got, want)
	}
}

func TestDate1904Values(t *testing.T) {
	rels := workbookRels(`<Relationship Id="rId1" Type="` + relTypeWorksheet + `" Target="worksheets/sheet1.xml"/>`)
	for pr, want := range map[string]string{
		``: "false", `date1904=""`: "false", `date1904="0"`: "false", `date1904="false"`: "false", `date1904="FALSE"`: "false",
		`date1904="1"`: "true", `date1904="true"`: "true", `date1904="True"`: "true", `date1904=" 1 "`: "true", `date1904=" true"`: "true",
		`date1904="yes"`: `date1904 is "yes"`, `date1904="t"`: `date1904 is "t"`, `date1904="2"`: `date1904 is "2"`,
	} {
		wb := workbookPart(pr, `<sheet name="Usage" sheetId="1" r:id="rId1"/>`)
		b, err := openTestBook(t, withParts(t, minimalXLSX(t, sheetXML("")), rels, wb))
		switch {
		case err != nil:
			var le Errors
			if !errors.As(err, &le) || !le.Problems[0].Fatal || !strings.Contains(err.Error(), "xl/workbook.xml: "+want+", not true or false") {
				t.Errorf("%s: err %v, want %s", pr, err, want)
			}
		case want != "true" && want != "false":
			t.Errorf("%s: read (date1904 %v), want refused: %s", pr, b.date1904, want)
		case b.date1904 != (want == "true"):
			t.Errorf("%s: date1904 %v, want %s", pr, b.date1904, want)
		}
	}
}

func TestWorkbookRoot(t *testing.T) {
	rels := workbookRels(`<Relationship Id="rId1" Type="` + relTypeWorksheet + `" Target="worksheets/sheet1.xml"/>`)
	sheets := `<sheets><sheet name="Usage" sheetId="1" r:id="rId1"/></sheets>`
	for root, want := range map[string]string{
		`<workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main" xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships">`:                             "",
		`<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`: "",
		`<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`:                                                                       `its root element is <workbook> in namespace ""`,
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`:    `its root element is <worksheet>`,
	} {
		end := "</" + strings.TrimPrefix(strings.Fields(root)[0], "<") + ">"
		wb := zipPart{name: "xl/workbook.xml", body: []byte(root + sheets + end)}
		b, err := openTestBook(t, withParts(t, minimalXLSX(t, sheetXML("")), rels, wb))
		switch {
		case want == "" && (err != nil || len(b.sheets) != 1):
			t.Errorf("%s: err %v; want one sheet read", root, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), "part xl/workbook.xml is not a workbook part: "+want)):
			t.Errorf("%s: err %v; want %q", root, err, want)
		}
	}
}

func TestStylesPartPastItsLimits(t *testing.T) {
	styles := stylesXML(`<cellXfs>` + strings.Repeat(`<xf numFmtId="14"/>`, 1000) + `</cellXfs>`)
	for _, c := range []struct {
		name string
		part zipPart
		lim  Limits
		want string
	}{
		{"a header that lies about the size", zipPart{name: "xl/styles.xml", body: styles, lie: 300}, Limits{},
			"s.xlsx: part xl/styles.xml cannot be read"},
		{"past xlsx_part_size", zipPart{name: "xl/styles.xml", body: styles}, Limits{XLSXPartSize: 4 << 10},
			"s.xlsx: part xl/styles.xml inflates to"},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := withParts(t, minimalXLSX(t, sheetXML("")), c.part)
			a, err := openArchive("s.xlsx", data, Options{Limits: c.lim}.limits())
			if err == nil {
				_, err = openBook(a)
			}
			var le Errors
			if !errors.As(err, &le) || !le.Problems[0].Fatal || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("err %v; want %q…", err, c.want)
			}
		})
	}
}

// FuzzStylesAsExcelize reads styles parts both ways: what excelize read, the loader
// reads too, every style of the same kind. (What excelize refused the loader may read:
// it decodes only the number formats.)
func FuzzStylesAsExcelize(f *testing.F) {
	for _, body := range []string{
		`<numFmts><numFmt numFmtId="14" formatCode="0.00"/><numFmt numFmtId="5" formatCode="yyyy-mm-dd"/></numFmts><cellXfs><xf numFmtId="14"/><xf numFmtId="5"/><xf/></cellXfs>`,
		`<numFmts><numFmt numFmtId="170" formatCode="0.00"/></numFmts><cellXfs><xf numFmtId="170"/></cellXfs><numFmts><numFmt numFmtId="170" formatCode="h:mm"/></numFmts>`,
		`<cellXfs><xf numFmtId=" 22 "/><x><xf numFmtId="14"/></x><xf numFmtId=""/><xf numFmtId="-1"/></cellXfs><numFmts><numFmt numFmtId="-1" formatCode="[h]"/></numFmts>`,
		`<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs><xf numFmtId="47"><alignment/></xf></cellXfs>`,
	} {
		f.Add(string(stylesXML(body)))
	}
	f.Fuzz(func(t *testing.T, styles string) {
		data := minimalXLSX(t, sheetXML(""), zipPart{name: "xl/styles.xml", body: []byte(styles)})
		x, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		defer x.Close()
		b, err := openTestBook(t, data)
		if err != nil {
			t.Fatalf("excelize reads it, the loader: %v", err)
		}
		for i := range len(b.kinds) + 2 {
			if k, old := b.kind(i), excelizeKind(x, i); k != old {
				t.Errorf("style %d: kind %d, excelize's %d", i, k, old)
			}
		}
	})
}
