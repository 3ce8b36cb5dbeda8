package report

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// Column width bounds, in characters.
const (
	minColWidth = 8
	maxColWidth = 60
)

// layoutSheet freezes and filters the header row and sizes the columns.
func layoutSheet(f *excelize.File, t *Table, doc *Document) error {
	sheet := t.Name
	if len(t.Columns) == 0 {
		return nil
	}
	err := f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	})
	if err != nil {
		return err
	}
	last := cellRef(len(t.Columns)-1, t.Len()+1)
	if err := f.AutoFilter(sheet, "A1:"+last, nil); err != nil {
		return err
	}
	if err := f.SetSheetDimension(sheet, "A1:"+last); err != nil {
		return err
	}
	for j := range t.Columns {
		col := colName(j)
		if err := f.SetColWidth(sheet, col, col, float64(columnWidth(t, j, doc))); err != nil {
			return err
		}
	}
	return nil
}

// columnWidth is the widest displayed value of column j (header included, East Asian
// wide runes counting 2) plus room for the filter button, within the bounds.
func columnWidth(t *Table, j int, doc *Document) int {
	w := textWidth(t.Columns[j].Key) + 3
	_ = t.each(func(_ int, r []Cell) error {
		if n := shownWidth(r[j], doc) + 2; n > w {
			w = n
		}
		return nil
	})
	return min(max(w, minColWidth), maxColWidth)
}

// shownWidth approximates how wide Excel shows the cell with its number format.
func shownWidth(c Cell, doc *Document) int {
	s := c.format(doc.Precision, doc.Location)
	switch c.kind() {
	case KindTime:
		return len("2006-01-02 15:04:05")
	case KindMoney:
		return len(s) + len(s)/3 // thousands separators
	}
	return textWidth(s)
}

// textWidth counts display columns of s.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// addChart draws t.Chart, a stacked column chart, two columns right of the data.
func addChart(f *excelize.File, t *Table) error {
	if t.Chart == nil || t.Len() == 0 {
		return nil
	}
	sheet := "'" + strings.ReplaceAll(t.Name, "'", "''") + "'"
	cat := colName(t.columnIndex(t.Chart.Category))
	n := t.Len() + 1
	series := make([]excelize.ChartSeries, len(t.Chart.Series))
	for i, key := range t.Chart.Series {
		col := colName(t.columnIndex(key))
		series[i] = excelize.ChartSeries{
			Name:       fmt.Sprintf("%s!$%s$1", sheet, col),
			Categories: fmt.Sprintf("%s!$%s$2:$%s$%d", sheet, cat, cat, n),
			Values:     fmt.Sprintf("%s!$%s$2:$%s$%d", sheet, col, col, n),
		}
	}
	noVary := false
	return f.AddChart(t.Name, cellRef(len(t.Columns)+1, 1), &excelize.Chart{
		Type:       excelize.ColStacked,
		Series:     series,
		VaryColors: &noVary,
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t.Chart.Title}}},
		Legend:     excelize.ChartLegend{Position: "bottom"},
		Dimension:  excelize.ChartDimension{Width: 640, Height: 360},
	})
}
