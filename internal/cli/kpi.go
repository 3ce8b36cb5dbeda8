package cli

import (
	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/kpi"
	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/present"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
)

type kpiOptions struct {
	*GlobalOptions
	In inputFlags
	By []string
}

func newCmdKPI(g *GlobalOptions) *cobra.Command {
	opts := &kpiOptions{GlobalOptions: g}
	cmd := &cobra.Command{
		Use:         "kpi --packages P --usage U [--by KEYS]",
		Annotations: globalFlags(replayFlags...),
		Short:       "Report utilization and coverage of the packages (FinOps KPIs)",
		Args:        cobra.NoArgs,
		RunE:        runE(func() error { return kpiRun(opts) }),
	}
	addInputFlags(cmd, &opts.In, true, true, false)
	cmd.Flags().StringSliceVar(&opts.By, "by", []string{"month", "product"},
		"group by: month, product, region, enterprise_project, package, tag:KEY")
	return cmd
}

func kpiRun(opts *kpiOptions) error {
	var keys []kpi.Key
	var b *kpi.Builder // the records' coverage as they are replayed (in parts: part by part)
	return opts.runJob(job{in: &opts.In, used: true, overview: true,
		check: func(report.Format) (err error) {
			if keys, err = kpi.ParseKeys(opts.By); err != nil {
				return &usageError{msg: "--by: " + err.Error()}
			}
			return nil
		},
		records: func() func(*replay.Ledger) {
			b = kpi.New(kpi.Options{Location: opts.Loc, AsOf: opts.AsOfTime, Precision: opts.Config.Precision, Keys: keys})
			return b.Add
		},
		doc: func(l *replay.Ledger, _ *load.Loaded) (*report.Document, error) {
			am, err := opts.amortize(l)
			if err != nil {
				return nil, err
			}
			res, err := b.Finish(l, am)
			if err != nil {
				return nil, err
			}
			return present.KPI(opts.present(), res), nil
		}})
}
