package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/sample"
)

func newCmdSample(g *GlobalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sample [DIR]",
		Short: "Write the embedded sample inputs (CSV and XLSX) to DIR",
		Long: `Sample writes the embedded sample (every number in it is a worked example of
docs/rules.md) as packages.csv, usage.csv, packages.xlsx and usage.xlsx in DIR
(default: the current directory), so you can see the expected format and try every
command on it.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			return run(func() error { return sampleRun(g, dir) })
		},
	}
	cmd.AddCommand(newCmdSampleGenerate(g))
	return cmd
}

func sampleRun(g *GlobalOptions, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range []struct {
		file  sample.File
		sheet string
	}{{sample.Packages(), "Packages"}, {sample.Usage(), "Usage"}} {
		base := filepath.Join(dir, filepath.Base(f.file.Name))
		data := f.file.Data
		if err := writeFileAtomic(base, nil, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
			return err
		}
		xlsx := base[:len(base)-len(filepath.Ext(base))] + ".xlsx"
		file, sheet := f.file, f.sheet
		if err := writeFileAtomic(xlsx, nil, func(w io.Writer) error { return sample.WriteXLSX(w, file, sheet) }); err != nil {
			return err
		}
		if !g.Quiet {
			fmt.Fprintf(g.IO.ErrOut, "pkgctl: wrote %s and %s\n", base, xlsx)
		}
	}
	return nil
}

type generateOptions struct {
	*GlobalOptions
	Packages, Records int
	Seed              int64
}

func newCmdSampleGenerate(g *GlobalOptions) *cobra.Command {
	opts := &generateOptions{GlobalOptions: g}
	cmd := &cobra.Command{
		Use:   "generate --packages N --records M [--seed S] DIR",
		Short: "Write deterministic synthetic exports (packages.csv, usage.csv) to DIR",
		Long: `Generate writes synthetic but realistic exports: several products, regions,
projects and billing items; resettable, non-resettable and level packages; upgrades,
renewals and destructions; hourly usage with some mismatches and some exhaustion.
The same --packages, --records and --seed always give byte-identical files.`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return run(func() error { return generateRun(opts, args[0]) })
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.Packages, "packages", 100, "number of packages")
	f.IntVar(&opts.Records, "records", 10000, "number of usage records")
	f.Int64Var(&opts.Seed, "seed", 1, "random seed")
	return cmd
}

func generateRun(opts *generateOptions, dir string) error {
	if opts.Packages < 0 || opts.Records < 0 {
		return usageErrorf("--packages and --records must not be negative")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	pkgPath, usagePath := filepath.Join(dir, "packages.csv"), filepath.Join(dir, "usage.csv")
	// Generate writes both files in one pass: the packages go to a buffer, the usage
	// streams into its atomic file, then the packages file is written.
	var pkgs bytes.Buffer
	err := writeFileAtomic(usagePath, nil, func(w io.Writer) error {
		return sample.Generate(sample.GenOptions{Packages: opts.Packages, Records: opts.Records, Seed: opts.Seed}, &pkgs, w)
	})
	if err != nil {
		return err
	}
	if err := writeFileAtomic(pkgPath, nil, func(w io.Writer) error { _, err := w.Write(pkgs.Bytes()); return err }); err != nil {
		return err
	}
	if !opts.Quiet {
		fmt.Fprintf(opts.IO.ErrOut, "pkgctl: wrote %s (%d packages) and %s (%d records)\n", pkgPath, opts.Packages, usagePath, opts.Records)
	}
	return nil
}
