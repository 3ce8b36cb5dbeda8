package load

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/value"
	"github.com/xuri/excelize/v2"
)

// A CSV text as pkgctl's CSV writer escapes it against formula injection reads back as
// the text it was, in every CSV reader, row by row and in chunks (rules.md §4.1): `'-`
// is the project -, `”=x` the package id '=x; a text without a formula character after
// its apostrophes keeps them ('5); numbers and times are never unescaped.
func TestCSVFormulaEscapeReadBack(t *testing.T) {
	usage := "record_id,product,billing_item,enterprise_project,start_time,end_time,quantity,unit,unit_price,tags\n" +
		"'=HYPERLINK(1),OBS,'@SUM(A1),'-,2024-01-01 00:00:00,2024-01-01 01:00:00,5,GB,0.08,'@k=v\n" +
		"''=r2,OBS,x,''-,2024-01-01 00:00:00,2024-01-01 01:00:00,5,GB,,\n" +
		"'5,OBS,x,-,2024-01-01 00:00:00,2024-01-01 01:00:00,5,GB,,\n"
	for _, seq := range []bool{false, true} {
		sequentialUsage = seq
		recs, _, err := Usage("u.csv", strings.NewReader(usage), testOptions())
		sequentialUsage = false
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range recs {
			got = append(got, r.ID+"|"+r.BillingItem+"|"+r.EnterpriseProject+"|"+r.Tags.String())
		}
		want := "=HYPERLINK(1)|@SUM(A1)|-|@k=v ; '=r2|x|'-| ; '5|x|-|"
		if g := strings.Join(got, " ; "); g != want {
			t.Errorf("sequential %v: got\n%s\nwant\n%s", seq, g, want)
		}
	}

	// A number is never unescaped: '-5 stays the invalid text it is.
	bad := "record_id,product,billing_item,start_time,end_time,quantity,unit\n" +
		"r1,OBS,x,2024-01-01 00:00:00,2024-01-01 01:00:00,'-5,GB\n"
	if _, _, err := Usage("u.csv", strings.NewReader(bad), testOptions()); err == nil || !strings.Contains(err.Error(), `"'-5"`) {
		t.Errorf("quantity '-5: %v, want it refused as written", err)
	}

	bills := "bill_date,package_id,bill_type,amount,enterprise_project\n" +
		"2024-01-01,'@P1,Expenditure-resource packages used,-1.00,'-\n" +
		"2024-01-01,''+P2,Expenditure-resource packages used,2.00,'x\n"
	for _, seq := range []bool{false, true} {
		sequentialBills = seq
		rows, _, err := Bills("b.csv", strings.NewReader(bills), testOptions())
		sequentialBills = false
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].PackageID != "@P1" || rows[0].EnterpriseProject != "-" || rows[0].Amount.String() != "-1" ||
			rows[1].PackageID != "'+P2" || rows[1].EnterpriseProject != "'x" {
			t.Errorf("sequential %v: bills %+v", seq, rows)
		}
	}

	packages := "package_id,product,effective_time,expiration_time,unit,capacity,enterprise_project\n" +
		"'-P1,OBS,2024-01-01,2024-12-31,GB,100,'=proj\n"
	pkgs, _, err := Packages("p.csv", strings.NewReader(packages), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != 1 || pkgs[0].ID != "-P1" || pkgs[0].EnterpriseProject != "=proj" {
		t.Errorf("packages: %+v", pkgs)
	}
}

// An XLSX cell is typed, never escaped: its text '=x is '=x.
func TestXLSXTextKeepsApostrophe(t *testing.T) {
	f := excelize.NewFile()
	for i, v := range []string{"record_id", "product", "billing_item", "start_time", "end_time", "quantity", "unit"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellStr("Sheet1", cell, v)
	}
	for i, v := range []string{"'=r1", "OBS", "x", "2024-01-01 00:00:00", "2024-01-01 01:00:00", "5", "GB"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		f.SetCellStr("Sheet1", cell, v)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	recs, _, err := Usage("u.xlsx", &buf, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].ID != "'=r1" {
		t.Errorf("records %+v, want the id '=r1", recs)
	}
}

// The rejected rows of a CSV file, written with the writer's escape, read back with the
// values they had: the id =a, written '=a by a spreadsheet's CSV or by pkgctl, is =a
// again once the row is fixed and loaded.
func TestRejectedRowsReadBack(t *testing.T) {
	in := "record_id,product,billing_item,start_time,end_time,quantity,unit\n" +
		"=a,OBS,x,2024-01-01 00:00:00,2024-01-01 01:00:00,-1,GB\n" +
		"'=b,OBS,x,2024-01-01 00:00:00,2024-01-01 01:00:00,-1,GB\n" +
		"''=c,OBS,x,2024-01-01 00:00:00,2024-01-01 01:00:00,-1,GB\n"
	opt := testOptions()
	opt.SkipInvalid = true
	_, rep, err := Usage("u.csv", strings.NewReader(in), opt)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := WriteRejected(&out, rep, value.EscapeFormula); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(out.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rows[1:] {
		ids = append(ids, r[0])
	}
	if got := strings.Join(ids, " "); got != "'=a '=b ''=c" {
		t.Errorf("rejected ids written %s, want '=a '=b ''=c", got)
	}
	fixed := strings.ReplaceAll(out.String(), ",'-1,", ",1,")
	recs, _, err := Usage("u.csv.rejected.csv", strings.NewReader(fixed), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	ids = ids[:0]
	for _, r := range recs {
		ids = append(ids, r.ID)
	}
	if got := strings.Join(ids, " "); got != "=a =b '=c" {
		t.Errorf("fixed rows read back with ids %s, want =a =b '=c", got)
	}
}

// A number or time cell of a rejected row that starts with an apostrophe is written as it
// was read: the reader never unescapes those (`'+5` is no quantity), so the row read back
// is refused again, not taken as 5; a text cell's `'+5` is the text +5 and reads back so.
func TestRejectedTypedCellsKept(t *testing.T) {
	in := "record_id,product,billing_item,start_time,end_time,quantity,unit\n" +
		"r1,OBS,'+5,'2024-01-01 00:00:00,2024-01-01 01:00:00,'+5,GB\n" +
		"r2,OBS,x,2024-01-01 00:00:00,2024-01-01 01:00:00,-5,GB\n"
	opt := testOptions()
	opt.SkipInvalid = true
	_, rep, err := Usage("u.csv", strings.NewReader(in), opt)
	if err != nil || rep.Rejected.Len() != 2 {
		t.Fatalf("%v, %d rejected", err, rep.Rejected.Len())
	}
	var out bytes.Buffer
	neutralize := func(s string) string { // report.NeutralizeCell, which load cannot import
		if _, err := value.ParseDecimal(s); err == nil {
			return s
		}
		return value.EscapeFormula(s)
	}
	if err := WriteRejected(&out, rep, neutralize); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(out.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[1][:6], ","); got != "r1,OBS,+5,'2024-01-01 00:00:00,2024-01-01 01:00:00,'+5" {
		t.Errorf("row 2 written %s", got)
	}
	if got := strings.Join(rows[2][:6], ","); got != "r2,OBS,x,2024-01-01 00:00:00,2024-01-01 01:00:00,-5" {
		t.Errorf("row 3 written %s", got)
	}
	_, _, err = Usage("again.csv", bytes.NewReader(out.Bytes()), testOptions())
	var le Errors
	if !errors.As(err, &le) || le.Len() != 3 {
		t.Errorf("read back: %v; want the start time, the quantity and the negative quantity refused again", err)
	}
}
