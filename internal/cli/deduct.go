package cli

import (
	"errors"
	"time"

	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/present"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
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
		Use:         "deduct --packages P --usage U [--from D --to D] [--package ID]... [--record ID]...",
		Annotations: globalFlags(replayFlags...),
		Short:       "Show the deduction ledger: which usage went to which package",
		Args:        cobra.NoArgs,
		RunE:        runE(func() error { return deductRun(opts) }),
	}
	addInputFlags(cmd, &opts.In, true, true, false)
	f := cmd.Flags()
	f.StringVar(&opts.From, "from", "", "only entries deducted on or after this day")
	f.StringVar(&opts.To, "to", "", "only entries deducted on or before this day")
	f.StringArrayVar(&opts.Packages, "package", nil, "only entries of this package (repeatable)")
	f.StringArrayVar(&opts.Records, "record", nil, "only entries of this record (repeatable)")
	return cmd
}

func deductRun(opts *deductOptions) error {
	var from, to time.Time
	var parts func(present.Parts) *report.Document // the whole ledger: it may be replayed in parts
	if opts.From == "" && opts.To == "" && len(opts.Packages) == 0 && len(opts.Records) == 0 {
		parts = func(run present.Parts) *report.Document { return present.DeductParts(opts.present(), run) }
	}
	return opts.runJob(job{in: &opts.In, parts: parts, lean: true,
		check: func(report.Format) (err error) {
			from, to, err = present.DayRange(opts.Loc, "--from", opts.From, "--to", opts.To)
			return err
		},
		doc: func(l *replay.Ledger, _ *load.Loaded) (*report.Document, error) {
			if err := l.Unknown(opts.Packages, opts.Records); err != nil {
				return nil, unknownID(err)
			}
			entries, recs := present.All(len(l.Entries)), present.All(len(l.Records))
			if sel := l.Select(replay.LedgerFilter{Packages: opts.Packages, Records: opts.Records, From: from, To: to}); !sel.All {
				entries, recs = present.Some(sel.Entries), present.Some(sel.Records)
			}
			return present.Deduct(opts.present(), l, entries, recs), nil
		}})
}

// unknownID is a --package or --record value the replay does not know, as a usage error.
func unknownID(err error) error {
	var u *replay.UnknownIDError
	if errors.As(err, &u) && u.Package {
		return &usageError{msg: "--package: " + err.Error(), hint: "see pkgctl overview for the package ids"}
	}
	return usageErrorf("--record: %v", err)
}
