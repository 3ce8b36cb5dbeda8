package cli

import (
	"github.com/pkgctl/pkgctl/internal/present"
	"github.com/spf13/cobra"
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
	res, err := opts.readInputs(in, in.Sample || in.Packages != "", in.Sample || in.Usage != "", in.Bills != "", nil)
	if err != nil {
		return err
	}
	if err := opts.emit(present.Validate(opts.present(), res.Reports), format, in.paths()); err != nil {
		return err
	}
	return opts.rejected(in.paths()).Write(res.Reports)
}
