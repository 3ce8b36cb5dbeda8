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

// chartRows is how many sheet rows a chart takes, with a gap below it.
const chartRows = 20

// addChart draws t's charts two columns right of the data, one below the other: a
// stacked column chart, or lines.
func addChart(f *excelize.File, t *Table) error {
	if t.Len() == 0 {
		return nil
	}
	sheet := "'" + strings.ReplaceAll(t.Name, "'", "''") + "'"
	for i, c := range t.charts() {
		from, to := 0, t.Len()
		if c.To > 0 {
			from, to = c.From, c.To
		}
		cat := colName(t.columnIndex(c.Category))
		series := make([]excelize.ChartSeries, len(c.Series))
		for i, key := range c.Series {
			col := colName(t.columnIndex(key))
			series[i] = excelize.ChartSeries{
				Name:       fmt.Sprintf("%s!$%s$1", sheet, col),
				Categories: fmt.Sprintf("%s!$%s$%d:$%s$%d", sheet, cat, from+2, cat, to+1),
				Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", sheet, col, from+2, col, to+1),
			}
		}
		kind := excelize.ColStacked
		if c.Line {
			kind = excelize.Line
		}
		noVary := false
		chart := &excelize.Chart{
			Type:       kind,
			Series:     series,
			VaryColors: &noVary,
			Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: c.Title}}},
			Legend:     excelize.ChartLegend{Position: "bottom"},
			Dimension:  excelize.ChartDimension{Width: 640, Height: 360},
		}
		if t.Columns[t.columnIndex(c.Category)].Kind == KindDate { // days, not serial numbers
			chart.XAxis.NumFmt = excelize.ChartNumFmt{CustomNumFmt: "yyyy-mm-dd"}
		}
		err := f.AddChart(t.Name, cellRef(len(t.Columns)+1, 1+i*chartRows), chart)
		if err != nil {
			return err
		}
	}
	return nil
}
