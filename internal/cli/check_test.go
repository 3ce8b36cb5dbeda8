package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pkgctl/pkgctl/internal/check"
	"github.com/pkgctl/pkgctl/internal/sample"
)

// runPkgctl runs Main in-process in the Shanghai zone.
func runPkgctl(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// sampleBills is the sample's bills CSV as amortize writes it with --as-of 2026-01-01.
func sampleBills(t *testing.T) string {
	t.Helper()
	code, out, errOut := runPkgctl(t, "amortize", "--sample", "--as-of", "2026-01-01", "-f", "csv")
	if code != 0 {
		t.Fatalf("amortize: exit %d: %s", code, errOut)
	}
	return out
}

// mutate replaces the one line of bills that starts with prefix (its first n fields).
func mutate(t *testing.T, bills, prefix string, edit func(fields []string) []string) string {
	t.Helper()
	lines := strings.Split(bills, "\n")
	hit := -1
	for i, l := range lines {
		if strings.HasPrefix(l, prefix) {
			if hit >= 0 {
				t.Fatalf("prefix %q matches more than one line", prefix)
			}
			hit = i
		}
	}
	if hit < 0 {
		t.Fatalf("no line starts with %q", prefix)
	}
	fields := edit(strings.Split(lines[hit], ","))
	if fields == nil {
		lines = append(lines[:hit], lines[hit+1:]...)
	} else {
		lines[hit] = strings.Join(fields, ",")
	}
	return strings.Join(lines, "\n")
}

func setAmount(v string) func([]string) []string {
	return func(f []string) []string { f[8] = v; return f }
}

type checkJSON struct {
	Differences []struct {
		Code      string `json:"code"`
		PackageID string `json:"package_id"`
		BillDate  string `json:"bill_date"`
		BillType  string `json:"bill_type"`
		Expected  string `json:"expected"`
		Actual    string `json:"actual"`
		Message   string `json:"message"`
	} `json:"differences"`
	PackagesChecked int `json:"packages_checked"`
	RowsChecked     int `json:"rows_checked"`
}

// TestCheckSampleMutations: each mutation of the sample's own export gives exactly
// its differences and exit 1; a clean or within-tolerance export exits 0.
func TestCheckSampleMutations(t *testing.T) {
	t.Setenv("PKGCTL_TIMEZONE", "Asia/Shanghai")
	dir := t.TempDir()
	clean := sampleBills(t)
	const obsJan10 = "2024-01-10,2024-01,PKG-OBS-100G,OBS,Expenditure-resource packages used"
	const obsJan13 = "2024-01-13,2024-01,PKG-OBS-100G,OBS,Expenditure-resource packages used"
	shifted := mutate(t, mutate(t, clean, obsJan10, setAmount("4.02")), obsJan13, setAmount("3.18"))
	for _, tc := range []struct {
		name, bills string
		extra       []string
		want        []string // "CODE PACKAGE BILL_DATE"
	}{
		{"clean", clean, nil, nil},
		{"missing zero row", mutate(t, clean, "2019-07-31,2019-07,PKG-CCI-MEM", func([]string) []string { return nil }), nil,
			[]string{"MISSING_IN_EXPORT PKG-CCI-MEM 2019-07-31"}},
		{"missing row", mutate(t, clean, obsJan10, func([]string) []string { return nil }), nil,
			[]string{"TOTAL_NOT_FEE PKG-OBS-100G ", "MISSING_IN_EXPORT PKG-OBS-100G 2024-01-10"}},
		{"amount off by 0.02", mutate(t, clean, obsJan10, setAmount("4.02")), nil,
			[]string{"TOTAL_NOT_FEE PKG-OBS-100G ", "AMOUNT_DIFFERS PKG-OBS-100G 2024-01-10"}},
		{"extra zero row", clean + "2024-02-03,2024-02,PKG-SFS-3500,SFS,Expenditure-resource packages used,usage,0,GB,0.00,USD,,,,,false\n", nil,
			[]string{"UNEXPECTED_IN_EXPORT PKG-SFS-3500 2024-02-03"}},
		{"rows no longer sum to the fee", mutate(t, mutate(t, clean, obsJan10, setAmount("4.01")), obsJan13, setAmount("3.21")), nil,
			[]string{"TOTAL_NOT_FEE PKG-OBS-100G "}}, // each row within the tolerance, their sum 0.02 off
		{"sum off within tolerance", mutate(t, clean, obsJan10, setAmount("4.01")), nil, nil},
		{"sum off beyond a zero tolerance", mutate(t, clean, obsJan10, setAmount("4.004")), []string{"--tolerance", "0"},
			[]string{"TOTAL_NOT_FEE PKG-OBS-100G ", "AMOUNT_DIFFERS PKG-OBS-100G 2024-01-10"}},
		{"float noise", mutate(t, mutate(t, clean, obsJan10, setAmount("4.0000000000000001")), obsJan13, setAmount("3.1999999999999997")),
			[]string{"--tolerance", "0"}, nil},
		{"shifted beyond tolerance", shifted, nil,
			[]string{"AMOUNT_DIFFERS PKG-OBS-100G 2024-01-10", "AMOUNT_DIFFERS PKG-OBS-100G 2024-01-13"}},
		{"shifted within tolerance", shifted, []string{"--tolerance", "0.02"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".csv")
			if err := os.WriteFile(path, []byte(tc.bills), 0o644); err != nil {
				t.Fatal(err)
			}
			args := append([]string{"check", "--sample", "--as-of", "2026-01-01", "--bills", path, "-f", "json"}, tc.extra...)
			code, out, errOut := runPkgctl(t, args...)
			var got checkJSON
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("exit %d, stdout not JSON: %v\n%s%s", code, err, out, errOut)
			}
			var keys []string
			for _, d := range got.Differences {
				keys = append(keys, d.Code+" "+d.PackageID+" "+d.BillDate)
			}
			if strings.Join(keys, "|") != strings.Join(tc.want, "|") {
				t.Fatalf("differences:\n got %q\nwant %q", keys, tc.want)
			}
			wantCode := 0
			if len(tc.want) > 0 {
				wantCode = 1
			}
			if code != wantCode || got.PackagesChecked != 9 {
				t.Errorf("exit %d (want %d), packages_checked %d; stderr %s", code, wantCode, got.PackagesChecked, errOut)
			}
		})
	}
}

// statusPackages is the sample's packages file with a status column: every package
// Expired (as of 2026-01-01) except PKG-VPC-10G, exported as 生效中 (Active).
func statusPackages(t *testing.T) []byte {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(sample.Packages().Data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		v := "已过期"
		switch {
		case i == 0:
			v = "status"
		case recs[i][0] == "PKG-VPC-10G":
			v = "生效中"
		case i%2 == 0:
			v = "EXPIRED"
		}
		recs[i] = append(recs[i], v)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.WriteAll(recs)
	return buf.Bytes()
}

type junitDoc struct {
	Suites []struct {
		Name  string `xml:"name,attr"`
		Cases []struct {
			ClassName string    `xml:"classname,attr"`
			Name      string    `xml:"name,attr"`
			Failure   *struct{} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// TestCheckStatusAndJUnit: a wrong exported status is STATUS_DIFFERS, and the JUnit
// report parses with one test case per package, the failing one marked.
func TestCheckStatusAndJUnit(t *testing.T) {
	t.Setenv("PKGCTL_TIMEZONE", "Asia/Shanghai")
	dir := t.TempDir()
	bills, pk, report := filepath.Join(dir, "bills.csv"), filepath.Join(dir, "packages.csv"), filepath.Join(dir, "ci", "check.xml")
	if err := os.WriteFile(bills, []byte(sampleBills(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pk, statusPackages(t), 0o644); err != nil {
		t.Fatal(err)
	}
	usage := filepath.Join(dir, "usage.csv")
	if err := os.WriteFile(usage, sample.Usage().Data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runPkgctl(t, "check", "--packages", pk, "--usage", usage, "--bills", bills,
		"--as-of", "2026-01-01", "--junit", report, "-f", "csv")
	want := "code,package_id,bill_date,bill_type,expected,actual,message\n" +
		`STATUS_DIFFERS,PKG-VPC-10G,,,Expired,生效中,"exported status ""生效中"" (Active) differs from the replayed Expired"` + "\n"
	if code != 1 || out != want {
		t.Fatalf("exit %d, stdout:\n%s\nwant:\n%s\nstderr: %s", code, out, want, errOut)
	}
	if errOut != "pkgctl: error: 1 difference in 1 of 9 packages (147 bill rows checked)\n" {
		t.Errorf("stderr %q", errOut)
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var doc junitDoc
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("JUnit is not XML: %v", err)
	}
	if len(doc.Suites) != 1 || doc.Suites[0].Name != "pkgctl check" || len(doc.Suites[0].Cases) != 9 {
		t.Fatalf("want one suite with 9 test cases: %+v", doc)
	}
	failed := 0
	for _, c := range doc.Suites[0].Cases {
		if c.Failure != nil {
			failed++
			if c.Name != "PKG-VPC-10G" || c.ClassName != "VPC" {
				t.Errorf("failing case %s/%s", c.ClassName, c.Name)
			}
		}
	}
	if failed != 1 {
		t.Errorf("%d failing cases, want 1", failed)
	}
}

// check's XLSX report stores expected and actual as numbers with their decimals shown
// when they are amounts (rules.md §4.1), written row by row like every report sheet.
func TestCheckXLSXNumbers(t *testing.T) {
	t.Setenv("PKGCTL_TIMEZONE", "Asia/Shanghai")
	dir := t.TempDir()
	const obsJan10 = "2024-01-10,2024-01,PKG-OBS-100G,OBS,Expenditure-resource packages used"
	bills := filepath.Join(dir, "bills.csv")
	if err := os.WriteFile(bills, []byte(mutate(t, sampleBills(t), obsJan10, setAmount("4.02"))), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "diff.xlsx")
	if code, _, errOut := runPkgctl(t, "check", "--sample", "--as-of", "2026-01-01", "--bills", bills, "-o", out); code != 1 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Differences", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for r, row := range rows[1:] {
		if row[0] != "AMOUNT_DIFFERS" {
			continue
		}
		found = true
		for c, want := range map[string]string{"E": "4.00", "F": "4.02"} {
			ref := fmt.Sprintf("%s%d", c, r+2)
			v, _ := f.GetCellValue("Differences", ref, excelize.Options{RawCellValue: true})
			typ, _ := f.GetCellType("Differences", ref)
			id, _ := f.GetCellStyle("Differences", ref)
			st, _ := f.GetStyle(id)
			if v != want || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) || st == nil ||
				st.CustomNumFmt == nil || *st.CustomNumFmt != "#,##0.00" {
				t.Errorf("%s: %q of type %v, style %+v; want the number %s shown with two decimals", ref, v, typ, st, want)
			}
		}
	}
	if !found {
		t.Fatalf("no AMOUNT_DIFFERS row in %q", rows)
	}
}

// A comparison whose expected bills' and export's sums would take more than half of the
// machine's memory is refused at once, bad usage with what to do, instead of running
// out of memory; at half, or with the memory unknown, it runs.
func TestCheckFits(t *testing.T) {
	const gib = 1 << 30
	for _, tc := range []struct {
		n, keys int
		held    int64
		total   int64
		msg     string
	}{
		{0, 0, 0, 0, ""},
		{1 << 40, 0, 1 << 50, 0, ""}, // memory unknown
		{(8 * gib) / check.BillBytes, 0, 0, 16 * gib, ""},
		{(8*gib)/check.BillBytes + 1, 0, 0, 16 * gib, "the comparison would hold the sums of 28,633,116 bills and of the export, about 8.0 GiB: more than half of this machine's 16.0 GiB"},
		{99_997_222, 0, 1 << 20, 24 * gib, "the comparison would hold the sums of 99,997,222 bills and of the export, about 27.9 GiB: more than half of this machine's 24.0 GiB"},
		{0, 1, 8*gib + 1, 16 * gib, "the comparison would hold the sums of 0 bills and of the export, about 8.0 GiB: more than half of this machine's 16.0 GiB"},
		// a clean check: the bills' keys are the export's, counted once
		{1_608_737, 1_608_737, 1_608_737*128 + 10_000*640, 512 << 20, ""},
	} {
		err := checkFits(tc.n, tc.keys, tc.held, tc.total)
		var u *usageError
		if tc.msg == "" && err != nil || tc.msg != "" && (!errors.As(err, &u) || u.msg != tc.msg || !strings.Contains(u.hint, "--month")) {
			t.Errorf("%d bills, %d keys, %d bytes held, %d bytes: %v", tc.n, tc.keys, tc.held, tc.total, err)
		}
	}
}
