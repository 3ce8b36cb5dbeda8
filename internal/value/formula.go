package value

// formulaLead marks the first characters with which a spreadsheet program takes a cell
// of a CSV file for a formula (OWASP, "CSV Injection"): =, +, -, @, tab, carriage return.
var formulaLead = [256]bool{'=': true, '+': true, '-': true, '@': true, '\t': true, '\r': true}

// EscapeFormula is the escape of a text written to a CSV file (rules.md §4.1): a text
// that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `-2+3`), or that starts
// with apostrophes followed by such a character (`'=x`), gets one more apostrophe in
// front, so Excel and LibreOffice show it as text, and UnescapeFormula gives the text
// back exactly: the escape is one-to-one. Other texts are returned as they are, without
// a copy. It knows nothing of numbers: its callers never escape a number.
func EscapeFormula(s string) string {
	if s == "" || !formulaLead[s[0]] && !(s[0] == '\'' && escaped(s)) {
		return s
	}
	return "'" + s
}

// UnescapeFormula undoes EscapeFormula: a text that starts with an apostrophe, more
// apostrophes or none, then one of the formula characters, loses its first apostrophe;
// any other text is returned as it is:
//
//	'=x   is  =x
//	''=x  is  '=x
//	'5    is  '5
func UnescapeFormula(s string) string {
	if len(s) > 1 && s[0] == '\'' && escaped(s) {
		return s[1:]
	}
	return s
}

// escaped reports whether s, which starts with an apostrophe, goes on with apostrophes
// and then a formula character.
func escaped(s string) bool {
	i := 1
	for i < len(s) && s[i] == '\'' {
		i++
	}
	return i < len(s) && formulaLead[s[i]]
}
