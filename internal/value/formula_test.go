package value

import "testing"

func TestFormulaEscape(t *testing.T) {
	for _, c := range []struct{ in, out string }{
		{"", ""},
		{"plain", "plain"},
		{"=1+1", "'=1+1"},
		{"-", "'-"},
		{"+x", "'+x"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tlead", "'\tlead"},
		{"\rlead", "'\rlead"},
		{"'=x", "''=x"},   // a real apostrophe before a formula character
		{"''-x", "'''-x"}, // however many
		{"'", "'"},        // no formula character after the apostrophes
		{"''", "''"},
		{"'5", "'5"},
		{"'a=b", "'a=b"},
		{"a'=b", "a'=b"},
	} {
		if got := EscapeFormula(c.in); got != c.out {
			t.Errorf("EscapeFormula(%q) = %q, want %q", c.in, got, c.out)
		}
		if got := UnescapeFormula(c.out); got != c.in {
			t.Errorf("UnescapeFormula(%q) = %q, want %q", c.out, got, c.in)
		}
	}
}

// FuzzFormulaEscape: the escape is one-to-one, its inverse gives every text back, and
// an escaped text never starts with a formula character.
func FuzzFormulaEscape(f *testing.F) {
	for _, s := range []string{"", "=x", "'=x", "''", "'5", "-", "\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := EscapeFormula(s)
		if got := UnescapeFormula(e); got != s {
			t.Fatalf("UnescapeFormula(EscapeFormula(%q)) = %q", s, got)
		}
		if e != "" && formulaLead[e[0]] {
			t.Fatalf("EscapeFormula(%q) = %q starts with a formula character", s, e)
		}
		if EscapeFormula(UnescapeFormula(s)) != s && !formulaLead[s[0]] {
			t.Fatalf("%q: unescaped then escaped is %q", s, EscapeFormula(UnescapeFormula(s)))
		}
	})
}
