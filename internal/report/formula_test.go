package report

import "testing"

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
		{"P1", "P1"},
		{"", ""},
	} {
		if got := NeutralizeCell(tc.in); got != tc.want {
			t.Errorf("NeutralizeCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
