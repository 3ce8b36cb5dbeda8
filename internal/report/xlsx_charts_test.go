package report

import (
	"fmt"
	"html"
	"strings"
	"testing"
	"time"
)

// Line charts over parts of a listing: one chart per part, each over its own rows,
// drawn one below the other; a range outside the rows is refused.
func TestXLSXLineChartsOverRowRanges(t *testing.T) {
	tb := &Table{Name: "Projection", Columns: []Column{{Key: "package_id"}, {Key: "day", Kind: KindDate},
		{Key: "used", Kind: KindQuantity}, {Key: "capacity", Kind: KindQuantity}}}
	for i := range 5 {
		id := "A"
		if i >= 2 {
			id = "B"
		}
		tb.Rows = append(tb.Rows, []Cell{Text(id), Date(time.Date(2024, 1, i+1, 0, 0, 0, 0, time.UTC)), Qty(dec(fmt.Sprint(i))), Qty(dec("10"))})
	}
	tb.Charts = []*Chart{
		{Title: "A", Category: "day", Series: []string{"used", "capacity"}, Line: true, From: 0, To: 2},
		{Title: "B", Category: "day", Series: []string{"used", "capacity"}, Line: true, From: 2, To: 5},
	}
	data := render(t, &Document{Tables: []*Table{tb}}, FormatXLSX)
	first := html.UnescapeString(zipPart(t, data, "xl/charts/chart1.xml"))
	second := html.UnescapeString(zipPart(t, data, "xl/charts/chart2.xml"))
	for _, want := range []string{"<lineChart>", `'Projection'!$B$2:$B$3`, `'Projection'!$C$2:$C$3`, `'Projection'!$D$2:$D$3`,
		`<numFmt formatCode="yyyy-mm-dd" sourceLinked="false">`} { // a day axis shows days, not serials
		if !strings.Contains(first, want) {
			t.Errorf("chart 1 lacks %s", want)
		}
	}
	for _, want := range []string{"<lineChart>", `'Projection'!$B$4:$B$6`, `'Projection'!$C$4:$C$6`} {
		if !strings.Contains(second, want) {
			t.Errorf("chart 2 lacks %s", want)
		}
	}
	// Both right of the data (column F), the second 20 rows below the first.
	d := zipPart(t, data, "xl/drawings/drawing1.xml")
	if !strings.Contains(d, "<xdr:col>5</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>0</xdr:row>") ||
		!strings.Contains(d, "<xdr:col>5</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>20</xdr:row>") {
		t.Errorf("charts not placed one below the other: %s", d)
	}
	tb.Charts[1].To = 6
	if err := Render(&strings.Builder{}, &Document{Tables: []*Table{tb}}, FormatXLSX); err == nil ||
		!strings.Contains(err.Error(), `chart "B": rows 2 to 6 of 5`) {
		t.Errorf("a range past the rows: %v", err)
	}
}
