package load

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/value"
)

func openTestdata(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "load", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

var threeBad = []string{
	`usage_three_bad.csv:6: column "end_time": end_time 2024-01-01 02:00:00 is before start_time 2024-01-01 03:00:00`,
	`usage_three_bad.csv:9: column "quantity": negative value "-4"`,
	`usage_three_bad.csv:10: column "record_id": duplicate record_id "r1" (first at line 3)`,
}

func TestUsageThreeBadRows(t *testing.T) {
	recs, _, err := Usage("usage_three_bad.csv", openTestdata(t, "usage_three_bad.csv"), testOptions())
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("want load.Errors, got %v", err)
	}
	if recs != nil {
		t.Errorf("records returned with errors: %d", len(recs))
	}
	if got := strings.Split(errs.Error(), "\n"); strings.Join(got, "\n") != strings.Join(threeBad, "\n") {
		t.Errorf("got\n%s\nwant\n%s", errs.Error(), strings.Join(threeBad, "\n"))
	}
}

func TestUsageSkipInvalid(t *testing.T) {
	opt := testOptions()
	opt.SkipInvalid = true
	recs, rep, err := Usage("usage_three_bad.csv", openTestdata(t, "usage_three_bad.csv"), opt)
	if err != nil {
		t.Fatal(err)
	}
	// Conservation: every non-blank data row is either a record or rejected.
	if len(recs)+rep.Rejected.Len() != rep.Rows || rep.Rows != 7 {
		t.Fatalf("%d records + %d rejected != %d rows (want 7)", len(recs), rep.Rejected.Len(), rep.Rows)
	}
	var ids []string
	for _, r := range recs {
		ids = append(ids, r.ID)
	}
	if got := strings.Join(ids, ","); got != "r1,r2,r4,r6" {
		t.Errorf("kept %s, want r1,r2,r4,r6", got)
	}
	if r2 := recs[1]; r2.Region != "cn-north-4\n(multi-line note)" || r2.Line != 4 {
		t.Errorf("r2: region %q at line %d", r2.Region, r2.Line)
	}
	if r4 := recs[2]; !r4.Quantity.Dec().Equal(dec("1200")) || !r4.Deduct().Equal(at("2024-01-02 01:05:00")) || r4.UnitPrice.Valid {
		t.Errorf("r4: %+v", r4)
	}
	if r6 := recs[3]; r6.Unit != "GB" || !r6.Quantity.Dec().Equal(dec("5")) || !r6.Deduct().Equal(r6.End()) || r6.Currency != "USD" {
		t.Errorf("r6 (unit from the quantity, deduct = end, default currency): %+v", r6)
	}
	var out bytes.Buffer
	if err := WriteRejected(&out, rep, nil); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0][len(rows[0])-1] != "error" || rows[0][0] != "record_id" {
		t.Fatalf("rejected CSV: %q", rows)
	}
	for i, want := range threeBad {
		row := rows[i+1]
		if len(row) != len(rows[0]) || row[len(row)-1] != want {
			t.Errorf("rejected row %d: %q, want error %q", i, row, want)
		}
	}
	if rows[1][0] != "r3" || rows[3][0] != "r1" {
		t.Errorf("rejected rows keep their cells: %q", rows[1:])
	}
}

func TestErrorsListFiftyThenCount(t *testing.T) {
	var b strings.Builder
	b.WriteString("record_id,product,billing_item,start_time,end_time,quantity,unit\n")
	for i := 0; i < 60; i++ {
		b.WriteString(",OBS,x,2024-01-01,2024-01-01,1,GB\n")
	}
	_, _, err := Usage("u.csv", strings.NewReader(b.String()), testOptions())
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 51 || lines[50] != "and 10 more" || lines[0] != `u.csv:2: column "record_id": required value is blank` {
		t.Errorf("got %d lines, first %q, last %q", len(lines), lines[0], lines[len(lines)-1])
	}
}

// Records whose attribute cells (and unit) are the same share one RecordAttrs; a record
// that differs in any of them, even only in how its price is written, has its own.
func TestUsageSharesAttributes(t *testing.T) {
	in := "record_id,product,billing_item,region,start_time,end_time,quantity,unit_price,tags\n" +
		"a,OBS,traffic,r1,2024-01-01 00:00,2024-01-01 01:00,1 GB,0.5,k=v\n" +
		"b,OBS,traffic,r1,2024-01-01 00:00,2024-01-01 01:00,2 GB,0.5,k=v\n" +
		"c,OBS,traffic,r1,2024-01-01 00:00,2024-01-01 01:00,3 MB,0.5,k=v\n" +
		"d,OBS,traffic,r1,2024-01-01 00:00,2024-01-01 01:00,4 GB,0.50,k=v\n" +
		"e,OBS,traffic,r2,2024-01-01 00:00,2024-01-01 01:00,5 GB,0.5,k=v\n" +
		"f,OBS,traffic,r1,2024-01-01 00:00,2024-01-01 01:00,6 GB,0.5,k=v\n"
	recs, _, err := Usage("u.csv", strings.NewReader(in), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	shared := func(i, j int) bool { return recs[i].RecordAttrs == recs[j].RecordAttrs }
	if !shared(0, 1) || !shared(0, 5) {
		t.Error("a, b and f have the same attributes but do not share them")
	}
	for _, j := range []int{2, 3, 4} {
		if shared(0, j) {
			t.Errorf("a and %s share attributes: %+v", recs[j].ID, *recs[j].RecordAttrs)
		}
	}
	if recs[2].Unit != "MB" || recs[3].UnitPrice.Decimal.String() != "0.5" || recs[3].UnitPrice.Decimal.Exponent() != -2 ||
		recs[4].Region != "r2" || recs[5].Source().String() != "u.csv:7" {
		t.Errorf("attributes read wrong: %+v %+v %+v %v", *recs[2].RecordAttrs, *recs[3].RecordAttrs, *recs[4].RecordAttrs, recs[5].Source())
	}
}

// A record's quantity, read on the fast path or not, is the decimal ParseQuantity gives,
// exponent included; a plain number with no unit anywhere is the same problem as before.
func TestUsageQuantityAmounts(t *testing.T) {
	texts := []string{"5", "0.10", "007", "5.", ".5", "1,000.50", "5 GB", "0", "0.000",
		"123456789012345678", "12345678901234567.123456789", "999999999999999999.5", "3.14159 GB"}
	var in strings.Builder
	in.WriteString("record_id,product,billing_item,start_time,end_time,quantity,unit\n")
	for i, s := range texts {
		fmt.Fprintf(&in, "r%d,OBS,traffic,2024-01-01 00:00,2024-01-01 01:00,%q,%s\n", i, s, "GB")
	}
	recs, _, err := Usage("u.csv", strings.NewReader(in.String()), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range texts {
		want, _, err := value.ParseQuantity(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := recs[i].Quantity.Dec(); !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Errorf("%q: quantity %s (exp %d), want %s (exp %d)", s, got, got.Exponent(), want, want.Exponent())
		}
	}
	_, _, err = Usage("u.csv", strings.NewReader("record_id,product,billing_item,start_time,end_time,quantity\n"+
		"r1,OBS,traffic,2024-01-01 00:00,2024-01-01 01:00,5\n"), testOptions())
	want := `u.csv:2: column "unit": required value is blank (and quantity "5" names no unit)`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// A control character other than a tab or a line break is a problem of its cell, in
// every column pkgctl reads, on both reading paths; rows whose texts differ only in
// where a NUL byte falls still get only their own problems (the attribute cache does not
// mix them up).
func TestUsageControlCharacters(t *testing.T) {
	in := "record_id,product,billing_item,enterprise_project,start_time,end_time,quantity,unit,unit_price,currency\n" +
		"a,A\x00B,C,P,2024-01-01 00:00,2024-01-01 01:00,1,GB,,USD\n" +
		"b,A,B\x00C,P,2024-01-01 00:00,2024-01-01 01:00,1,GB,,USD\n" +
		"c,OBS,C,P\x1b[31m,2024-01-01 00:00,2024-01-01 01:00,1,GB,-5,\x00USD\n" +
		"d,OBS,\"multi\nline\",P\twith tab,2024-01-01 00:00,2024-01-01 01:00,1,GB,,USD\n" +
		"e,OBS,C\x7f,P,2024-01-01 00:00,2024-01-01 01:00,1,GB,,USD\n" +
		"f,OBS\u009b2J,C,P,2024-01-01 00:00,2024-01-01 01:00,1,GB,,USD\n" +
		"g,OBS,C,项目\ufffe,2024-01-01 00:00,2024-01-01 01:00,1,GB,,USD\n" +
		"h,OBS,对象存储（标准）,P\u00a0é\uff5e\uffef,2024-01-01 00:00,2024-01-01 01:00,1,GB,,USD\n"
	want := []string{
		`u.csv:2: column "product": control character U+0000 at character 2 of "A\x00B"`,
		`u.csv:3: column "billing_item": control character U+0000 at character 2 of "B\x00C"`,
		`u.csv:4: column "enterprise_project": control character U+001B at character 2 of "P\x1b[31m"`,
		`u.csv:4: column "currency": control character U+0000 at character 1 of "\x00USD"`,
		`u.csv:4: column "unit_price": negative value "-5"`,
		`u.csv:7: column "billing_item": control character U+007F at character 2 of "C\x7f"`,
		`u.csv:8: column "product": control character U+009B at character 4 of "OBS\u009b2J"`,
		`u.csv:9: column "enterprise_project": noncharacter U+FFFE at character 3 of "项目\ufffe"`,
	}
	for _, seq := range []bool{false, true} {
		sequentialUsage = seq
		_, _, err := Usage("u.csv", strings.NewReader(in), testOptions())
		sequentialUsage = false
		var le Errors
		if !errors.As(err, &le) || len(le.Problems) != len(want) {
			t.Fatalf("sequential=%v: %v; want %d problems", seq, err, len(want))
		}
		for i, p := range le.Problems {
			if !strings.HasPrefix(p.Error(), want[i]) || p.Fatal {
				t.Errorf("sequential=%v: problem %d = %s; want %s…", seq, i, p.Error(), want[i])
			}
		}
	}
	opt := testOptions()
	opt.SkipInvalid = true
	recs, rep, err := Usage("u.csv", strings.NewReader(in), opt)
	if err != nil || len(recs) != 2 || recs[0].ID != "d" || recs[0].BillingItem != "multi\nline" ||
		recs[0].EnterpriseProject != "P\twith tab" || recs[1].ID != "h" || rep.Rejected.Len() != 6 {
		t.Errorf("skip-invalid: %v, %+v, %d rejected; want d kept with its line break and tab", err, recs, rep.Rejected.Len())
	}
}
