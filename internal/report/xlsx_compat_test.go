package report

import (
	"bytes"
	"encoding/xml"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Workbooks open in other readers than excelize: the document properties are in the
// prefixed form Excel writes (ExcelJS refuses excelize's default namespace) and carry no
// invented date; date cells are serial numbers whose style has a date format, so any
// library reads them as dates.
func TestXLSXOpensInOtherReaders(t *testing.T) {
	var b bytes.Buffer
	if err := Render(&b, sampleDoc(), FormatXLSX); err != nil {
		t.Fatal(err)
	}
	core := zipPart(t, b.Bytes(), "docProps/core.xml")
	var props struct {
		XMLName  xml.Name
		Creator  string `xml:"http://purl.org/dc/elements/1.1/ creator"`
		Modifier string `xml:"http://schemas.openxmlformats.org/package/2006/metadata/core-properties lastModifiedBy"`
	}
	if err := xml.Unmarshal([]byte(core), &props); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(core, "<cp:coreProperties xmlns:cp=") || strings.Contains(core, "<coreProperties") ||
		!strings.Contains(core, "<cp:lastModifiedBy>") || strings.Contains(core, "dcterms:created") ||
		props.XMLName.Space != "http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ||
		props.Creator != "pkgctl" || props.Modifier != "pkgctl" {
		t.Errorf("core.xml:\n%s", core)
	}

	sheet := zipPart(t, b.Bytes(), "xl/worksheets/sheet1.xml")
	date := rawCell(t, sheet, "A2") // bill_date 2024-01-03
	if !regexp.MustCompile(`^<c r="A2" s="\d+"><v>45294</v></c>$`).MatchString(date) {
		t.Fatalf("date cell %s: want the serial 45294, untyped (a number), with a style", date)
	}
	style := regexp.MustCompile(`s="(\d+)"`).FindStringSubmatch(date)[1]
	f := openXLSX(t, b.Bytes())
	id := 0
	for _, c := range style {
		id = id*10 + int(c-'0')
	}
	st, err := f.GetStyle(id)
	if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != "yyyy-mm-dd" {
		t.Errorf("style of the date cell: %+v, %v", st, err)
	}
}

// A NumberText cell (check's expected and actual) is a number in xlsx when its text is a
// plain decimal, with its decimals shown, and text otherwise; every other format prints
// the text, and CSV never neutralizes it as a formula.
func TestNumberTextCells(t *testing.T) {
	tab := &Table{Name: "Differences", Columns: []Column{{Key: "expected"}}}
	for _, s := range []string{"20.00", "-5.00", "1400", "Active", "", "1234567890123456"} {
		tab.Rows = append(tab.Rows, []Cell{NumberText(s)})
	}
	doc := &Document{Tables: []*Table{tab}, Precision: 2}
	var x, c bytes.Buffer
	if err := Render(&x, doc, FormatXLSX); err != nil {
		t.Fatal(err)
	}
	sheet := zipPart(t, x.Bytes(), "xl/worksheets/sheet1.xml")
	for ref, want := range map[string]string{"A2": `<v>20.00</v>`, "A3": `<v>-5.00</v>`, "A4": `<v>1400</v>`} {
		if cell := rawCell(t, sheet, ref); strings.Contains(cell, `t="`) || !strings.Contains(cell, want) {
			t.Errorf("%s: %s; want a number %s", ref, cell, want)
		}
	}
	f := openXLSX(t, x.Bytes())
	for ref, code := range map[string]string{"A2": "#,##0.00", "A3": "#,##0.00"} {
		id, _ := f.GetCellStyle("Differences", ref)
		if st, _ := f.GetStyle(id); st == nil || st.CustomNumFmt == nil || *st.CustomNumFmt != code {
			t.Errorf("%s: style %+v; want %s", ref, st, code)
		}
	}
	for _, ref := range []string{"A5", "A7"} { // a word, and more digits than a spreadsheet number keeps
		if typ, _ := f.GetCellType("Differences", ref); typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset {
			t.Errorf("%s is a number", ref)
		}
	}
	if err := Render(&c, doc, FormatCSV); err != nil {
		t.Fatal(err)
	}
	if want := "expected\n20.00\n-5.00\n1400\nActive\n\n1234567890123456\n"; c.String() != want {
		t.Errorf("csv %q, want %q", c.String(), want)
	}
}
