package report

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Format is an output format name, as given to --format.
type Format string

// The output formats. FormatFocus is accepted here but only rendered through
// Document.Custom (the amortization command provides it).
const (
	FormatTable    Format = "table"
	FormatCSV      Format = "csv"
	FormatJSON     Format = "json"
	FormatXLSX     Format = "xlsx"
	FormatMarkdown Format = "markdown"
	FormatFocus    Format = "focus"
	FormatParquet  Format = "parquet" // Tables[0] as a Parquet file (parquet.go)
)

var formats = []Format{FormatTable, FormatCSV, FormatJSON, FormatXLSX, FormatMarkdown, FormatFocus, FormatParquet}

// ParseFormat reads a --format value, case-insensitively; "md" is markdown.
func ParseFormat(s string) (Format, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	if v == "md" {
		return FormatMarkdown, nil
	}
	for _, f := range formats {
		if string(f) == v {
			return f, nil
		}
	}
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown format %q (want one of %s)", s, strings.Join(names, ", "))
}

// FormatFromPath infers the format from a file extension, case-insensitively:
// .csv, .json, .xlsx, .md/.markdown, .txt (table), .parquet. ok is false for anything else.
func FormatFromPath(path string) (f Format, ok bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return FormatCSV, true
	case ".json":
		return FormatJSON, true
	case ".xlsx":
		return FormatXLSX, true
	case ".md", ".markdown":
		return FormatMarkdown, true
	case ".txt":
		return FormatTable, true
	case ".parquet":
		return FormatParquet, true
	}
	return "", false
}

// Render writes doc to w in format f. Document.Custom[f] wins when set; otherwise
// table uses Document.Text when set, json uses Document.JSON when set, and every
// other case renders doc.Tables. csv renders only Tables[0] (one header per file).
func Render(w io.Writer, doc *Document, f Format) error {
	if doc == nil {
		return errors.New("report: nil document")
	}
	if fn := doc.Custom[f]; fn != nil {
		return fn(w)
	}
	if f == FormatTable && doc.Text != nil {
		return doc.Text(w)
	}
	if f == FormatJSON && doc.JSON != nil {
		return writeJSON(w, doc.JSON)
	}
	written := doc.Tables
	if (f == FormatCSV || f == FormatParquet) && len(written) > 1 {
		written = written[:1]
	}
	for _, t := range written {
		if t.Lazy != nil {
			t.Rows, t.Lazy = t.Lazy(), nil
		}
	}
	if err := validate(doc); err != nil {
		return err
	}
	switch f {
	case FormatTable:
		return renderTable(w, doc)
	case FormatCSV:
		return renderCSV(w, doc)
	case FormatJSON:
		return writeJSON(w, defaultJSON(doc))
	case FormatMarkdown:
		return renderMarkdown(w, doc)
	case FormatXLSX:
		return renderXLSX(w, doc)
	case FormatParquet:
		return renderParquet(w, doc)
	}
	return fmt.Errorf("format %q is not available for this command", f)
}

// validate checks the package invariants: one cell per column, cell kinds match,
// chart keys exist and table names are unique.
func validate(doc *Document) error {
	seen := map[string]bool{}
	for _, t := range doc.Tables {
		if seen[t.Name] {
			return fmt.Errorf("report: duplicate table name %q", t.Name)
		}
		seen[t.Name] = true
		for _, c := range t.Columns {
			if c.Total && !c.Kind.numeric() {
				return fmt.Errorf("report: table %q column %q: cannot total a %s column", t.Name, c.Key, c.Kind)
			}
		}
		if t.Row == nil { // on-demand rows are checked as they are rendered
			for i, row := range t.Rows {
				if err := t.checkRow(i, row); err != nil {
					return err
				}
			}
		}
		for _, c := range t.charts() {
			if err := validateChart(t, c); err != nil {
				return err
			}
		}
	}
	return nil
}

func validateChart(t *Table, c *Chart) error {
	keys := append([]string{c.Category}, c.Series...)
	if c.Per != "" { // a Per column that is there splits the chart (splitChart)
		keys = append(keys, c.Per)
	}
	for _, k := range keys {
		if t.columnIndex(k) < 0 {
			return fmt.Errorf("report: table %q chart: no column %q", t.Name, k)
		}
	}
	if c.To > 0 && (c.From < 0 || c.From >= c.To || c.To > t.Len()) {
		return fmt.Errorf("report: table %q chart %q: rows %d to %d of %d", t.Name, c.Title, c.From, c.To, t.Len())
	}
	return nil
}

// charts lists Chart (when set) and Charts, each split by its Per column.
func (t *Table) charts() []*Chart {
	all := t.Charts
	if t.Chart != nil {
		all = append([]*Chart{t.Chart}, t.Charts...)
	}
	var out []*Chart
	for _, c := range all {
		out = append(out, t.splitChart(c)...)
	}
	return out
}

// splitChart is c once per run of rows with one value in its Per column (Chart.Per),
// or c itself.
func (t *Table) splitChart(c *Chart) []*Chart {
	col := t.columnIndex(c.Per)
	if c.Per == "" || col < 0 || t.Row != nil || len(t.Rows) == 0 {
		return []*Chart{c}
	}
	from, to := 0, len(t.Rows)
	if c.To > 0 {
		from, to = c.From, min(c.To, len(t.Rows))
	}
	var out []*Chart
	for a := from; a < to; {
		v := t.Rows[a][col].str()
		b := a + 1
		for b < to && t.Rows[b][col].str() == v {
			b++
		}
		if a == from && b == to {
			return []*Chart{c} // one value: as given
		}
		part := *c
		part.Title, part.From, part.To, part.Per = fmt.Sprintf("%s (%s)", c.Title, v), a, b, ""
		out = append(out, &part)
		a = b
	}
	return out
}

// columnIndex returns the index of the column named key, or -1.
func (t *Table) columnIndex(key string) int {
	for i, c := range t.Columns {
		if c.Key == key {
			return i
		}
	}
	return -1
}
