package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/report"
)

type validateOptions struct {
	*GlobalOptions
	In inputFlags
}

func newCmdValidate(g *GlobalOptions) *cobra.Command {
	opts := &validateOptions{GlobalOptions: g}
	cmd := &cobra.Command{
		Use:   "validate [--packages P] [--usage U] [--bills B]",
		Short: "Check exports for problems without computing anything",
		Long: `Validate reads the given exports and reports every problem, located as
FILE:LINE: column "NAME": message. Warnings are printed but do not fail.
Exit 0 when the files are valid, 2 when any has a problem.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if !opts.In.Sample && opts.In.Packages == "" && opts.In.Usage == "" && opts.In.Bills == "" {
				return &runError{err: &usageError{msg: "nothing to validate",
					hint: "give --packages, --usage, --bills, or --sample"}}
			}
			return run(func() error { return validateRun(opts) })
		},
	}
	addInputFlags(cmd, &opts.In, true, true, true)
	return cmd
}

func validateRun(opts *validateOptions) error {
	in := &opts.In
	format, err := opts.outputFormat(false)
	if err != nil {
		return err
	}
	res, err := opts.readInputs(in, in.Sample || in.Packages != "", in.Sample || in.Usage != "", in.Bills != "")
	if err != nil {
		return err
	}
	if err := opts.emit(validateDocument(opts.GlobalOptions, res), format, in.paths()); err != nil {
		return err
	}
	return opts.writeRejected(res.Reports, in.paths())
}

// validateDocument is one row per file read: rows, warnings, rejected rows, and a status
// that is "ok" only when no row was set aside.
func validateDocument(g *GlobalOptions, res *loaded) *report.Document {
	t := &report.Table{Name: "Files", Columns: []report.Column{
		{Key: "file", Kind: report.KindText}, {Key: "rows", Kind: report.KindInt},
		{Key: "warnings", Kind: report.KindInt}, {Key: "rejected", Kind: report.KindInt},
		{Key: "status", Kind: report.KindText}}}
	for _, rep := range res.Reports {
		status := fileStatus(rep)
		t.Rows = append(t.Rows, []report.Cell{report.Text(rep.File), report.Int(int64(rep.Rows)),
			report.Int(int64(len(rep.Warnings))), report.Int(int64(len(rep.Rejected))), report.Text(status)})
	}
	doc := g.newDoc(t)
	doc.Text = func(w io.Writer) error { // one line per file, as a person reads it
		for _, rep := range res.Reports {
			if _, err := fmt.Fprintf(w, "%s: %d rows, %d warnings, %d rejected: %s\n",
				rep.File, rep.Rows, len(rep.Warnings), len(rep.Rejected), fileStatus(rep)); err != nil {
				return err
			}
		}
		return nil
	}
	return doc
}

// fileStatus is "ok" when no row of the file was set aside.
func fileStatus(rep *load.Report) string {
	if len(rep.Rejected) > 0 {
		return "rows rejected"
	}
	return "ok"
}
