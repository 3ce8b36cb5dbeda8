package check

import (
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/testkit"
)

const (
	used     = model.BillUsed
	unused   = model.BillUnused
	purchase = model.BillPurchase
)

// fixture: P1 usage-based and ended (10.00 in all), P2 linear and still running.
func fixture() ([]amortize.Bill, []amortize.Total) {
	bills := []amortize.Bill{
		bill("P1", "2024-01-02", used, "2.00", "5", "web"),
		bill("P1", "2024-01-02", used, "1.00", "2.5", "api"),
		bill("P1", "2024-01-31", unused, "7.00", "17.5", ""),
		bill("P2", "2024-01-01", purchase, "1.00", "", ""),
		bill("P2", "2024-01-02", purchase, "1.00", "", ""),
	}
	totals := []amortize.Total{
		{PackageID: "P1", Method: model.MethodUsage, Amortizable: dec("10.00"), Amortized: dec("10.00"), Currency: "USD", Ended: true},
		{PackageID: "P2", Method: model.MethodLinear, Amortizable: dec("365.00"), Amortized: dec("2.00"), Currency: "USD"},
	}
	return bills, totals
}

func fixturePkgs() ([]model.Package, []replay.OverviewRow) {
	return []model.Package{pkg("P1", "", "", ""), pkg("P2", "", "", "")},
		[]replay.OverviewRow{overviewRow("P1", replay.StatusExpired, "0"), overviewRow("P2", replay.StatusActive, "0")}
}

func compare(exported []model.BillRow, opt Options) Result {
	bills, totals := fixture()
	pkgs, ov := fixturePkgs()
	return Compare(bills, totals, exported, ov, pkgs, opt)
}

func TestCleanExport(t *testing.T) {
	bills, _ := fixture()
	for _, tc := range []struct{ qty, project bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
		res := compare(asExported(bills, tc.qty, tc.project), defaultOpt)
		checkInvariants(t, res)
		if !res.OK() {
			t.Errorf("qty=%v project=%v: want no difference, got %+v", tc.qty, tc.project, res.Differences())
		}
		if res.PackagesChecked != 2 || res.RowsChecked != 5 {
			t.Errorf("checked %d packages, %d rows; want 2, 5", res.PackagesChecked, res.RowsChecked)
		}
		if res.Packages[0].Rows != 3 || res.Packages[1].Rows != 2 || res.Packages[0].Product != "OBS" {
			t.Errorf("per-package rows: %+v", res.Packages)
		}
	}
}

func TestMissingAndUnexpected(t *testing.T) {
	bills, _ := fixture()
	exp := asExported(bills, false, false)
	exp = append(exp[:3], exp[4:]...) // drop P2 2024-01-01 (P2 has not ended: no TOTAL_NOT_FEE)
	exp = append(exp, row("P2", "2024-01-03", purchase, "1.00", "", "", "", false),
		row("P9", "2024-01-03", purchase, "4.00", "", "", "", false))
	res := compare(exp, defaultOpt)
	checkInvariants(t, res)
	want := []Difference{
		{Code: CodeMissing, PackageID: "P2", BillDate: day("2024-01-01"), BillType: purchase.String(), Expected: "1.00", Actual: ""},
		{Code: CodeUnexpected, PackageID: "P2", BillDate: day("2024-01-03"), BillType: purchase.String(), Expected: "", Actual: "1.00"},
		{Code: CodeUnexpected, PackageID: "P9", BillDate: day("2024-01-03"), BillType: purchase.String(), Expected: "", Actual: "4.00"},
	}
	assertDiffs(t, res, want)
	if !strings.Contains(res.Differences()[2].Message, `"P9", which is not in the packages file`) {
		t.Errorf("message of an unknown package: %q", res.Differences()[2].Message)
	}
	if res.PackagesChecked != 3 || res.Packages[2].Product != "" || res.Packages[0].Passed() != true {
		t.Errorf("packages: %+v", res.Packages)
	}
}

func assertDiffs(t *testing.T, res Result, want []Difference) {
	t.Helper()
	if len(res.Differences()) != len(want) {
		t.Fatalf("got %d differences %v, want %d", len(res.Differences()), codes(res), len(want))
	}
	for i, w := range want {
		g := res.Differences()[i]
		g.Message, g.EnterpriseProject = "", ""
		if !reflect.DeepEqual(g, w) {
			t.Errorf("difference %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}

// TestAmountTolerance: a difference exactly at the tolerance passes, one cent more
// fails; TOTAL_NOT_FEE of the ended P1 honors the tolerance too.
func TestAmountTolerance(t *testing.T) {
	for _, tc := range []struct {
		name, amount, tol string
		want              []string
	}{
		{"equal", "7.00", "0.01", nil},
		{"at tolerance", "7.01", "0.01", nil},
		{"below tolerance", "6.99", "0.01", nil},
		{"beyond tolerance", "7.02", "0.01", []string{CodeTotalNotFee, CodeAmount}},
		{"zero tolerance", "7.01", "0", []string{CodeTotalNotFee, CodeAmount}},
		{"wide tolerance", "7.50", "0.5", nil},
		{"just beyond wide", "7.51", "0.5", []string{CodeTotalNotFee, CodeAmount}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bills, _ := fixture()
			exp := asExported(bills, false, false)
			exp[2].Amount = dec(tc.amount)
			res := compare(exp, Options{Tolerance: dec(tc.tol), Precision: 2})
			checkInvariants(t, res)
			if got := codes(res); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("codes %v, want %v", got, tc.want)
			}
			if len(tc.want) == 2 {
				d := res.Differences()[1]
				if d.Expected != "7.00" || d.Actual != dec(tc.amount).StringFixed(2) || d.BillType != unused.String() {
					t.Errorf("amount difference: %+v", d)
				}
				if !strings.Contains(d.Message, "differs from the expected 7.00") {
					t.Errorf("message %q does not name the values", d.Message)
				}
			}
		})
	}
}

// An exported amount in another currency than the package's is another amount, however
// alike the numbers: AMOUNT_DIFFERS, the currencies named. A row without a currency (or
// an export without the column) is in the package's; case does not matter.
func TestCurrency(t *testing.T) {
	for _, tc := range []struct {
		name    string
		set     func(exp []model.BillRow)
		want    []string
		message string
	}{
		{"same", func([]model.BillRow) {}, nil, ""},
		{"none written", func(exp []model.BillRow) {
			for i := range exp {
				exp[i].Currency = ""
			}
		}, nil, ""},
		{"lower case", func(exp []model.BillRow) { exp[2].Currency = "usd" }, nil, ""},
		{"another", func(exp []model.BillRow) { exp[2].Currency = "JPY" }, []string{CodeAmount},
			"amount 7.00 is in JPY; the package is billed in USD"},
		{"two in one key", func(exp []model.BillRow) {
			exp[1].Currency = "CNY" // P1's two used rows of 2024-01-02 share a key without projects
		}, []string{CodeAmount}, "amount 3.00 adds rows in USD and CNY; the package is billed in USD"},
		{"blank and another in one key", func(exp []model.BillRow) {
			exp[0].Currency, exp[1].Currency = "", "JPY" // the blank one is in the package's USD
		}, []string{CodeAmount}, "amount 3.00 adds rows in USD and JPY; the package is billed in USD"},
		{"blank in one key", func(exp []model.BillRow) {
			exp[0].Currency, exp[1].Currency = "", "usd"
		}, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bills, _ := fixture()
			exp := asExported(bills, false, false)
			tc.set(exp)
			res := compare(exp, defaultOpt)
			checkInvariants(t, res)
			if got := codes(res); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("codes %v, want %v: %+v", got, tc.want, res.Differences())
			}
			if tc.message != "" && res.Differences()[0].Message != tc.message {
				t.Errorf("message %q, want %q", res.Differences()[0].Message, tc.message)
			}
		})
	}
}

// TestTotalNotFee: rows within tolerance that no longer sum to the fee.
func TestTotalNotFee(t *testing.T) {
	bills, _ := fixture()
	exp := asExported(bills, false, false)
	exp[0].Amount = dec("2.01")
	exp[2].Amount = dec("7.01")
	res := compare(exp, defaultOpt)
	assertDiffs(t, res, []Difference{{Code: CodeTotalNotFee, PackageID: "P1", Expected: "10.00", Actual: "10.02"}})
	if m := res.Differences()[0].Message; !strings.Contains(m, "sum to 10.02") || !strings.Contains(m, "10.00 USD") {
		t.Errorf("message %q", m)
	}
	exp[2].Amount = dec("7.00")
	// compensated within the tolerance: still sums to the fee, so clean
	exp[1].Amount = dec("0.99")
	if res := compare(exp, defaultOpt); !res.OK() {
		t.Errorf("compensated rows: %+v", res.Differences())
	}
	// a package that has not ended may sum to anything
	exp = asExported(bills, false, false)[:4] // drop P2's 2024-01-02 row
	res = compare(exp, defaultOpt)
	if got := codes(res); !reflect.DeepEqual(got, []string{CodeMissing}) {
		t.Errorf("running package: %v", got)
	}
}

// An amount off by less than a cent passes a cent's tolerance, TOTAL_NOT_FEE included;
// with a tighter one, messages print the values in full, never two equal numbers.
func TestSubCentAmounts(t *testing.T) {
	bills, _ := fixture()
	exp := asExported(bills, false, false)
	exp[2].Amount = dec("7.004")
	exp[2].Src = model.Source{File: "bills.csv", Line: 4}
	res := compare(exp, defaultOpt)
	if !res.OK() {
		t.Fatalf("0.004 off with tolerance 0.01: %+v", res.Differences())
	}
	if len(res.Warnings) != 1 || res.Warnings[0] != `bills.csv:4: column "amount": 7.004 is not an amount at 2 decimals (the precision): compared as written` {
		t.Errorf("warnings %q", res.Warnings)
	}
	res = compare(exp, Options{Tolerance: dec("0.001"), Precision: 2})
	assertDiffs(t, res, []Difference{{Code: CodeTotalNotFee, PackageID: "P1", Expected: "10.00", Actual: "10.004"},
		{Code: CodeAmount, PackageID: "P1", BillDate: exp[2].Date, BillType: exp[2].BillType.String(), Expected: "7.00", Actual: "7.004"}})
	for _, want := range []string{"sum to 10.004, not to the ended package's amortizable amount 10.00 USD (off by 0.004, tolerance 0.001)",
		"amount 7.004 differs from the expected 7.00 by 0.004 (tolerance 0.001)"} {
		if !strings.Contains(res.Differences()[0].Message+"|"+res.Differences()[1].Message, want) {
			t.Errorf("messages %q, want %q", []string{res.Differences()[0].Message, res.Differences()[1].Message}, want)
		}
	}
}

// Options.Warnings keeps the first warnings in file order and counts them all; the
// comparison is the same.
func TestWarningsKept(t *testing.T) {
	bills, _ := fixture()
	exp := asExported(bills, false, false)
	for i := range exp {
		exp[i].Amount = exp[i].Amount.Add(dec("0.001"))
		exp[i].Src = model.Source{File: "bills.csv", Line: i + 2}
	}
	all := compare(exp, Options{Tolerance: dec("0.01"), Precision: 2})
	if all.WarningCount != len(exp) || len(all.Warnings) != len(exp) || len(exp) < 3 {
		t.Fatalf("all: %d warnings, count %d, %d rows", len(all.Warnings), all.WarningCount, len(exp))
	}
	kept := compare(exp, Options{Tolerance: dec("0.01"), Precision: 2, Warnings: 2})
	if kept.WarningCount != len(exp) || !reflect.DeepEqual(kept.Warnings, all.Warnings[:2]) ||
		!strings.HasPrefix(kept.Warnings[0], "bills.csv:2:") {
		t.Errorf("kept: %q, count %d; want %q, count %d", kept.Warnings, kept.WarningCount, all.Warnings[:2], len(exp))
	}
	if !reflect.DeepEqual(kept.Differences(), all.Differences()) || kept.OK() != all.OK() {
		t.Errorf("kept: differences %+v, want %+v", kept.Differences(), all.Differences())
	}
}

// A spreadsheet's float noise (0.9900000000000001, 39.99999999999999) is the amount at
// the precision: no difference, no warning, even with a zero tolerance.
func TestFloatNoiseInExport(t *testing.T) {
	bills, _ := fixture()
	exp := asExported(bills, false, false)
	exp[0].Amount = exp[0].Amount.Add(dec("0.0000000000000001"))
	exp[2].Amount = exp[2].Amount.Sub(dec("0.00000000000001"))
	res := compare(exp, Options{Tolerance: dec("0"), Precision: 2})
	checkInvariants(t, res)
	if !res.OK() || len(res.Warnings) != 0 {
		t.Errorf("float noise: %+v, warnings %q", res.Differences(), res.Warnings)
	}
}

func TestQuantity(t *testing.T) {
	bills, _ := fixture()
	for _, tc := range []struct {
		name, q, unit string
		want          []string
	}{
		{"same", "17.5", "GB", nil},
		{"at tolerance", "17.51", "GB", nil},
		{"beyond", "17.52", "GB", []string{CodeQuantity}},
		{"converted MB", "17920", "MB", nil},
		{"converted MB beyond", "17950", "MB", []string{CodeQuantity}},
		{"no unit = package unit", "17.5", "", nil},
		{"blank quantity", "", "", []string{CodeQuantity}},
		{"foreign unit", "17.5", "calls", []string{CodeQuantity}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			exp := asExported(bills, true, false)
			exp[2].Quantity, exp[2].Unit = qty(tc.q), tc.unit
			res := compare(exp, defaultOpt)
			checkInvariants(t, res)
			if got := codes(res); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("codes %v, want %v (%+v)", got, tc.want, res.Differences())
			}
			if tc.want != nil && res.Differences()[0].Expected != "17.5" {
				t.Errorf("expected quantity %q", res.Differences()[0].Expected)
			}
		})
	}
	// an export without any quantity is not compared on quantities
	exp := asExported(bills, false, false)
	if res := compare(exp, defaultOpt); !res.OK() {
		t.Errorf("export without quantities: %v", codes(res))
	}
	// a quantity column left blank on every row is still a quantity column: each used or
	// unused row then lacks its quantity
	for i := range exp {
		exp[i].HasQuantity = true
	}
	res := compare(exp, defaultOpt)
	checkInvariants(t, res)
	for _, code := range codes(res) {
		if code != CodeQuantity {
			t.Errorf("blank quantity column: code %s, want only %s", code, CodeQuantity)
		}
	}
	if len(res.Differences()) == 0 {
		t.Errorf("blank quantity column: no difference")
	}
}

// TestEnterpriseProjectKey: the project is a key only when the export has the column.
func TestEnterpriseProjectKey(t *testing.T) {
	bills, _ := fixture()
	// swap the amounts of the two projects on 2024-01-02: same sum per day
	exp := asExported(bills, false, true)
	exp[0].Amount, exp[1].Amount = dec("1.00"), dec("2.00")
	res := compare(exp, defaultOpt)
	checkInvariants(t, res)
	if got := codes(res); !reflect.DeepEqual(got, []string{CodeAmount, CodeAmount}) {
		t.Fatalf("with the project column: %v", got)
	}
	if d := res.Differences()[0]; d.EnterpriseProject != "api" || !strings.HasPrefix(d.Message, `enterprise_project "api": `) {
		t.Errorf("first difference: %+v", d)
	}
	// without the column the two rows sum to one key and agree
	for i := range exp {
		exp[i].HasProject, exp[i].EnterpriseProject = false, ""
	}
	if res := compare(exp, defaultOpt); !res.OK() {
		t.Errorf("without the project column: %v", codes(res))
	}
	// project names compare case-insensitively
	exp = asExported(bills, false, true)
	exp[0].EnterpriseProject = " WEB "
	if res := compare(exp, defaultOpt); !res.OK() {
		t.Errorf("project case: %v", codes(res))
	}
}

func TestPackageColumns(t *testing.T) {
	bills, totals := fixture()
	exp := asExported(bills, false, false)
	_, ov := fixturePkgs()
	ov[1].Used, ov[1].Remaining = dec("30"), dec("70")
	for _, tc := range []struct {
		name string
		p2   model.Package
		want []string
	}{
		{"no columns", pkg("P2", "", "", ""), nil},
		{"agree", pkg("P2", "Active", "30", "70"), nil},
		{"case", pkg("P2", "ACTIVE", "30.01", "69.99"), nil},
		{"chinese", pkg("P2", "生效中", "30", "70"), nil},
		{"status", pkg("P2", "已过期", "30", "70"), []string{CodeStatusDiffers}},
		{"unknown status", pkg("P2", "Frozen", "", ""), []string{CodeStatusDiffers}},
		{"used", pkg("P2", "", "30.02", ""), []string{CodeUsedDiffers}},
		{"remaining", pkg("P2", "", "", "60"), []string{CodeRemainDiffers}},
		{"all", pkg("P2", "Exhausted", "100", "0"), []string{CodeRemainDiffers, CodeStatusDiffers, CodeUsedDiffers}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pkgs := []model.Package{pkg("P1", "expired", "", ""), tc.p2}
			res := Compare(bills, totals, exp, ov, pkgs, defaultOpt)
			checkInvariants(t, res)
			if got := codes(res); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("codes %v, want %v (%+v)", got, tc.want, res.Differences())
			}
			for _, d := range res.Differences() {
				if d.PackageID != "P2" || !d.BillDate.IsZero() || d.BillType != "" {
					t.Errorf("package-level difference with a bill key: %+v", d)
				}
			}
		})
	}
	res := Compare(bills, totals, exp, ov, []model.Package{pkg("P1", "", "", ""), pkg("P2", "已过期", "", "")}, defaultOpt)
	if d := res.Differences()[0]; d.Expected != "Active" || d.Actual != "已过期" || d.Message != `exported status "已过期" (Expired) differs from the replayed Active` {
		t.Errorf("status difference: %+v", d)
	}
}

// TestDeterministic: the result does not depend on the order of the rows.
func TestDeterministic(t *testing.T) {
	bills, totals := fixture()
	pkgs, ov := fixturePkgs()
	exp := asExported(bills, true, true)
	exp[0].Amount = dec("3.00")
	exp = append(exp, row("P0", "2024-01-05", used, "1", "1", "GB", "", true))
	want := shown(Compare(bills, totals, exp, ov, pkgs, defaultOpt))
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 20; i++ {
		r.Shuffle(len(exp), func(i, j int) { exp[i], exp[j] = exp[j], exp[i] })
		r.Shuffle(len(bills), func(i, j int) { bills[i], bills[j] = bills[j], bills[i] })
		if got := shown(Compare(bills, totals, exp, ov, pkgs, defaultOpt)); !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffled input changed the result:\n got %+v\nwant %+v", got, want)
		}
	}
	if got := codes(Compare(bills, totals, exp, ov, pkgs, defaultOpt)); !reflect.DeepEqual(got, []string{CodeUnexpected, CodeTotalNotFee, CodeAmount}) {
		t.Errorf("codes %v", got)
	}
}

func TestCanonicalStatus(t *testing.T) {
	for in, want := range map[string]string{
		"Active": "Active", " expired ": "Expired", "EXHAUSTED": "Exhausted", "欠费": "Arrears",
		"已退订": "Destroyed", "未生效": "Created", "In Use": "Active",
	} {
		if got, ok := CanonicalStatus(in); got != want || !ok {
			t.Errorf("CanonicalStatus(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if got, ok := CanonicalStatus("Frozen"); ok || got != "Frozen" {
		t.Errorf("unknown status: %q %v", got, ok)
	}
}

// TestOddBillDates: a difference carries the bill date of its row as read, even one no
// day number gives back (the zero time, a year before 1, another zone), as the date of
// any other row.
func TestOddBillDates(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	odd := []time.Time{{}, time.Date(0, 1, 1, 0, 0, 0, 0, tokyo), time.Date(-3, 7, 9, 0, 0, 0, 0, testkit.Shanghai),
		time.Date(2024, 3, 1, 0, 0, 0, 0, tokyo)}
	exp := []model.BillRow{row("P1", "2024-01-02", model.BillPurchase, "1.00", "", "", "", false)}
	for _, d := range odd {
		r := row("P1", "2024-01-02", model.BillPurchase, "2.00", "", "", "", false)
		r.Date = d
		exp = append(exp, r)
	}
	bills := []amortize.Bill{bill("P1", "2024-01-02", model.BillPurchase, "1.00", "", "")}
	res := Compare(bills, nil, exp, nil, []model.Package{pkg("P1", "", "", "")}, defaultOpt)
	got := map[time.Time]bool{}
	for _, d := range res.Differences() {
		if d.Code != CodeUnexpected {
			t.Errorf("unexpected difference %+v", d)
		}
		got[d.BillDate] = true
	}
	for _, d := range odd {
		if !got[d] {
			t.Errorf("no difference dated %v (%s); got %v", d, d.Location(), res.Differences())
		}
	}
}

// A difference's bill date is the midnight of its day in the bills' zone, the very
// time.Time the bill has, whatever the order the days are met in (package by package)
// and across changes of offset: the days of the differences are held in an array over
// the days they span (midnights), not in a map.
func TestDifferenceDatesAreMidnights(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	mid := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, berlin) }
	var bills []amortize.Bill
	for _, b := range []struct {
		pkg  string
		date time.Time
	}{{"P1", mid(2024, 1, 1)}, {"P1", mid(2024, 3, 31)}, {"P2", mid(2023, 12, 31)}, {"P2", mid(2024, 10, 27)}, {"P3", mid(1, 1, 1)}, {"P3", mid(9999, 12, 31)}} {
		bills = append(bills, amortize.Bill{Date: b.date, PackageID: b.pkg, Product: "OBS", Type: purchase, Amount: dec("1.00"), Currency: "USD"})
	}
	res := Compare(bills, nil, nil, nil, nil, defaultOpt)
	got := res.Differences()
	if len(got) != len(bills) {
		t.Fatalf("%d differences, want %d: %+v", len(got), len(bills), got)
	}
	for i, d := range got {
		if d.Code != CodeMissing || d.PackageID != bills[i].PackageID || d.BillDate != bills[i].Date {
			t.Errorf("difference %d: %s %s %v, want MISSING_IN_EXPORT %s %v", i, d.Code, d.PackageID, d.BillDate, bills[i].PackageID, bills[i].Date)
		}
	}
}

// An export summed with Options.MaxBytes stops summing once it holds that much, and
// says so: its rows past it are not held.
func TestExportFull(t *testing.T) {
	opt := defaultOpt
	opt.MaxBytes = 3*keyBytes + 3*packageBytes
	x := NewExport(nil, Window{}, opt, 0)
	for i := range 10 {
		r := row(fmt.Sprint("X", i), "2024-01-02", purchase, "1.00", "", "", "", false)
		x.Add(&r)
		if full, held := x.Full(), x.Held(); full != (i >= 3) || held != int64(min(i+1, 3))*(keyBytes+packageBytes) {
			t.Fatalf("row %d: full %v, %d bytes held", i, full, held)
		}
	}
	opt.MaxBytes = 0 // no bound
	x = NewExport(nil, Window{}, opt, 0)
	for i := range 10 {
		r := row(fmt.Sprint("X", i), "2024-01-02", purchase, "1.00", "", "", "", false)
		x.Add(&r)
	}
	if x.Full() || x.Held() != 10*(keyBytes+packageBytes) {
		t.Fatalf("unbounded: full %v, %d bytes held", x.Full(), x.Held())
	}
}
