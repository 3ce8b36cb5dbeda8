package cli

import (
	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/present"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
	"github.com/pkgctl/pkgctl/internal/value"
)

type overviewOptions struct {
	*GlobalOptions
	In                 inputFlags
	Type               string
	Product            string
	Packages           []string
	OrderFrom, OrderTo string
}

func newCmdOverview(g *GlobalOptions) *cobra.Command {
	opts := &overviewOptions{GlobalOptions: g}
	cmd := &cobra.Command{
		Use:         "overview --packages P [--usage U] [--as-of T] [--type T] [--product X] [--package ID]...",
		Annotations: globalFlags(replayFlags...),
		Short:       "Show every package's status, used and remaining capacity",
		Args:        cobra.NoArgs,
		RunE:        runE(func() error { return overviewRun(opts) }),
	}
	addInputFlags(cmd, &opts.In, true, true, false)
	f := cmd.Flags()
	f.StringVar(&opts.Type, "type", "", "only packages of this type: usage|storage|reserved_instance")
	f.StringVar(&opts.Product, "product", "", "only packages of this product")
	f.StringArrayVar(&opts.Packages, "package", nil, "only this package (repeatable)")
	f.StringVar(&opts.OrderFrom, "order-from", "", "only packages ordered on or after this day")
	f.StringVar(&opts.OrderTo, "order-to", "", "only packages ordered on or before this day")
	return cmd
}

func overviewRun(opts *overviewOptions) error {
	var f replay.OverviewFilter
	return opts.runJob(job{in: &opts.In, usageOptional: true, states: true, overview: true, lean: true,
		check: func(report.Format) (err error) {
			if opts.Type != "" {
				t, err := value.ParsePackageType(opts.Type)
				if err != nil {
					return usageErrorf("--type: %v", err)
				}
				f.Type = &t
			}
			f.Product, f.Packages = opts.Product, opts.Packages
			f.OrderFrom, f.OrderTo, err = present.DayRange(opts.Loc, "--order-from", opts.OrderFrom, "--order-to", opts.OrderTo)
			return err
		},
		doc: func(l *replay.Ledger, _ *load.Loaded) (*report.Document, error) {
			if err := l.Unknown(opts.Packages, nil); err != nil {
				return nil, unknownID(err)
			}
			var rows []replay.OverviewRow
			for _, r := range l.Overview() {
				if f.Keep(&r) {
					rows = append(rows, r)
				}
			}
			return present.Overview(opts.present(), rows), nil
		}})
}
