package present

import (
	"io"
	"path/filepath"
	"strings"

	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/report"
)

// RejectedPaths are the files the rows --skip-invalid set aside of each report go to,
// beside the output file out: out.rejected.csv for the first file with such rows,
// out.<file name>.rejected.csv for the others. A path is "" for a report without
// rejected rows, and every path is "" when there is no output file to write beside
// (stdout, a device or a pipe): the rows are then named on stderr.
func RejectedPaths(out string, reps []*load.Report) []string {
	paths := make([]string, len(reps))
	if out == "" || report.IsStream(out) {
		return paths
	}
	for i, rep := range reps {
		if len(rep.Rejected) == 0 {
			continue
		}
		paths[i] = out + ".rejected.csv"
		if i > 0 && countWithRejects(reps[:i]) > 0 {
			paths[i] = out + "." + strings.TrimSuffix(filepath.Base(rep.File), filepath.Ext(rep.File)) + ".rejected.csv"
		}
	}
	return paths
}

func countWithRejects(reps []*load.Report) int {
	n := 0
	for _, r := range reps {
		if len(r.Rejected) > 0 {
			n++
		}
	}
	return n
}

// WriteRejected writes each report's rejected rows to its file beside out
// (RejectedPaths), whole or not at all and never over one of inputs: a CSV for people,
// the input's header plus an error column, starting with a BOM when bom, every cell
// neutralized against formula injection. written is told of each file written.
func WriteRejected(out string, inputs []string, reps []*load.Report, bom bool, written func(rep *load.Report, path string)) error {
	for i, path := range RejectedPaths(out, reps) {
		if path == "" {
			continue
		}
		rep := reps[i]
		err := report.WriteFile(path, inputs, func(w io.Writer) error {
			if err := report.WriteBOM(w, bom); err != nil {
				return err
			}
			return load.WriteRejected(w, rep, report.NeutralizeFormula)
		})
		if err != nil {
			return err
		}
		written(rep, path)
	}
	return nil
}
