package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/present"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
	"github.com/pkgctl/pkgctl/internal/value"
	"github.com/spf13/cobra"
)

// amortize amortizes a replayed ledger with the configured method rules: the one call
// of the amortization of every command, which prints its warnings (a package without a
// fee has no money). Its bills are made as they are walked, never held
// (amortize.RunLazy): every reader walks them in order.
func (g *GlobalOptions) amortize(l *replay.Ledger) (*amortize.Result, error) {
	mem.Collect() // the replay's scratch, for the amortization to reuse
	res, err := amortize.RunLazy(l, g.amortizeConfig())
	if err != nil {
		return nil, err
	}
	g.warnings(res.Warnings)
	return res, nil
}

// note prints a note on stderr unless --quiet.
func (g *GlobalOptions) note(format string, a ...any) {
	if !g.Quiet {
		fmt.Fprintf(g.IO.ErrOut, "pkgctl: note: "+format+"\n", a...)
	}
}

// warnings prints warnings on stderr, with or without --quiet (which hides notes only).
func (g *GlobalOptions) warnings(ws []string) {
	for _, w := range ws {
		fmt.Fprintf(g.IO.ErrOut, "pkgctl: warning: %s\n", w)
	}
}

// job is a command's run on the replayed packages and usage: check reads its flags
// before anything is read (a usage error writes nothing and costs nothing), the inputs
// are read and replayed, doc makes the document, which is written (to stdout as it is
// rendered in every format when stream), then the rows --skip-invalid set aside, then
// after runs (a verdict, a JUnit report).
type job struct {
	in            *inputFlags
	usageOptional bool // the usage may be left out (nothing is deducted then)
	bills         bool // the exported bills are read too
	focus         bool // the focus format is allowed
	stream        bool
	check         func(format report.Format) error
	doc           func(l *replay.Ledger, in *load.Loaded) (*report.Document, error)
	parts         func(run present.Parts) *report.Document // the document of a replay in parts (streamUsage)
	after         func() error
}

func (g *GlobalOptions) runJob(j job) error {
	if err := j.in.require(!j.usageOptional); err != nil {
		return err
	}
	format, err := g.outputFormat(j.focus)
	if err != nil {
		return err
	}
	if j.check != nil {
		if err := j.check(format); err != nil {
			return err
		}
	}
	if j.parts != nil && g.streamUsage(j.in, format) {
		if done, err := g.runParts(j, format); done || err != nil {
			return err
		}
	}
	in, err := g.readInputs(j.in, true, !j.usageOptional || j.in.Sample || j.in.Usage != "", j.bills)
	if err != nil {
		return err
	}
	l, err := g.run(in)
	if err != nil {
		return err
	}
	doc, err := j.doc(l, in)
	if err != nil {
		return err
	}
	if err := g.emit(doc, format, j.in.paths(), j.stream); err != nil {
		return err
	}
	if err := g.rejected(j.in.paths()).Write(in.Reports); err != nil { // only once the output is written
		return err
	}
	if j.after != nil {
		return j.after()
	}
	return nil
}

// streamUsage reports whether the usage is replayed as it is read (rules.md §2.9): a
// CSV file of stream_usage_from or more, written out as CSV to a file, without
// --skip-invalid (a row set aside could not be taken back out of what was written).
func (g *GlobalOptions) streamUsage(in *inputFlags, f report.Format) bool {
	if in.Sample || in.Usage == "" || in.Usage == "-" || g.SkipInvalid || f != report.FormatCSV ||
		g.Out == "" || report.IsStream(g.Out) || strings.EqualFold(filepath.Ext(in.Usage), ".xlsx") {
		return false
	}
	st, err := os.Stat(in.Usage)
	return err == nil && st.Mode().IsRegular() && st.Size() >= g.streamFrom
}

// streamHold is how many usage records a replay in parts holds at most (replay.Stream).
var streamHold = 1 << 18

// runParts runs j on the usage replayed as it is read, part after part. done is false
// when the usage turned out not to be ordered by deduct_time or its record_ids could not
// be told apart as it went (nothing was written): the caller replays it in memory.
func (g *GlobalOptions) runParts(j job, format report.Format) (done bool, err error) {
	in, err := g.readInputs(j.in, true, false, false)
	if err != nil {
		return true, err
	}
	g.note("%s is replayed as it is read, part by part", j.in.Usage)
	mem.CollectAsGoes()
	var rep *load.Report
	doc := j.parts(func(part func(*replay.Ledger) error) error {
		s, err := replay.NewSession(in.Packages, g.replayOptions())
		if err != nil {
			return err
		}
		st := replay.NewStream(s, streamHold, part)
		f, err := g.open(j.in.Usage)
		if err != nil {
			return err
		}
		defer f.Close()
		if rep, err = load.UsageStream(f.Name, f.R, g.loadOptions(), st.Add); err != nil {
			return err
		}
		_, err = st.Close()
		return err
	})
	err = g.emit(doc, format, j.in.paths(), true)
	var ue *replay.UnorderedError
	if errors.As(err, &ue) || errors.Is(err, load.ErrNotStreamable) {
		g.note("%s: %v; replaying it in memory", j.in.Usage, err)
		mem.ConfigureRuntime() // back to the in-memory run's collector settings
		return false, nil
	}
	if rep != nil {
		g.warn([]*load.Report{rep})
	}
	return true, err
}

// runE is a command's RunE: fn's errors are the run's, not cobra's (see run).
func runE(fn func() error) func(*cobra.Command, []string) error {
	return func(*cobra.Command, []string) error { return run(fn) }
}

// run replays loaded inputs as of --as-of, in the configured zone and precision: the one
// call of the replay of every command.
func (g *GlobalOptions) run(in *load.Loaded) (*replay.Ledger, error) {
	mem.Collect() // the loader's scratch, for the replay to reuse
	return replay.Run(in.Packages, in.Records, g.replayOptions())
}

func (g *GlobalOptions) replayOptions() replay.Options {
	return replay.Options{Location: g.Loc, AsOf: g.AsOfTime, Precision: g.Config.Precision}
}

// dayRange parses --from/--to days into [from, to) instants; to is the end of its day.
func (g *GlobalOptions) dayRange(fromS, toS string) (from, to time.Time, err error) {
	if fromS != "" {
		if from, _, err = value.ParseTime(fromS, g.Loc); err != nil {
			return from, to, usageErrorf("--from: %v", err)
		}
	}
	if toS != "" {
		if to, err = value.ParseAsOf(toS, g.Loc); err != nil {
			return from, to, usageErrorf("--to: %v", err)
		}
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return from, to, usageErrorf("--from %s is not before --to %s", fromS, toS)
	}
	return from, to, nil
}
