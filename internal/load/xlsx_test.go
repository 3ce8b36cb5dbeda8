package load

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pkgctl/pkgctl/internal/model"
)

// xlsxStyles are the number formats the generated workbook gives its date cells.
type xlsxStyles struct{ dateTime, dateTimeBuiltin, date, cjkDate, clock int }

func newXLSXStyles(t *testing.T, f *excelize.File) xlsxStyles {
	t.Helper()
	custom := func(code string) int {
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	builtin := func(n int) int {
		id, err := f.NewStyle(&excelize.Style{NumFmt: n})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	return xlsxStyles{
		dateTime:        custom(`yyyy\-mm\-dd hh:mm:ss;@`),
		dateTimeBuiltin: builtin(22),
		date:            builtin(14),
		cjkDate:         custom(`yyyy"年"m"月"d"日"`),
		clock:           builtin(20),
	}
}

// serial is the Excel serial of a wall-clock time written as "2006-01-02[ 15:04:05]".
func serial(t *testing.T, s string, date1904 bool) float64 {
	t.Helper()
	layout := time.DateTime
	if len(s) == len(time.DateOnly) {
		layout = time.DateOnly
	}
	v, err := time.Parse(layout, s)
	if err != nil {
		t.Fatal(err)
	}
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return v.Sub(epoch).Hours() / 24
}

// canonicalXLSX turns the canonical CSV into a workbook: a first sheet without the
// columns, then a sheet with two title rows above the header, timestamps as date
// serials with date formats, and numbers as numbers.
func canonicalXLSX(t *testing.T, date1904 bool) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "load", "packages_canonical.csv"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	if date1904 {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetSheetName("Sheet1", "Summary"); err != nil {
		t.Fatal(err)
	}
	must(t, f.SetSheetRow("Summary", "A1", &[]any{"Resource packages", 7}))
	if _, err := f.NewSheet("Packages"); err != nil {
		t.Fatal(err)
	}
	st := newXLSXStyles(t, f)
	must(t, f.SetCellValue("Packages", "A1", "Resource Package Overview"))
	must(t, f.SetCellValue("Packages", "A2", "Exported at 2024-02-01 10:00:00"))
	header := recs[0]
	for j, h := range header {
		cell, _ := excelize.CoordinatesToCellName(j+1, 3)
		must(t, f.SetCellValue("Packages", cell, h))
	}
	for i, rec := range recs[1:] {
		for j, v := range rec {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+4)
			writeXLSXCell(t, f, cell, header[j], v, i, st, date1904)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// writeXLSXCell writes one canonical value the way a spreadsheet would hold it.
// usageXLSXSkipping loads the workbook f as usage.xlsx with --skip-invalid.
func usageXLSXSkipping(t *testing.T, f *excelize.File) ([]model.Record, *Report) {
	t.Helper()
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	opt := testOptions()
	opt.SkipInvalid = true
	recs, rep, err := Usage("u.xlsx", &buf, opt)
	if err != nil {
		t.Fatal(err)
	}
	return recs, rep
}

func writeXLSXCell(t *testing.T, f *excelize.File, cell, col, v string, row int, st xlsxStyles, date1904 bool) {
	t.Helper()
	const sheet = "Packages"
	style := -1
	switch {
	case v == "":
		return
	case col == "reset_anchor" && v == "16:00":
		must(t, f.SetCellFloat(sheet, cell, 16.0/24, -1, 64))
		style = st.clock
	case strings.HasSuffix(col, "_time") && len(v) == len(time.DateOnly):
		must(t, f.SetCellFloat(sheet, cell, serial(t, v, date1904), -1, 64))
		style = st.date
		if row%2 == 1 {
			style = st.cjkDate
		}
	case strings.HasSuffix(col, "_time"):
		must(t, f.SetCellFloat(sheet, cell, serial(t, v, date1904), -1, 64))
		style = st.dateTime
		if col == "order_time" {
			style = st.dateTimeBuiltin
		}
	case col == "capacity" || col == "fee" || col == "used" || col == "remaining" || col == "refund":
		n, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatal(err)
		}
		must(t, f.SetCellFloat(sheet, cell, n, -1, 64))
	default:
		must(t, f.SetCellStr(sheet, cell, v))
	}
	if style >= 0 {
		must(t, f.SetCellStyle(sheet, cell, cell, style))
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestPackagesXLSX(t *testing.T) {
	want, _ := loadPackages(t, "packages_canonical.csv")
	for _, date1904 := range []bool{false, true} {
		t.Run("date1904="+strconv.FormatBool(date1904), func(t *testing.T) {
			data := canonicalXLSX(t, date1904)
			got, rep, err := Packages("p.xlsx", bytes.NewReader(data), testOptions())
			if err != nil {
				t.Fatal(err)
			}
			assertSamePackages(t, got, want)
			if rep.Sheet != "Packages" || got[0].Src.String() != "p.xlsx[Packages]:4" {
				t.Errorf("sheet %q, first source %s; want Packages, p.xlsx[Packages]:4", rep.Sheet, got[0].Src)
			}
		})
	}
}

func TestXLSXLocatedProblem(t *testing.T) {
	f := excelize.NewFile()
	must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"record_id", "product", "billing_item", "start_time", "end_time", "quantity"}))
	must(t, f.SetSheetRow("Sheet1", "A2", &[]any{"r1", "OBS", "Storage", "2024-01-01 10:00:00", "2024-01-01 09:00:00", "5 GB"}))
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	_, _, err := Usage("u.xlsx", &buf, testOptions())
	want := `u.xlsx[Sheet1]:2: column "end_time": end_time 2024-01-01 09:00:00 is before start_time 2024-01-01 10:00:00`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestFileKindByExtensionOrContent(t *testing.T) {
	want, _ := loadPackages(t, "packages_canonical.csv")
	data := canonicalXLSX(t, false)
	for _, name := range []string{"export", "/dev/fd/63"} { // no extension: sniffed as XLSX
		got, _, err := Packages(name, bytes.NewReader(data), testOptions())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		assertSamePackages(t, got, want)
	}
	raw := openTestdata(t, "packages_canonical.csv")
	for _, name := range []string{"-", "stdin"} {
		if _, err := raw.Seek(0, 0); err != nil {
			t.Fatal(err)
		}
		got, _, err := Packages(name, raw, testOptions())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		assertSamePackages(t, got, want)
	}
	if _, _, err := Packages("p.xlsx", strings.NewReader("package_id\n"), testOptions()); err == nil ||
		!strings.HasPrefix(err.Error(), "p.xlsx: not a readable XLSX workbook") {
		t.Errorf("CSV bytes named .xlsx: %v", err)
	}
}

// A text cell of digits in a date-styled time column is text, as the spreadsheet shows
// it, not a date serial: it is rejected as a time, not read as 2024-01-01.
func TestXLSXTextDigitsAreNotADate(t *testing.T) {
	f := excelize.NewFile()
	st := newXLSXStyles(t, f)
	must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"record_id", "product", "billing_item", "start_time", "end_time", "quantity"}))
	must(t, f.SetSheetRow("Sheet1", "A2", &[]any{"r1", "OBS", "Storage", "2023-12-31 10:00:00", "", "5 GB"}))
	must(t, f.SetCellStr("Sheet1", "E2", "45292")) // as a serial: 2024-01-01, after the start
	must(t, f.SetCellStyle("Sheet1", "E2", "E2", st.date))
	must(t, f.SetSheetRow("Sheet1", "A3", &[]any{"r2", "OBS", "Storage", "2024-01-01 10:00:00", 45293, "5 GB"}))
	must(t, f.SetCellStyle("Sheet1", "E3", "E3", st.date))
	recs, rep := usageXLSXSkipping(t, f)
	if len(recs) != 1 || recs[0].ID != "r2" || !recs[0].End().Equal(at("2024-01-02 00:00:00")) {
		t.Errorf("records %+v", recs)
	}
	if rep.Rejected.Len() != 1 || rowsOf(t, rep)[0].Src.Line != 2 || rowsOf(t, rep)[0].Problems()[0].Column != "end_time" ||
		!strings.Contains(rowsOf(t, rep)[0].Problems()[0].Msg, "45292") {
		t.Errorf("rejected %+v", rep.Rejected)
	}
}

// A date format shows the day only; a time of day the cell holds is read all the same,
// and a midnight stays a date (an expiration date then means the end of that day).
func TestXLSXDateFormatKeepsTime(t *testing.T) {
	f := excelize.NewFile()
	st := newXLSXStyles(t, f)
	must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"record_id", "product", "billing_item", "start_time", "end_time", "quantity"}))
	must(t, f.SetSheetRow("Sheet1", "A2", &[]any{"r1", "OBS", "Storage", 45292.5, 45292.75, "5 GB"}))
	must(t, f.SetSheetRow("Sheet1", "A3", &[]any{"r2", "OBS", "Storage", 45292, 45293, "5 GB"}))
	must(t, f.SetCellStyle("Sheet1", "D2", "E3", st.date))
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	recs, _, err := Usage("u.xlsx", &buf, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]string{{"2024-01-01 12:00:00", "2024-01-01 18:00:00"}, {"2024-01-01 00:00:00", "2024-01-02 00:00:00"}}
	if len(recs) != len(want) {
		t.Fatalf("%d records", len(recs))
	}
	for i, w := range want {
		if !recs[i].Start().Equal(at(w[0])) || !recs[i].End().Equal(at(w[1])) {
			t.Errorf("%s: %v to %v; want %s to %s", recs[i].ID, recs[i].Start(), recs[i].End(), w[0], w[1])
		}
	}
	for serial, want := range map[float64]string{45292: "2024-01-01", 45292.5: "2024-01-01 12:00:00", 45292.99999: "2024-01-01 23:59:59",
		45657.99999999:   "2025-01-01 00:00:00", // 23:59:59.999: a time, not the next day's date
		45291.9999999999: "2024-01-01",          // midnight to the millisecond: a date
		45292.0000000001: "2024-01-01"} {
		if got, err := dateText(serial, fmtDate, false); err != nil || got != want {
			t.Errorf("dateText(%v) = %q, %v; want %q", serial, got, err, want)
		}
	}
}
