package cli

import (
	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/kpi"
	"github.com/pkgctl/pkgctl/internal/present"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
)

type kpiOptions struct {
	*GlobalOptions
	In inputFlags
	By []string
}

const kpiLong = `KPI reports the two FinOps indicators of resource packages, per group:

  utilization  what the packages' settled periods (reset periods, or whole validities,
               that ended by --as-of) used of their capacity, in quantity, and for
               usage-amortized packages in money: used rows ÷ (used + unused rows)
  coverage     what packages deducted of the usage records, in quantity, and in money
               at the records' unit prices where they have one

A period counts in the billing cycle of its last day; a record in the cycle of its
deduction. Quantities of one unit family add up (in GB, hours or times when units are
mixed); a storage package or reserved instance is measured in capacity-hours.
Percentages have 2 decimals. --by groups by month, product, region, enterprise_project
(or project), package, tag:KEY (comma-separated; default month,product). The xlsx output
adds a Summary sheet by month with a chart of utilization and coverage in money.`

func newCmdKPI(g *GlobalOptions) *cobra.Command {
	opts := &kpiOptions{GlobalOptions: g}
	cmd := &cobra.Command{
		Use:   "kpi --packages P --usage U [--by KEYS]",
		Short: "Report utilization and coverage of the packages (FinOps KPIs)",
		Long:  kpiLong,
		Example: `  pkgctl kpi --sample --as-of 2026-01-01
  pkgctl kpi --packages p.csv --usage u.csv --by month -o kpi.xlsx
  pkgctl kpi --packages p.csv --usage u.csv --by product,enterprise_project -f csv`,
		Args: cobra.NoArgs,
		RunE: runE(func() error { return kpiRun(opts) }),
	}
	addInputFlags(cmd, &opts.In, true, true, false)
	cmd.Flags().StringSliceVar(&opts.By, "by", []string{"month", "product"},
		"group by: month, product, region, enterprise_project, package, tag:KEY")
	return cmd
}

func kpiRun(opts *kpiOptions) error {
	var keys []kpi.Key
	return opts.runJob(job{in: &opts.In,
		check: func(report.Format) (err error) {
			if keys, err = kpi.ParseKeys(opts.By); err != nil {
				return &usageError{msg: "--by: " + err.Error()}
			}
			return nil
		},
		doc: func(l *replay.Ledger, _ *loaded) (*report.Document, error) {
			am, err := opts.amortize(l)
			if err != nil {
				return nil, err
			}
			res, err := kpi.Compute(l, am, kpi.Options{Location: opts.Loc, AsOf: opts.AsOfTime,
				Precision: opts.Config.Precision, Keys: keys})
			if err != nil {
				return nil, err
			}
			return present.KPI(opts.present(), res), nil
		}})
}
