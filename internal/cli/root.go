package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/config"
	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/report"
)

// GlobalOptions are the flags and resolved settings every command shares.
type GlobalOptions struct {
	IO  *IOStreams
	Now func() time.Time

	ConfigFile  string
	Format      string
	Out         string
	AsOf        string
	Timezone    string
	Quiet       bool
	SkipInvalid bool
	CSVBOM      bool

	Config         config.Config  // resolved from defaults, file, env and flags
	Limits         load.Limits    // Config.Limits, parsed
	Loc            *time.Location // Config.Timezone, loaded
	AsOfTime       time.Time      // --as-of, or Now
	usageBasedFrom time.Time      // Config.UsageBasedFrom, parsed
	streamFrom     int64          // Config.StreamUsageFrom, parsed
	inMemoryTo     int64          // Config.InMemoryUsageTo, parsed
	formatSource   string         // where Config.Format came from (config.Source)
	configUsed     string         // the config file read, if any: an input no output may replace

	reports []*load.Report // of the inputs read, for the rejected rows' files
	junit   string         // the run's --junit file (check, forecast), kept from the rejected rows
	used    *amortize.Used // the deductions of a replay in parts (runInParts)
	warned  []string       // the files whose warnings were printed
	// allWarnings: every warning is printed (validate), not the first shownWarnings of a kind
	allWarnings bool
	termDocs    []*report.Document // documents printed on a terminal (newDoc)
}

// NewRootCmd builds the pkgctl command tree.
func NewRootCmd(ios *IOStreams, now func() time.Time) *cobra.Command {
	root, _ := newRootCmd(ios, now)
	return root
}

// newRootCmd is NewRootCmd, with the options its commands run with.
func newRootCmd(ios *IOStreams, now func() time.Time) (*cobra.Command, *GlobalOptions) {
	g := &GlobalOptions{IO: ios, Now: now}
	root := &cobra.Command{
		Use:           "pkgctl",
		Short:         "Reconcile cloud resource packages against pay-per-use usage",
		SilenceUsage:  true,
		SilenceErrors: true,
		// Commands that name no global flags of their own (cobra's help and completion)
		// use none but --config and --quiet.
		Annotations: globalFlags(),
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return g.resolve(cmd)
		},
	}
	root.SetIn(ios.In)
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &usageError{msg: err.Error(), hint: fmt.Sprintf("see '%s --help'", cmd.CommandPath())}
	})

	pf := root.PersistentFlags()
	pf.StringVar(&g.ConfigFile, "config", "", "config file (default ./pkgctl.yaml or $XDG_CONFIG_HOME/pkgctl/config.yaml)")
	pf.StringVarP(&g.Format, "format", "f", "", "output format: table|csv|json|xlsx|markdown|parquet (amortize also focus)")
	pf.StringVarP(&g.Out, "out", "o", "", "write to FILE (atomically); the format follows its extension unless --format is given")
	pf.StringVar(&g.AsOf, "as-of", "", "replay as of this instant (a date means the end of that day; default now)")
	pf.StringVar(&g.Timezone, "timezone", "", "zone for times without one (default Asia/Shanghai)")
	pf.BoolVar(&g.Quiet, "quiet", false, "no progress or notes on stderr (warnings and errors still show)")
	pf.BoolVar(&g.SkipInvalid, "skip-invalid", false, "set bad rows aside in <out>.rejected.csv (or name them on stderr) and go on")
	pf.BoolVar(&g.CSVBOM, "csv-bom", true, "start a CSV written to a file with a UTF-8 BOM, so that Excel reads it as UTF-8 (config csv_bom)")

	root.AddCommand(
		newCmdValidate(g),
		newCmdSample(g),
		newCmdDeduct(g),
		newCmdOverview(g),
		newCmdWhy(g),
		newCmdAmortize(g),
		newCmdCheck(g),
		newCmdKPI(g),
		newCmdForecast(g),
		newCmdVersion(g),
	)
	addHelp(root)
	root.SetUsageTemplate(usageTemplate(root.UsageTemplate()))
	return root, g
}

// run wraps a command's run function so that Main can tell its errors from cobra's.
func run(fn func() error) error {
	if err := fn(); err != nil {
		return &runError{err: err}
	}
	return nil
}
