package present

import (
	"fmt"
	"io"

	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/report"
)

// Validate is one row per file read: rows, warnings, rejected rows, and a status
// that is "ok" only when no row was set aside.
func Validate(s *Settings, reports []*load.Report) *report.Document {
	t := &report.Table{Name: "Files", Columns: []report.Column{
		{Key: "file", Kind: report.KindText}, {Key: "rows", Kind: report.KindInt},
		{Key: "warnings", Kind: report.KindInt}, {Key: "rejected", Kind: report.KindInt},
		{Key: "status", Kind: report.KindText}}}
	for _, rep := range reports {
		status := fileStatus(rep)
		t.Rows = append(t.Rows, []report.Cell{report.Text(rep.File), report.Int(int64(rep.Rows)),
			report.Int(int64(len(rep.Warnings))), report.Int(int64(rep.Rejected.Len())), report.Text(status)})
	}
	doc := s.doc(t)
	doc.Text = func(w io.Writer) error { // one line per file, as a person reads it
		for _, rep := range reports {
			if _, err := fmt.Fprintf(w, "%s: %s, %s, %d rejected: %s\n", rep.File, Plural(rep.Rows, "row"),
				Plural(len(rep.Warnings), "warning"), rep.Rejected.Len(), fileStatus(rep)); err != nil {
				return err
			}
		}
		return nil
	}
	return doc
}

// fileStatus is "ok" when no row of the file was set aside.
func fileStatus(rep *load.Report) string {
	if rep.Rejected.Len() > 0 {
		return "rows rejected"
	}
	return "ok"
}
