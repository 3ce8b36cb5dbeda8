package present

import (
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
