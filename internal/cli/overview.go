package cli

import (
	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/present"
	"github.com/pkgctl/pkgctl/internal/replay"
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
		Use:   "overview --packages P [--usage U] [--as-of T] [--type T] [--product X] [--package ID]...",
		Short: "Show every package's status, used and remaining capacity",
		Long: `Overview lists the packages with the status derived as of --as-of (Destroyed,
Arrears, Expired, Exhausted, Active, Created), and the used and remaining capacity of
the current reset period (the whole validity when the package does not reset).
Without --usage nothing is deducted: every package shows its full capacity.`,
		Args: cobra.NoArgs,
		RunE: runE(func() error { return overviewRun(opts) }),
	}
	addInputFlags(cmd, &opts.In, true, true, false)
	f := cmd.Flags()
	f.StringVar(&opts.Type, "type", "", "only packages of this type: usage|storage|reserved_instance")
	f.StringVar(&opts.Product, "product", "", "only packages of this product")
	f.StringSliceVar(&opts.Packages, "package", nil, "only this package (repeatable)")
	f.StringVar(&opts.OrderFrom, "order-from", "", "only packages ordered on or after this day")
	f.StringVar(&opts.OrderTo, "order-to", "", "only packages ordered on or before this day")
	return cmd
}

func overviewRun(opts *overviewOptions) error {
	if err := opts.In.require(true, false); err != nil {
		return err
	}
	var wantType *model.PackageType
	if opts.Type != "" {
		t, err := value.ParsePackageType(opts.Type)
		if err != nil {
			return usageErrorf("--type: %v", err)
		}
		wantType = &t
	}
	from, to, err := opts.dayRange(opts.OrderFrom, opts.OrderTo)
	if err != nil {
		return err
	}
	format, err := opts.outputFormat(false)
	if err != nil {
		return err
	}
	res, err := opts.readInputs(&opts.In, true, opts.In.Sample || opts.In.Usage != "", false)
	if err != nil {
		return err
	}
	l, err := opts.run(res)
	if err != nil {
		return err
	}
	if err := l.Unknown(opts.Packages, nil); err != nil {
		return unknownID(err)
	}
	f := replay.OverviewFilter{Type: wantType, Product: opts.Product, Packages: opts.Packages, OrderFrom: from, OrderTo: to}
	var rows []replay.OverviewRow
	for _, r := range l.Overview() {
		if f.Keep(&r) {
			rows = append(rows, r)
		}
	}
	if err := opts.emit(present.Overview(opts.present(), rows), format, opts.In.paths()); err != nil {
		return err
	}
	return opts.writeRejected(res.Reports, opts.In.paths()) // only once the output is written
}
