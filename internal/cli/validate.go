package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/present"
	"github.com/pkgctl/pkgctl/internal/stream"
)

type validateOptions struct {
	*GlobalOptions
	In inputFlags
}

func newCmdValidate(g *GlobalOptions) *cobra.Command {
	opts := &validateOptions{GlobalOptions: g}
	cmd := &cobra.Command{
		Use: "validate [--packages P] [--usage U] [--bills B]",
		// No --as-of: nothing is replayed.
		Annotations: globalFlags("config", "format", "out", "timezone", "skip-invalid", "csv-bom"),
		Short:       "Check exports for problems without computing anything",
		Args:        cobra.NoArgs,
		RunE:        runE(func() error { return validateRun(opts) }),
	}
	addInputFlags(cmd, &opts.In, true, true, true)
	return cmd
}

func validateRun(opts *validateOptions) error {
	in := &opts.In
	opts.allWarnings = true // validate is where every warning of the inputs is read
	if !in.Sample && in.Packages == "" && in.Usage == "" && in.Bills == "" {
		return &usageError{msg: "nothing to validate", hint: "give --packages, --usage, --bills, or --sample"}
	}
	if err := in.check(); err != nil {
		return err
	}
	format, err := opts.outputFormat(false)
	if err != nil {
		return err
	}
	// Only the reports are printed: the bills' rows are read and dropped.
	drop := func([]model.Package, int) func(*model.BillRow) { return func(*model.BillRow) {} }
	if !in.Sample && !opts.SkipInvalid && in.rereadable() && stream.Large(in.Usage, opts.streamFrom) {
		if reps, done, err := opts.validateAsRead(drop); done || err != nil {
			if err != nil {
				return err
			}
			return opts.emit(present.Validate(opts.present(), reps), format, in.paths())
		}
	}
	if err := opts.fitsInMemory(in.Usage, nil); err != nil {
		return err
	}
	res, err := opts.readInputs(in, in.Sample || in.Packages != "", in.Sample || in.Usage != "", drop)
	if err != nil {
		return err
	}
	out, err := opts.prepare(present.Validate(opts.present(), res.Reports), format, in.paths())
	if err != nil {
		return err
	}
	return opts.rejected(in.paths()).Write(res.Reports, out)
}

// validateAsRead reads a large usage CSV as it goes, holding none of its records
// (load.UsageStream), then the packages and bills: the reports of a clean usage file,
// in the order a read in memory gives them. done is false when the usage has a problem
// or a record_id that may repeat: the inputs are then read in memory, which says
// exactly what and where (nothing was printed).
func (opts *validateOptions) validateAsRead(drop func([]model.Package, int) func(*model.BillRow)) (reps []*load.Report, done bool, err error) {
	in := opts.In
	f, err := opts.open(in.Usage)
	if err != nil {
		return nil, true, err
	}
	usage, err := load.UsageStream(f.Name, f.R, opts.loadOptions(), func([]model.Record) error { return nil })
	f.Close()
	if err != nil {
		if tooLarge := opts.fitsInMemory(in.Usage, nil); tooLarge != nil {
			// Not to be read again in memory: what the read as it went found, as it is (its
			// bad rows, when a record_id that may repeat comes with them).
			var rows load.Errors
			if errors.As(err, &rows) {
				return nil, true, rows
			}
			if errors.Is(err, load.ErrNotStreamable) {
				return nil, true, &usageError{msg: fmt.Sprintf("%v; %v", err, tooLarge),
					hint: "find the repeated record_id near that line"}
			}
			return nil, true, err
		}
		return nil, false, nil
	}
	in.Usage = ""
	res, err := opts.readWith(&in, in.Packages != "", false, usage, drop)
	if err != nil {
		return nil, true, err
	}
	return res.Reports, true, nil
}
