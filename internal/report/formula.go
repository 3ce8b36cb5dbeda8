package report

import "github.com/pkgctl/pkgctl/internal/value"

// formulaLead marks the first characters with which a spreadsheet program takes a cell
// of a CSV file for a formula (OWASP, "CSV Injection"): =, +, -, @, tab, carriage return.
var formulaLead = [256]bool{'=': true, '+': true, '-': true, '@': true, '\t': true, '\r': true}

// NeutralizeFormula is the one defence against spreadsheet formula injection in pkgctl's
// CSV outputs (listings, FOCUS, rejected rows): a text that a spreadsheet would run as a
// formula (`=HYPERLINK(…)`, `@SUM(…)`, `-2+3`) gets a leading apostrophe, so Excel and
// LibreOffice show it as text. It is applied to text cells only, never to numbers (a
// negative amount stays -5.00). Other texts are returned as they are, without a copy.
func NeutralizeFormula(s string) string {
	if s == "" || !formulaLead[s[0]] {
		return s
	}
	return "'" + s
}

// NeutralizeCell is NeutralizeFormula for a cell copied from an input as it was read
// (the rejected rows' files): a cell that pkgctl reads as a number (value.ParseDecimal:
// "-5.00", "-1", "+2") is a number, which no writer neutralizes, and stays as written,
// so that the row, once fixed, reads back the same; any other text is neutralized.
func NeutralizeCell(s string) string {
	if s == "" || !formulaLead[s[0]] {
		return s
	}
	if s[0] == '-' || s[0] == '+' {
		if _, err := value.ParseDecimal(s); err == nil {
			return s
		}
	}
	return "'" + s
}
