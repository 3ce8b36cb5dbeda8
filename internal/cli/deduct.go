package cli

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/present"
	"github.com/pkgctl/pkgctl/internal/replay"
)

type deductOptions struct {
	*GlobalOptions
	In       inputFlags
	From, To string
	Packages []string
	Records  []string
}

func newCmdDeduct(g *GlobalOptions) *cobra.Command {
	opts := &deductOptions{GlobalOptions: g}
	cmd := &cobra.Command{
		Use:   "deduct --packages P --usage U [--from D --to D] [--package ID]... [--record ID]...",
		Short: "Show the deduction ledger: which usage went to which package",
		Long: `Deduct replays every usage record against the packages and lists one entry per
record and package deducted from (with the period, the capacity available before and
remaining after), and one pay-per-use entry for what no package covered.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			return run(func() error { return deductRun(opts) })
		},
	}
	addInputFlags(cmd, &opts.In, true, true, false)
	f := cmd.Flags()
	f.StringVar(&opts.From, "from", "", "only entries deducted on or after this day")
	f.StringVar(&opts.To, "to", "", "only entries deducted on or before this day")
	f.StringSliceVar(&opts.Packages, "package", nil, "only entries of this package (repeatable)")
	f.StringSliceVar(&opts.Records, "record", nil, "only entries of this record (repeatable)")
	return cmd
}

func deductRun(opts *deductOptions) error {
	if err := opts.In.require(true, true); err != nil {
		return err
	}
	from, to, err := opts.dayRange(opts.From, opts.To)
	if err != nil {
		return err
	}
	format, err := opts.outputFormat(false)
	if err != nil {
		return err
	}
	l, in, err := opts.replay(&opts.In)
	if err != nil {
		return err
	}
	if err := l.Unknown(opts.Packages, opts.Records); err != nil {
		return unknownID(err)
	}
	entries, recs := present.All(len(l.Entries)), present.All(len(l.Records))
	if sel := l.Select(replay.LedgerFilter{Packages: opts.Packages, Records: opts.Records, From: from, To: to}); !sel.All {
		entries, recs = present.Some(sel.Entries), present.Some(sel.Records)
	}
	doc := present.Deduct(opts.present(), l, entries, recs)
	if err := opts.emit(doc, format, opts.In.paths()); err != nil {
		return err
	}
	return opts.writeRejected(in.Reports, opts.In.paths()) // only once the output is written
}

// unknownID is a --package or --record value the replay does not know, as a usage error.
func unknownID(err error) error {
	var u *replay.UnknownIDError
	if errors.As(err, &u) && u.Package {
		return &usageError{msg: "--package: " + err.Error(), hint: "see pkgctl overview for the package ids"}
	}
	return usageErrorf("--record: %v", err)
}
