package report

import "github.com/pkgctl/pkgctl/internal/value"

// NeutralizeFormula is the one defence against spreadsheet formula injection in pkgctl's
// CSV outputs (listings, FOCUS, rejected rows): a text that a spreadsheet would run as a
// formula (`=HYPERLINK(…)`, `@SUM(…)`, `-2+3`) gets a leading apostrophe, so Excel and
// LibreOffice show it as text; so does a text that starts with apostrophes and then such
// a character (`'=x`), so that pkgctl's CSV readers, which take one apostrophe off,
// read every text back as it was (value.EscapeFormula, rules.md §4.1). It is applied to
// text cells only, never to numbers (a negative amount stays -5.00). Other texts are
// returned as they are, without a copy.
func NeutralizeFormula(s string) string { return value.EscapeFormula(s) }

// NeutralizeCell is NeutralizeFormula for a cell copied from an input as it was read
// (the rejected rows' files): a cell that pkgctl reads as a number (value.ParseDecimal:
// "-5.00", "-1", "+2") is a number, which no writer neutralizes, and stays as written,
// so that the row, once fixed, reads back the same; any other text is neutralized.
func NeutralizeCell(s string) string {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		if _, err := value.ParseDecimal(s); err == nil {
			return s
		}
	}
	return NeutralizeFormula(s)
}
