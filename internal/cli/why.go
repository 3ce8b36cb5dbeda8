package cli

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/explain"
	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/present"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
)

type whyOptions struct {
	*GlobalOptions
	In         inputFlags
	Records    []string
	Resource   string
	Reason     string
	All        bool
	Candidates string
}

func newCmdWhy(g *GlobalOptions) *cobra.Command {
	opts := &whyOptions{GlobalOptions: g}
	cmd := &cobra.Command{
		Use:         "why --packages P --usage U [--record ID]... [--resource ID] [--reason CODE] [--all] [--candidates N|all]",
		Annotations: globalFlags(replayFlags...),
		Short:       "Explain why usage was not deducted from a package",
		Args:        cobra.NoArgs,
		RunE:        runE(func() error { return whyRun(opts) }),
	}
	addInputFlags(cmd, &opts.In, true, true, false)
	f := cmd.Flags()
	f.StringArrayVar(&opts.Records, "record", nil, "explain this record, even if fully deducted (repeatable)")
	f.StringVar(&opts.Resource, "resource", "", "only records of this resource id")
	f.StringVar(&opts.Reason, "reason", "", "only records whose primary reason is this code")
	f.BoolVar(&opts.All, "all", false, "also list fully deducted records")
	f.StringVar(&opts.Candidates, "candidates", strconv.Itoa(explain.DefaultCandidates),
		"closest packages listed in full per record besides those it was deducted from, or all")
	return cmd
}

func whyRun(opts *whyOptions) error {
	var candidates int
	return opts.runJob(job{in: &opts.In,
		check: func(report.Format) (err error) {
			if opts.Reason != "" {
				if _, err := explain.ParseCode(opts.Reason); err != nil {
					return &usageError{msg: "--reason: " + err.Error(), hint: "see 'pkgctl why --help'"}
				}
			}
			if candidates, err = explain.ParseCandidates(opts.Candidates); err != nil {
				return &usageError{msg: fmt.Sprintf("--candidates %q: %v", opts.Candidates, err),
					hint: "e.g. --candidates 5, or --candidates all to list every package of the product"}
			}
			return nil
		},
		doc: func(l *replay.Ledger, _ *load.Loaded) (*report.Document, error) {
			mem.LimitGarbage() // what is explained is written and dropped: the heap stays the replay's
			x := explain.NewExplainer(l, candidates)
			recs, err := x.Select(explain.Selection{Records: opts.Records, Resource: opts.Resource,
				Reason: opts.Reason, All: opts.All}, 0)
			var ue *explain.UnknownRecordsError
			if errors.As(err, &ue) {
				return nil, &usageError{msg: "--record: " + err.Error(), hint: "check the id, or pass a later --as-of"}
			} else if err != nil {
				return nil, err
			}
			if len(recs) == 0 && len(l.Records) == 0 {
				opts.note("no usage record was deducted by --as-of; nothing to explain")
			} else if len(recs) == 0 && (opts.All || opts.Reason != "") { // --all would not help
				opts.note("no record matches")
			} else if len(recs) == 0 {
				opts.note("no record matches; --all also lists fully deducted records")
			}
			return present.Why(opts.present(), x, recs), nil
		}})
}
