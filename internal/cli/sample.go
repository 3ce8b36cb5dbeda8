package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/report"
	"github.com/pkgctl/pkgctl/internal/sample"
)

func newCmdSample(g *GlobalOptions) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use: "sample [DIR]",
		// The embedded files as they are: no configuration.
		Annotations: globalFlags(),
		Short:       "Write the embedded sample inputs (CSV and XLSX) to DIR",
		Args:        cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			return run(func() error { return sampleRun(g, dir, force) })
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "replace the files if DIR already holds them")
	cmd.AddCommand(newCmdSampleGenerate(g))
	return cmd
}

func sampleRun(g *GlobalOptions, dir string, force bool) error {
	if err := checkDir(dir); err != nil {
		return err
	}
	written, err := sample.WriteFiles(dir, force, report.WriteFiles)
	for _, w := range written {
		if !g.Quiet {
			fmt.Fprintf(g.IO.ErrOut, "pkgctl: wrote %s and %s\n", w[0], w[1])
		}
	}
	return err
}

// checkDir refuses, as bad usage, a DIR that is a file or lies under one (sample, sample
// generate): no folder can be made there.
func checkDir(dir string) error {
	for d := dir; ; d = filepath.Dir(d) {
		if st, err := os.Stat(d); err == nil {
			switch {
			case st.IsDir():
				return nil
			case d == dir:
				return &usageError{msg: fmt.Sprintf("DIR %s is a file; name a folder", dir)}
			}
			return &usageError{msg: fmt.Sprintf("DIR %s: %s is a file, not a folder", dir, d)}
		}
		if filepath.Dir(d) == d {
			return nil // nothing of it exists: made whole
		}
	}
}

type generateOptions struct {
	*GlobalOptions
	Packages, Records int
	Seed              int64
	Force             bool
}

func newCmdSampleGenerate(g *GlobalOptions) *cobra.Command {
	opts := &generateOptions{GlobalOptions: g}
	cmd := &cobra.Command{
		Use: "generate --packages N --records M [--seed S] [--force] DIR",
		// The files as the flags say, within the configured limits.total_periods and
		// limits.linear_days.
		Annotations: globalFlags("config"),
		Short:       "Write deterministic synthetic exports (packages.csv, usage.csv) to DIR",
		Args:        cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return run(func() error { return generateRun(opts, args[0]) })
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.Packages, "packages", 100, "number of packages")
	f.IntVar(&opts.Records, "records", 10000, "number of usage records")
	f.Int64Var(&opts.Seed, "seed", 1, "random seed")
	f.BoolVar(&opts.Force, "force", false, "replace packages.csv and usage.csv if DIR already holds them")
	return cmd
}

func generateRun(opts *generateOptions, dir string) error {
	if opts.Packages < 0 || opts.Records < 0 {
		return usageErrorf("--packages and --records must not be negative")
	}
	if err := checkDir(dir); err != nil {
		return err
	}
	pkgPath, usagePath, err := sample.GenerateFiles(dir,
		sample.GenOptions{Packages: opts.Packages, Records: opts.Records, Seed: opts.Seed, MaxPeriods: opts.Limits.TotalPeriods,
			MaxLinearDays: opts.Limits.LinearDays, Linear: amortize.Linear(opts.amortizeConfig()), Location: opts.Loc}, opts.Force, report.WriteFiles)
	if err != nil {
		return err
	}
	if !opts.Quiet {
		fmt.Fprintf(opts.IO.ErrOut, "pkgctl: wrote %s (%d packages) and %s (%d records)\n", pkgPath, opts.Packages, usagePath, opts.Records)
	}
	return nil
}
