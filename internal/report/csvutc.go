package report

import (
	"bufio"
	"io"
)

// WriteCSVUTC writes t as CSV, as renderCSV does (one header of column keys, the
// same fields through the same cell formatting), except that a time prints in UTC
// ending in Z ("2024-01-31T16:00:00Z"), the form FOCUS files require. Money has prec
// decimals. Rows come from the table's row iteration, one at a time.
func WriteCSVUTC(w io.Writer, t *Table, prec int32) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var line []byte
	for j, c := range t.Columns {
		line = appendCSVField(line, j, c.Key)
	}
	if _, err := bw.Write(append(line, '\n')); err != nil {
		return err
	}
	memo := make([]colMemo, len(t.Columns))
	err := t.each(func(_ int, row []Cell) error {
		line = line[:0]
		for j := range row {
			if j > 0 {
				line = append(line, ',')
			}
			c := &row[j]
			if c.set() && c.kind() == KindTime {
				line = appendUTC(line, c)
				continue
			}
			line = c.appendCSV(line, prec, nil, &memo[j])
		}
		_, err := bw.Write(append(line, '\n'))
		return err
	})
	if err != nil {
		return err
	}
	return bw.Flush()
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
