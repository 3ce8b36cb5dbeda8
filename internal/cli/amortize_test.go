package cli

import (
	"archive/zip"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// TestAmortizeWorkbook reads the written XLSX back: sheets, typed cells, the chart.
func TestAmortizeWorkbook(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bills.xlsx")
	if code, _, stderr := runMain(t, dir, "amortize", "--sample", "--as-of", "2026-01-01", "-o", path); code != 0 {
		t.Fatal(stderr)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "Bills,Summary,Totals" {
		t.Fatalf("sheets = %s", got)
	}
	rows, err := f.GetRows("Bills")
	if err != nil || len(rows) < 2 {
		t.Fatalf("Bills: %v rows, %v", len(rows), err)
	}
	header := strings.Join(rows[0], ",")
	if header != "bill_date,billing_cycle,package_id,product,bill_type,method,quantity,unit,amount,currency,period_start,period_end,enterprise_project,tags,provisional" {
		t.Errorf("Bills header = %s", header)
	}
	// Find the seed's 16.80 unused row of 2024-01-31 and check the cells' types.
	found := false
	for i, r := range rows[1:] {
		if len(r) > 8 && r[2] == "PKG-OBS-100G" && r[4] == "Expenditure-resource packages unused" && r[0] == "2024-01-31" {
			found = true
			amount, _ := excelize.CoordinatesToCellName(9, i+2)
			if typ, _ := f.GetCellType("Bills", amount); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("amount cell %s has type %v, want a number", amount, typ)
			}
			if raw, _ := f.GetCellValue("Bills", amount, excelize.Options{RawCellValue: true}); raw != "16.80" {
				t.Errorf("amount %s raw = %q, want the exact 16.80", amount, raw)
			}
			date, _ := excelize.CoordinatesToCellName(1, i+2)
			if raw, _ := f.GetCellValue("Bills", date, excelize.Options{RawCellValue: true}); raw != "45322" {
				t.Errorf("bill_date %s raw = %q, want the serial of 2024-01-31", date, raw)
			}
		}
	}
	if !found {
		t.Errorf("the 2024-01-31 unused row of PKG-OBS-100G is missing")
	}
	// The Summary sheet's totals equal the Totals sheet's: final rows sum to the fees.
	sum := decimal.Zero
	srows, _ := f.GetRows("Summary", excelize.Options{RawCellValue: true})
	for _, r := range srows[1:] {
		v, err := decimal.NewFromString(r[5])
		if err != nil {
			t.Fatalf("summary total %q: %v", r[5], err)
		}
		sum = sum.Add(v)
	}
	if !sum.Equal(decimal.RequireFromString("6464")) {
		t.Errorf("summary totals sum to %s, want 6464.00 (the fees less moved remainders)", sum)
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	chart := false
	for _, zf := range zr.File {
		if zf.Name == "xl/charts/chart1.xml" {
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			chart = strings.Contains(string(b), `<grouping val="stacked"`) && strings.Contains(string(b), "Summary")
		}
	}
	if !chart {
		t.Errorf("no stacked column chart on the Summary sheet")
	}
}
