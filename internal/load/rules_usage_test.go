package load

import (
	"errors"
	"strings"
	"testing"
)

func TestSkipInvalidCascadesToUpgrades(t *testing.T) {
	in := "package_id,product,effective_time,expiration_time,capacity,unit,order_type,original_package_id\n" +
		"P0,OBS,2024-01-01,2023-12-31,100,GB,,\n" + // expiration before effective
		"P1,OBS,2024-02-01,2024-12-31,100,GB,upgrade,P0\n" +
		"P2,OBS,2024-02-01,2024-12-31,100,GB,,\n"
	opt := testOptions()
	_, _, err := Packages("p.csv", strings.NewReader(in), opt)
	var errs Errors
	if !errors.As(err, &errs) || len(errs.Problems) != 1 || errs.Problems[0].Column != "expiration_time" {
		t.Fatalf("without skipping, only the original's own problem: %v", err)
	}
	opt.SkipInvalid = true
	pkgs, rep, err := Packages("p.csv", strings.NewReader(in), opt)
	if err != nil || len(pkgs) != 1 || pkgs[0].ID != "P2" || rep.Rejected.Len() != 2 {
		t.Fatalf("got %v, rejected %v, error %v", pkgs, rep.Rejected, err)
	}
	if p := rowsOf(t, rep)[1].Problems(); len(p) != 1 || p[0].Column != "original_package_id" || rowsOf(t, rep)[1].Cells()[0] != "P1" {
		t.Errorf("upgrade of a rejected original: %v", rowsOf(t, rep)[1])
	}
}

func TestUsageRules(t *testing.T) {
	const hdr = "record_id,product,billing_item,start_time,end_time,deduct_time,quantity,unit,unit_price,currency\n"
	for _, tc := range []struct {
		name, row, column, msg string
	}{
		{"valid", "r2,OBS,x,2024-01-01 10:00,2024-01-01 11:00,,5,GB,0.1,", "", ""},
		{"blank billing item", "r2,OBS,,2024-01-01 10:00,2024-01-01 11:00,,5,GB,,", "billing_item", "required value is blank"},
		{"blank start", "r2,OBS,x,,2024-01-01 11:00,,5,GB,,", "start_time", "required value is blank"},
		{"blank quantity", "r2,OBS,x,2024-01-01 10:00,2024-01-01 11:00,,,GB,,", "quantity", "required value is blank"},
		{"negative quantity", "r2,OBS,x,2024-01-01 10:00,2024-01-01 11:00,,-5,GB,,", "quantity", "negative value \"-5\""},
		{"negative price", "r2,OBS,x,2024-01-01 10:00,2024-01-01 11:00,,5,GB,-0.1,", "unit_price", "negative value \"-0.1\""},
		{"end before start", "r2,OBS,x,2024-01-01 10:00,2024-01-01 09:59,,5,GB,,", "end_time", "is before start_time"},
		{"deduct before start", "r2,OBS,x,2024-01-01 10:00,2024-01-01 11:00,2024-01-01 09:00,5,GB,,", "deduct_time", "is before start_time"},
		{"end before start by a fraction", "r2,OBS,x,2024-03-10 03:00:00.5,2024-03-10 03:00:00,,5,GB,,", "end_time",
			"end_time 2024-03-10 03:00:00 is before start_time 2024-03-10 03:00:00.5"},
		{"unit disagrees", "r2,OBS,x,2024-01-01 10:00,2024-01-01 11:00,,5 MB,GB,,", "unit", "does not match"},
		{"duplicate", "r1,OBS,x,2024-01-01 10:00,2024-01-01 11:00,,5,GB,,", "record_id", `duplicate record_id "r1" (first at line 2)`},
		{"not a number", "r2,OBS,x,2024-01-01 10:00,2024-01-01 11:00,,NaN,GB,,", "quantity", "NaN"},
		{"end past 2262", "r2,OBS,x,2024-01-01 10:00,2263-01-01 11:00,2024-01-01 11:00,5,GB,,", "end_time",
			"2263-01-01 11:00:00 is outside the times pkgctl takes for usage (1677-09-21 00:12:44 to 2262-04-11 23:47:16 UTC)"},
		{"start before 1678", "r2,OBS,x,1600-01-01 10:00,2024-01-01 11:00,,5,GB,,", "start_time", "1600-01-01 10:00:00 is outside the times"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := hdr + "r1,OBS,x,2024-01-01 00:00,2024-01-01 01:00,,1,GB,,CNY\n" + tc.row + "\n"
			recs, _, err := Usage("u.csv", strings.NewReader(in), testOptions())
			if tc.column == "" {
				if err != nil || len(recs) != 2 || recs[0].Currency != "CNY" || recs[1].Currency != "USD" {
					t.Fatalf("got %+v, error %v", recs, err)
				}
				if s, e, d := recs[1].Start(), recs[1].End(), recs[1].Deduct(); !s.Equal(at("2024-01-01 10:00:00")) ||
					!e.Equal(at("2024-01-01 11:00:00")) || !d.Equal(e) || d.Location() != testOptions().Location {
					t.Errorf("times %v, %v, %v", s, e, d)
				}
				return
			}
			assertOneProblem(t, err, "u.csv:3", tc.column, tc.msg)
		})
	}
}

func TestBills(t *testing.T) {
	in := "Used On,Package ID,Bill Type,Amortized Amount,Quantity,Enterprise Project\n" +
		"2024-01-31,P1,Expenditure-resource packages UNUSED,16.80,80 GB,default\n" +
		"2024-01-31 00:00:00,P1,Refund-unsubscription,-100,,\n"
	rows, _, err := Bills("b.csv", strings.NewReader(in), testOptions())
	if err != nil || len(rows) != 2 {
		t.Fatalf("got %v, error %v", rows, err)
	}
	if r := rows[0]; !r.Date.Equal(at("2024-01-31 00:00:00")) || r.BillType.String() != "Expenditure-resource packages unused" ||
		!r.Amount.Equal(dec("16.8")) || r.Unit != "GB" || !r.HasProject || r.Currency != "" { // no currency column: as written, none
		t.Errorf("row 1: %+v", r)
	}
	if r := rows[1]; !r.Amount.Equal(dec("-100")) || r.Quantity.Valid {
		t.Errorf("row 2: %+v", r)
	}
	_, _, err = Bills("b.csv", strings.NewReader("bill_date,package_id,bill_type,amount\n2024-01-31,P1,Expenditure,1\n"), testOptions())
	assertOneProblem(t, err, "b.csv:2", "bill_type", `unknown bill type "Expenditure"`)
}

// Two times a message compares in an hour the zone repeats show their offsets: the
// same wall clock (or an earlier one that is later) would read wrong without them.
func TestMessageTimesInARepeatedHour(t *testing.T) {
	const hdr = "record_id,product,billing_item,start_time,end_time,quantity,unit\n"
	opt := testOptions()
	opt.Location = mustZone("Europe/Berlin")
	for row, want := range map[string]string{
		"r1,OBS,x,2024-10-27T02:30:00+01:00,2024-10-27T02:30:00+02:00,5,GB": "end_time 2024-10-27 02:30:00+02:00 is before start_time 2024-10-27 02:30:00+01:00",
		"r1,OBS,x,2024-10-27T02:10:00+01:00,2024-10-27T02:40:00+02:00,5,GB": "end_time 2024-10-27 02:40:00+02:00 is before start_time 2024-10-27 02:10:00+01:00",
		"r1,OBS,x,2024-10-27 01:30:00,2024-10-27 01:10:00,5,GB":             "end_time 2024-10-27 01:10:00 is before start_time 2024-10-27 01:30:00",
	} {
		_, _, err := Usage("u.csv", strings.NewReader(hdr+row+"\n"), opt)
		assertOneProblem(t, err, "u.csv:2", "end_time", want)
	}
}
