package load

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// A row with more fields than the header, an extra one not blank, is a problem of the
// row in every loader, row by row and in chunks: an unquoted "1,000" is two fields, and
// was read as 1. Blank extra fields (a delimiter at the end of the row) are not.
func TestExtraFields(t *testing.T) {
	type load func(in string, opt Options) (*Report, error)
	usage := func(seq bool) load {
		return func(in string, opt Options) (*Report, error) {
			defer func() { sequentialUsage = false }()
			sequentialUsage = seq
			_, rep, err := Usage("x.csv", strings.NewReader(in), opt)
			return rep, err
		}
	}
	bills := func(seq bool) load {
		return func(in string, opt Options) (*Report, error) {
			defer func() { sequentialBills = false }()
			sequentialBills = seq
			_, rep, err := Bills("x.csv", strings.NewReader(in), opt)
			return rep, err
		}
	}
	packages := func(in string, opt Options) (*Report, error) {
		_, rep, err := Packages("x.csv", strings.NewReader(in), opt)
		return rep, err
	}
	for _, c := range []struct {
		name        string
		load        load
		header, row string // row: a valid row of the header (# its id) but for its last value
	}{
		{"packages", packages, "package_id,product,effective_time,expiration_time,unit,capacity", "P#,OBS,2024-01-01,2024-12-31,GB,"},
		{"usage in chunks", usage(false), "record_id,product,billing_item,start_time,end_time,unit,quantity", "R#,OBS,t,2024-01-02 10:00:00,2024-01-02 11:00:00,GB,"},
		{"usage row by row", usage(true), "record_id,product,billing_item,start_time,end_time,unit,quantity", "R#,OBS,t,2024-01-02 10:00:00,2024-01-02 11:00:00,GB,"},
		{"bills in chunks", bills(false), "bill_date,package_id,bill_type,quantity,unit,amount", "2024-01-02,P#,Expenditure-resource packages used,5,GB,"},
		{"bills row by row", bills(true), "bill_date,package_id,bill_type,quantity,unit,amount", "2024-01-02,P#,Expenditure-resource packages used,5,GB,"},
	} {
		t.Run(c.name, func(t *testing.T) {
			header, n := c.header, strings.Count(c.header, ",")+1
			k := 0
			row := func() string { k++; return strings.Replace(c.row, "#", fmt.Sprint(k), 1) }
			split := fmt.Sprintf(`the row has %d fields, the header %d (field %d is "000"): an unquoted "," inside a value `+
				`(a thousands separator, as in 1,000) splits it; quote the value`, n+1, n, n+1)
			if _, err := c.load(header+"\n"+row()+"1\n"+row()+"2,,\n"+row()+"3, , \n", testOptions()); err != nil {
				t.Fatalf("blank extra fields: %v", err)
			}
			_, err := c.load(header+"\n"+row()+"1,000\n"+row()+"4\n", testOptions())
			var le Errors
			if !errors.As(err, &le) || len(le.Problems) != 1 || le.Problems[0].Fatal || le.Error() != "x.csv:2: "+split {
				t.Fatalf("got %v\nwant x.csv:2: %s", err, split)
			}
			opt := testOptions()
			opt.SkipInvalid = true
			rep, err := c.load(header+"\n"+row()+"1,000\n"+row()+"4\n", opt)
			if err != nil || rep.Rows != 2 || rep.Rejected.Len() != 1 || rowsOf(t, rep)[0].Src.Line != 2 ||
				len(rowsOf(t, rep)[0].Cells()) != n+1 || rowsOf(t, rep)[0].Problems()[0].Msg != split {
				t.Fatalf("--skip-invalid: %v, %+v", err, rep)
			}
		})
	}
}

// The delimiter a value holds is named: ';' and tab have no thousands separator.
func TestExtraFieldsOtherDelimiter(t *testing.T) {
	in := "record_id;product;billing_item;start_time;end_time;unit;quantity\n" +
		"R1;OBS;a;b;2024-01-02 10:00:00;2024-01-02 11:00:00;GB;5\n"
	_, _, err := Usage("y.csv", strings.NewReader(in), testOptions())
	want := `y.csv:2: the row has 8 fields, the header 7 (field 8 is "5"): an unquoted ";" inside a value splits it; quote the value`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// In a file delimited by ";", as spreadsheets save CSV where the comma is the decimal
// separator, a number whose one comma could be either kind is refused: 1,500 is 1.5 or
// 1500. Two commas, or a comma beside a point, are thousands separators; a ","- or
// tab-delimited file (a console's TSV writes "10,000 calls") keeps them.
func TestDecimalCommaAmbiguous(t *testing.T) {
	const header = "record_id;product;billing_item;start_time;end_time;quantity;unit;unit_price\n"
	row := func(q, price string) string {
		return "r1;OBS;t;2024-01-02 10:00:00;2024-01-02 11:00:00;" + q + ";GB;" + price + "\n"
	}
	for _, c := range []struct{ q, price, col, want string }{
		{"1,500", "0.5", "quantity", `"1,500" in a file delimited by ";": is the comma a decimal comma or a thousands separator?`},
		{"2", "1,250", "unit_price", `"1,250" in a file delimited by ";"`},
		{"1,500 GB", "", "quantity", `"1,500 GB" in a file delimited by ";"`},
	} {
		_, _, err := Usage("u.csv", strings.NewReader(header+row(c.q, c.price)), testOptions())
		assertOneProblem(t, err, "u.csv:2", c.col, c.want)
	}
	for q, want := range map[string]string{"1,234,567": "1234567", "1,500.5": "1500.5", "1500": "1500"} {
		recs, _, err := Usage("u.csv", strings.NewReader(header+row(q, "")), testOptions())
		if err != nil || len(recs) != 1 || recs[0].Quantity.Dec().String() != want {
			t.Errorf("%s: %v, %v; want %s", q, recs, err, want)
		}
	}
	for _, text := range []string{strings.ReplaceAll(header, ";", ",") + `r1,OBS,t,2024-01-02 10:00:00,2024-01-02 11:00:00,"1,500",GB,0.5` + "\n",
		strings.ReplaceAll(header+row("1,500", "0.5"), ";", "\t")} {
		recs, _, err := Usage("u.csv", strings.NewReader(text), testOptions())
		if err != nil || len(recs) != 1 || recs[0].Quantity.Dec().String() != "1500" {
			t.Errorf("%q: %v, %v; want 1500", text, recs, err)
		}
	}
}

// The packages' numbers are held to the same rule, the exported used and remaining too.
func TestDecimalCommaAmbiguousPackages(t *testing.T) {
	const header = "package_id;product;effective_time;expiration_time;capacity;unit;fee;used;remaining\n"
	for _, c := range []struct{ row, col string }{
		{"P1;OBS;2024-01-01;2024-12-31;2,000;GB;10;5;1995", "capacity"},
		{"P1;OBS;2024-01-01;2024-12-31;2000;GB;1,000;5;1995", "fee"},
		{"P1;OBS;2024-01-01;2024-12-31;2000;GB;10;1,500;500", "used"},
		{"P1;OBS;2024-01-01;2024-12-31;2000;GB;10;500;1,500", "remaining"},
	} {
		_, _, err := Packages("p.csv", strings.NewReader(header+c.row+"\n"), testOptions())
		assertOneProblem(t, err, "p.csv:2", c.col, `in a file delimited by ";": is the comma a decimal comma or a thousands separator?`)
	}
}

// The row estimate counts the lines that can be rows (as many delimiters as the first
// line that has any, at most a row's), scaled to the file: blank lines and the lines of a
// value broken across lines reserve next to nothing (a file of blank lines once reserved
// a record per byte or two: counting every line, the blank-line case below estimates
// 213,000 rows where there is one per 1 MB); a header with more columns than the rows
// fill does not make the rows uncounted.
func TestEstimateRowsCountsRowsNotLines(t *testing.T) {
	row := "R1,OBS,x,2024-01-02 00:00:00,2024-01-02 01:00:00,1,GB\n" // 7 fields
	for _, tc := range []struct {
		name     string
		sample   string
		fields   int
		size     int64
		min, max int
	}{
		{"rows", strings.Repeat(row, 100), 7, int64(len(row)) * 1000, 1000, 1000},
		{"blank lines", row + strings.Repeat("\n", 5000), 7, 1 << 30, 0, 2 * (1 << 30) / (len(row) + 5000)},
		{"CRLF blank lines", strings.ReplaceAll(row+strings.Repeat("\n", 5000), "\n", "\r\n"), 7, 1 << 30, 0, 2 * (1 << 30) / (len(row) + 5000)},
		{"a value across lines", `R1,OBS,x,"` + strings.Repeat("\n", 5000) + `",2024-01-02 00:00:00,1,GB` + "\n", 7, 1 << 30, 0, 2 * (1 << 30) / 5030},
		{"rows short of the header", strings.Repeat(row, 100), 9, int64(len(row)) * 1000, 1000, 1000},
		{"semicolons", strings.Repeat(strings.ReplaceAll(row, ",", ";"), 10), 7, int64(len(row)) * 20, 20, 20},
		{"one column", strings.Repeat("R1\n\n", 10), 1, 40, 10, 10},
	} {
		comma := ','
		if tc.name == "semicolons" {
			comma = ';'
		}
		if got := estimateRows(tc.size, []byte(tc.sample), comma, tc.fields); got < tc.min-1 || got > tc.max+1 {
			t.Errorf("%s: %d rows, want %d to %d", tc.name, got, tc.min, tc.max)
		}
	}
}
