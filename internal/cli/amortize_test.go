package cli

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/pkgctl/pkgctl/internal/sample"
	"github.com/pkgctl/pkgctl/internal/testkit"
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
	// Find the sample's 16.80 unused row of 2024-01-31 and check the cells' types.
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

// billJSON is one bill of the amortize JSON as encoding/json would write it: the
// independent form the streamed bills are checked against.
type billJSON struct {
	BillDate          string            `json:"bill_date"`
	BillingCycle      string            `json:"billing_cycle"`
	PackageID         string            `json:"package_id"`
	Product           string            `json:"product"`
	BillType          string            `json:"bill_type"`
	Method            string            `json:"method"`
	Quantity          string            `json:"quantity"`
	Unit              string            `json:"unit"`
	Amount            string            `json:"amount"`
	Currency          string            `json:"currency"`
	PeriodStart       string            `json:"period_start"`
	PeriodEnd         string            `json:"period_end"`
	EnterpriseProject string            `json:"enterprise_project"`
	Tags              map[string]string `json:"tags"`
	Provisional       bool              `json:"provisional"`
}

// TestBillsJSONStreamed: the bills written bill by bill (in parallel blocks) are the bytes
// encoding/json writes for the same document, on a generated input with tags, many
// blocks of bills and provisional rows; and the bills are the CSV's rows.
func TestBillsJSONStreamed(t *testing.T) {
	dir := t.TempDir()
	var pb, ub bytes.Buffer
	if err := sample.Generate(sample.GenOptions{Packages: 200, Records: 8000, Seed: 7}, &pb, &ub); err != nil {
		t.Fatal(err)
	}
	pp, up := filepath.Join(dir, "p.csv"), filepath.Join(dir, "u.csv")
	if err := os.WriteFile(pp, pb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(up, ub.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"amortize", "--packages", pp, "--usage", up, "--quiet", "--as-of", "2024-09-15"}
	code, out, stderr := runMain(t, dir, append(args, "-f", "json")...)
	if code != 0 {
		t.Fatal(stderr)
	}
	var doc struct {
		Bills  []billJSON        `json:"bills"`
		Totals []json.RawMessage `json:"totals"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	tagged, provisional := 0, 0
	for _, b := range doc.Bills {
		if len(b.Tags) > 0 {
			tagged++
		}
		if b.Provisional {
			provisional++
		}
	}
	if len(doc.Bills) < 3*1024 || tagged == 0 || provisional == 0 {
		t.Fatalf("the input should give several blocks of bills, tagged and provisional ones: %d bills, %d tagged, %d provisional",
			len(doc.Bills), tagged, provisional)
	}
	var enc bytes.Buffer // encoding/json's text, laid out as pkgctl lays JSON out
	e := json.NewEncoder(&enc)
	e.SetEscapeHTML(false)
	if err := e.Encode(doc); err != nil {
		t.Fatal(err)
	}
	want := bytes.NewBuffer(append(testkit.JSONLayout(enc.Bytes()), '\n'))
	if got := out; got != want.String() {
		i := 0
		for i < len(got) && i < len(want.String()) && got[i] == want.String()[i] {
			i++
		}
		t.Fatalf("streamed JSON differs from encoding/json's at byte %d: %q vs %q", i,
			got[max(0, i-80):min(len(got), i+80)], want.String()[max(0, i-80):min(want.Len(), i+80)])
	}
	code, csvOut, stderr := runMain(t, dir, append(args, "-f", "csv")...)
	if code != 0 {
		t.Fatal(stderr)
	}
	if rows := strings.Count(csvOut, "\n") - 1; rows < len(doc.Bills) {
		t.Errorf("CSV has %d lines past its header, JSON %d bills", rows, len(doc.Bills))
	}
}

// A zone west of UTC that skips midnight (rules.md §1.7): America/Santiago's 2024-09-08
// starts at 01:00-03:00 and is 23 hours long, so a linear package's share for it is 23
// hours' worth, and its bills sum to its fee; a date-only expiration ends at the next
// day's first instant.
func TestAmortizeSkippedMidnight(t *testing.T) {
	dir := t.TempDir()
	pkgs := filepath.Join(dir, "p.csv")
	usage := filepath.Join(dir, "u.csv")
	if err := os.WriteFile(pkgs, []byte("package_id,product,effective_time,expiration_time,capacity,unit,fee,currency,amortization\n"+
		"S1,ECS,2024-09-07 00:00:00,2024-09-09,10,GB,71,USD,linear\n"+
		"S4,ECS,2024-09-07 23:30:00,2024-09-09,10,GB,95,USD,linear\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(usage, []byte("record_id,product,billing_item,start_time,end_time,quantity,unit\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runPkgctl(t, "amortize", "--packages", pkgs, "--usage", usage, "--timezone", "America/Santiago",
		"--as-of", "2025-01-01", "-f", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		f := strings.Split(line, ",")
		got = append(got, f[0]+" "+f[2]+" "+f[8]+" "+f[11])
	}
	want := []string{
		"2024-09-07 S1 24.00 2024-09-10T00:00:00-03:00",
		"2024-09-07 S4 1.00 2024-09-10T00:00:00-03:00",
		"2024-09-08 S1 23.00 2024-09-10T00:00:00-03:00",
		"2024-09-08 S4 46.00 2024-09-10T00:00:00-03:00",
		"2024-09-09 S1 24.00 2024-09-10T00:00:00-03:00",
		"2024-09-09 S4 48.00 2024-09-10T00:00:00-03:00",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("bills:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
