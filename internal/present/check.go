package present

import (
	"fmt"
	"io"

	"github.com/pkgctl/pkgctl/internal/check"
	"github.com/pkgctl/pkgctl/internal/report"
	"github.com/pkgctl/pkgctl/internal/value"
)

// CheckSummary is the one-line verdict printed on stderr.
func CheckSummary(res check.Result) string {
	failed := 0
	for _, p := range res.Packages {
		if !p.Passed() {
			failed++
		}
	}
	if res.OK() {
		return fmt.Sprintf("note: no differences: %s and %s checked",
			Plural(res.PackagesChecked, "package"), Plural(res.RowsChecked, "bill row"))
	}
	return fmt.Sprintf("error: %s in %d of %s (%s checked)",
		Plural(res.NumDifferences(), "difference"), failed, Plural(res.PackagesChecked, "package"),
		Plural(res.RowsChecked, "bill row"))
}

// Count is n and word, in the plural unless n is 1, n with thousands separators:
// "1,234 warnings".
func Count(n int, word string) string {
	d := value.Thousands(int64(n))
	if n == 1 {
		return d + " " + word
	}
	return d + " " + word + "s"
}

// Plural is n and word, in the plural unless n is 1.
func Plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// differenceColumns are the rules.md §4.1 check fields, the columns of csv/markdown/xlsx.
var differenceColumns = []report.Column{
	{Key: "code", Kind: report.KindText},
	{Key: "package_id", Kind: report.KindText},
	{Key: "bill_date", Kind: report.KindDate},
	{Key: "bill_type", Kind: report.KindText},
	{Key: "expected", Kind: report.KindText, NumberText: true},
	{Key: "actual", Kind: report.KindText, NumberText: true},
	{Key: "message", Kind: report.KindText},
}

func appendDifference(row []report.Cell, d *check.Difference) []report.Cell {
	return append(row, report.Text(d.Code), report.Text(d.PackageID), report.Date(d.BillDate),
		report.Text(d.BillType), report.NumberText(d.Expected), report.NumberText(d.Actual), report.Text(d.Message))
}

// Check renders a check result: the differences as one table (csv, markdown,
// xlsx), the rules.md §4.1 object as JSON, and a table per failing package for people.
func Check(s *Settings, res check.Result) *report.Document {
	// The rows, and the differences, are made as they are written: an export off in
	// every row has as many differences as rows.
	t := &report.Table{Name: "Differences", Columns: differenceColumns, N: res.NumDifferences(), Concurrent: true,
		Row: func(i int, buf []report.Cell) []report.Cell {
			d := res.Difference(i)
			return appendDifference(buf, &d)
		}}
	doc := s.doc(t)
	doc.JSON = report.Object{
		{Key: "differences", Value: doc.RowObjects(t)},
		{Key: "packages_checked", Value: res.PackagesChecked},
		{Key: "rows_checked", Value: res.RowsChecked},
	}
	doc.Text = func(w io.Writer) error { return writeCheckText(w, s, res) }
	return doc
}

// writeCheckText prints, for each package with differences, a title line and a table of
// its differences (without the package_id column), then one summary line.
func writeCheckText(w io.Writer, s *Settings, res check.Result) error {
	cols := append([]report.Column{differenceColumns[0]}, differenceColumns[2:]...)
	failed := 0
	for _, p := range res.Packages {
		if p.Passed() {
			continue
		}
		failed++
		product := p.Product
		if product == "" {
			product = "not in the packages file"
		}
		if _, err := fmt.Fprintf(w, "%s (%s): %s\n", p.PackageID, product, Plural(p.Differences, "difference")); err != nil {
			return err
		}
		t := &report.Table{Name: p.PackageID, Columns: cols}
		for i := range p.Differences {
			d := res.Difference(p.First + i)
			row := appendDifference(nil, &d)
			t.Rows = append(t.Rows, append(row[:1:1], row[2:]...))
		}
		if err := report.Render(w, s.doc(t), report.FormatTable); err != nil {
			return err
		}
		if _, err := io.WriteString(w, "\n"); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "%s checked (%d ok, %d with differences), %s, %s\n",
		Plural(res.PackagesChecked, "package"), res.PackagesChecked-failed, failed,
		Plural(res.RowsChecked, "bill row"), Plural(res.NumDifferences(), "difference"))
	return err
}
