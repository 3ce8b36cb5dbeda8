package cli

import (
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/present"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
)

type amortizeOptions struct {
	*GlobalOptions
	In       inputFlags
	Month    string
	From, To string
	By       []string
}

func newCmdAmortize(g *GlobalOptions) *cobra.Command {
	opts := &amortizeOptions{GlobalOptions: g}
	cmd := &cobra.Command{
		Use:         "amortize --packages P --usage U [--month YYYY-MM | --from D --to D] [--by KEYS]",
		Annotations: globalFlags(replayFlags...),
		Short:       "Compute the amortization bills (used, unused, linear) per day",
		Args:        cobra.NoArgs,
		RunE:        runE(func() error { return amortizeRun(opts) }),
	}
	addInputFlags(cmd, &opts.In, true, true, false)
	f := cmd.Flags()
	f.StringVar(&opts.Month, "month", "", "only bills of this month (YYYY-MM)")
	f.StringVar(&opts.From, "from", "", "only bills dated on or after this day")
	f.StringVar(&opts.To, "to", "", "only bills dated on or before this day")
	f.StringSliceVar(&opts.By, "by", nil, "group and sum by: day, month, package, product, bill_type, enterprise_project, tag:KEY")
	addFocusFlags(cmd)
	return cmd
}

func amortizeRun(opts *amortizeOptions) error {
	var from, to time.Time
	focus := false
	return opts.runJob(job{in: &opts.In, focus: true, used: true, amortized: true,
		check: func(format report.Format) (err error) {
			if from, to, err = present.BillDays(opts.Loc, opts.Month, opts.From, opts.To); err != nil {
				return err
			}
			if opts.By != nil && len(opts.By) == 0 { // --by "" (left out, it is nil): no key at all
				return usageErrorf("--by: an empty key")
			}
			if opts.By, err = amortize.ParseKeys(opts.By); err != nil {
				return &usageError{msg: "--by: " + err.Error()}
			}
			if focus = format == report.FormatFocus; focus && len(opts.By) > 0 {
				return usageErrorf("--by cannot be combined with the focus format")
			}
			return nil
		},
		doc: func(l *replay.Ledger, _ *load.Loaded) (*report.Document, error) {
			res, err := opts.amortize(l)
			if err != nil {
				return nil, err
			}
			var doc *report.Document
			if len(opts.By) > 0 {
				groups, err := amortize.Groups(res.WalkExact(from, to), opts.By)
				if err != nil {
					return nil, &usageError{msg: "--by: " + err.Error()}
				}
				doc = present.Groups(opts.present(), opts.By, groups)
			} else {
				doc = present.Bills(opts.present(), res, from, to)
			}
			if focus { // checked before anything is written: bad values are bad input
				account := ""
				if opts.In.Sample {
					account = sampleAccount
				}
				w, unknown, err := present.Focus(res, l, opts.Config.Focus, account, from, to, opts.Out, opts.Config.Precision)
				if err != nil {
					return nil, err
				}
				for _, p := range unknown {
					opts.note("focus: product %q has no service category: Other (set focus.service_categories)", p)
				}
				doc.Custom = map[report.Format]func(io.Writer) error{report.FormatFocus: w}
			}
			return doc, nil
		}})
}

func (g *GlobalOptions) amortizeConfig() amortize.Config {
	return amortize.Config{
		Location: g.Loc, Precision: g.Config.Precision, AsOf: g.AsOfTime,
		UsageBasedFrom: g.usageBasedFrom, UsageBasedProducts: g.Config.UsageBasedProducts,
	}
}
