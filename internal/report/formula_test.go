package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// TestNeutralizeCell: a cell copied from an input keeps a number as written (a negative
// amount, quantity or capacity: the row reads back the same) and neutralizes any other
// text a spreadsheet would run, as NeutralizeFormula does.
func TestNeutralizeCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"-5.00", "-5.00"},
		{"-5", "-5"},
		{"-1", "-1"},
		{"+2", "+2"},
		{"-1,234.5", "-1,234.5"},
		{"-0.000000000001", "-0.000000000001"},
		{"=1+1", "'=1+1"},
		{"-2+3", "'-2+3"},
		{"-5 GB", "'-5 GB"},
		{"-1e3", "'-1e3"},
		{"+", "'+"},
		{"-", "'-"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t-5", "'\t-5"},
		{"'=x", "''=x"},
		{"P1", "P1"},
		{"", ""},
	} {
		if got := NeutralizeCell(tc.in); got != tc.want {
			t.Errorf("NeutralizeCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A CSV listing escapes a text a spreadsheet would run, and a text of apostrophes then
// such a character, with one more apostrophe; numbers, and texts that are numbers, never.
func TestCSVEscapesFormulas(t *testing.T) {
	texts := []string{"=HYPERLINK(1)", "-", "'=x", "''-", "'5", "plain"}
	tb := &Table{Name: "T", Columns: []Column{{Key: "text", Kind: KindText}, {Key: "n", Kind: KindText, NumberText: true}, {Key: "amount", Kind: KindMoney}}}
	for _, s := range texts {
		tb.Rows = append(tb.Rows, []Cell{Text(s), NumberText("-5"), Money(decimal.RequireFromString("-5"))})
	}
	var buf bytes.Buffer
	if err := Render(&buf, &Document{Tables: []*Table{tb}, Precision: 2}, FormatCSV); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs[1:] {
		got = append(got, strings.Join(r, " "))
	}
	want := "'=HYPERLINK(1) -5 -5.00|'- -5 -5.00|''=x -5 -5.00|'''- -5 -5.00|'5 -5 -5.00|plain -5 -5.00"
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("got\n%s\nwant\n%s", g, want)
	}
}
