package report

import "io"

// WriteCSVUTC writes t as CSV, as renderCSV does (one header of column keys, the
// same fields through the same cell formatting, on every core for a Concurrent table),
// except that a time prints in UTC ending in Z ("2024-01-31T16:00:00Z"), the form FOCUS
// files require. Money has prec decimals.
func WriteCSVUTC(w io.Writer, t *Table, prec int32) error {
	return writeCSV(w, t, csvForm{prec: prec, utc: true})
}

// appendUTC appends a time cell's instant as 2006-01-02T15:04:05Z (whole seconds).
func appendUTC(b []byte, c *Cell) []byte {
	t := c.when().UTC()
	y, mo, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(b, "2006-01-02T15:04:05Z")
	}
	h, mi, s := t.Clock()
	b = appendYMD(b, y, mo, d)
	b = append2(append(b, 'T'), h)
	b = append2(append(b, ':'), mi)
	b = append2(append(b, ':'), s)
	return append(b, 'Z')
}
