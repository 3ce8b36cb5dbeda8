package present

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/report"
)

// RejectedPaths are the files the rows --skip-invalid set aside of each report go to,
// beside the output file out: out.rejected.csv for the first file with such rows,
// out.<file name>.rejected.csv for the others, out.<file name>.<kind>.rejected.csv for
// those of them whose names (without the extension, in any case) are the same
// (usage and bills both export.csv: out.export.usage.rejected.csv and
// out.export.bills.rejected.csv). A path is "" for a report without rejected rows, and
// every path is "" when there is no output file to write beside (stdout, a device or a
// pipe): the rows are then named on stderr.
func RejectedPaths(out string, reps []*load.Report) []string {
	paths := make([]string, len(reps))
	if out == "" || report.IsStream(out) {
		return paths
	}
	first := slices.IndexFunc(reps, func(rep *load.Report) bool { return rep.Rejected.Len() > 0 })
	stem := func(rep *load.Report) string {
		return strings.TrimSuffix(filepath.Base(rep.File), filepath.Ext(rep.File))
	}
	for i, rep := range reps {
		if rep.Rejected.Len() == 0 {
			continue
		}
		if i == first {
			paths[i] = out + ".rejected.csv"
			continue
		}
		name := stem(rep)
		for j, other := range reps {
			if j != i && j != first && other.Rejected.Len() > 0 && strings.EqualFold(stem(other), name) {
				name += "." + rep.Kind
				break
			}
		}
		paths[i] = out + "." + name + ".rejected.csv"
	}
	return paths
}

// WriteRejected writes each report's rejected rows to its file beside out
// (RejectedPaths), never over one of inputs, each left to commit (report.Prepare): a CSV
// for people, the input's header plus an error column, starting with a BOM when bom,
// every cell neutralized against formula injection but the numbers, kept as written
// (report.NeutralizeCell). pending[i] is reps[i]'s file, nil for a report without one.
// On an error nothing is left to commit.
func WriteRejected(out string, inputs []string, reps []*load.Report, bom bool) (pending []*report.Pending, err error) {
	pending = make([]*report.Pending, len(reps))
	for i, path := range RejectedPaths(out, reps) {
		if path == "" {
			continue
		}
		rep := reps[i]
		pending[i], err = report.Prepare(path, inputs, func(w io.Writer) error {
			if err := report.WriteBOM(w, bom); err != nil {
				return err
			}
			return load.WriteRejected(w, rep, report.NeutralizeCell)
		})
		if err != nil {
			report.DiscardAll(pending...)
			return nil, err
		}
	}
	return pending, nil
}

// Rejected is where the rows --skip-invalid set aside go once the output is written:
// to their files beside Out (WriteRejected), or, when the output has no file to write
// beside, named one by one on ErrOut. Nothing is dropped silently.
type Rejected struct {
	Out    string
	Inputs []string
	JUnit  string // the run's --junit file, if any: no rejected rows go there
	BOM    bool
	ErrOut io.Writer
	Note   func(format string, a ...any) // a note, unless --quiet
}

// Write writes or names the rejected rows of reps, and commits outputs, the output
// prepared before them (and the --junit report beside it), with their files: all are put
// in place, or none (an error writing the rows leaves the outputs' paths as they were).
func (r Rejected) Write(reps []*load.Report, outputs ...*report.Pending) error {
	defer report.DiscardAll(outputs...) // unless committed (a panic on the way leaves no temporary file)
	n := 0
	for _, rep := range reps {
		n += rep.Rejected.Len()
	}
	if n == 0 || r.Out == "" || report.IsStream(r.Out) {
		if err := report.CommitAll(outputs...); err != nil || n == 0 {
			return err
		}
		for _, rep := range reps {
			err := rep.Rejected.Each(func(row load.Rejected) error {
				for _, p := range row.Problems() {
					if _, err := fmt.Fprintf(r.ErrOut, "pkgctl: rejected: %s\n", p.Error()); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		r.Note("%s skipped (--skip-invalid)", Count(n, "invalid row"))
		return nil
	}
	pending, err := WriteRejected(r.Out, r.Inputs, reps, r.BOM)
	if err != nil {
		return err
	}
	defer report.DiscardAll(pending...)
	if err := report.CommitAll(append(outputs, pending...)...); err != nil {
		return err
	}
	paths := RejectedPaths(r.Out, reps)
	for i, rep := range reps {
		if paths[i] != "" {
			r.Note("%s of %s skipped, written to %s", Count(rep.Rejected.Len(), "invalid row"), rep.File, paths[i])
		}
	}
	return nil
}

// Check refuses, before anything is written, a rejected rows' file the run could not
// write: one of the inputs, the output file, the --junit file, or a folder.
func (r Rejected) Check(reps []*load.Report) error {
	paths := RejectedPaths(r.Out, reps)
	for i, p := range paths {
		if p == "" {
			continue
		}
		if slices.ContainsFunc(paths[:i], func(q string) bool { return strings.EqualFold(p, q) }) {
			return &report.UsageError{Msg: fmt.Sprintf("the rejected rows of two inputs would go to %s", p),
				Hint: "rename one of the inputs"}
		}
		if err := report.CheckNotInput(p, r.Inputs); err != nil {
			return fmt.Errorf("the rejected rows: %w", err)
		}
		if r.JUnit != "" && report.CheckNotInput(p, []string{r.JUnit}) != nil {
			return &report.UsageError{Msg: fmt.Sprintf("the rejected rows would go to %s, which --junit names", p),
				Hint: "name another --junit file"}
		}
		if err := report.CheckPath("the rejected rows' file", p, false); err != nil {
			return err
		}
	}
	return nil
}
