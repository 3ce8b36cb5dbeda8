package report

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
