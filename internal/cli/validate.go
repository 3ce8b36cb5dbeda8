package cli

import (
	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/present"
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
		Args:  cobra.NoArgs,
		RunE:  runE(func() error { return validateRun(opts) }),
	}
	addInputFlags(cmd, &opts.In, true, true, true)
	return cmd
}

func validateRun(opts *validateOptions) error {
	in := &opts.In
	if !in.Sample && in.Packages == "" && in.Usage == "" && in.Bills == "" {
		return &usageError{msg: "nothing to validate", hint: "give --packages, --usage, --bills, or --sample"}
	}
	format, err := opts.outputFormat(false)
	if err != nil {
		return err
	}
	// Only the reports are printed: the bills' rows are read and dropped.
	drop := func([]model.Package, int) func(*model.BillRow) { return func(*model.BillRow) {} }
	res, err := opts.readInputs(in, in.Sample || in.Packages != "", in.Sample || in.Usage != "", drop)
	if err != nil {
		return err
	}
	if err := opts.emit(present.Validate(opts.present(), res.Reports), format, in.paths()); err != nil {
		return err
	}
	return opts.rejected(in.paths()).Write(res.Reports)
}
