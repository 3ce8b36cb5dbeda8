package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/present"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
	"github.com/pkgctl/pkgctl/internal/stream"
	"github.com/spf13/cobra"
)

// amortize amortizes a replayed ledger with the configured method rules: the one call
// of the amortization of every command, which prints its warnings (a package without a
// fee has no money). Its bills are made as they are walked, never held
// (amortize.RunLazy): every reader walks them in order.
func (g *GlobalOptions) amortize(l *replay.Ledger) (*amortize.Result, error) {
	mem.CollectFromNow() // the replay's scratch, for the amortization to reuse; its garbage as it goes
	var res *amortize.Result
	var err error
	if g.used != nil { // a replay in parts: the deductions were gathered on the way
		res, err = amortize.RunUsed(l, g.amortizeConfig(), g.used)
	} else {
		res, err = amortize.RunLazy(l, g.amortizeConfig())
	}
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

// warnings prints warnings on stderr, with or without --quiet (which hides notes only):
// the first shownWarnings, then how many more there are.
func (g *GlobalOptions) warnings(ws []string) {
	g.printWarnings(len(ws), func(i int) string { return ws[i] }, "")
}

// printWarnings prints n warnings, the i-th being line(i): the first shownWarnings
// (every one with allWarnings), then how many more; those of an input file (file) are
// all printed by validate, which the count says.
func (g *GlobalOptions) printWarnings(n int, line func(i int) string, file string) {
	for i := range n {
		if i == shownWarnings && !g.allWarnings {
			more := present.Count(n-i, "more warning")
			if file != "" {
				more = file + ": " + more + " (pkgctl validate prints them all)"
			}
			fmt.Fprintf(g.IO.ErrOut, "pkgctl: warning: %s\n", more)
			return
		}
		fmt.Fprintf(g.IO.ErrOut, "pkgctl: warning: %s\n", line(i))
	}
}

// keptWarnings is how many warnings of one kind a computation need hold for
// printWarnings: shownWarnings, or all (0) when every one is printed.
func (g *GlobalOptions) keptWarnings() int {
	if g.allWarnings {
		return 0
	}
	return shownWarnings
}

// shownWarnings is how many warnings of one kind (one input file's, the amortization's,
// check's) a command prints on stderr; validate prints every warning of its inputs.
const shownWarnings = 20

// job is a command's run on the replayed packages and usage: check reads its flags
// before anything is read (a usage error writes nothing and costs nothing), the inputs
// are read and replayed, doc makes the document, which is written, then the rows
// --skip-invalid set aside, then after runs (a verdict, a JUnit report).
type job struct {
	in            *inputFlags
	usageOptional bool // the usage may be left out (nothing is deducted then)
	// billSink, when set, has the exported bills read and takes their rows as they are (load.Inputs)
	billSink func(pkgs []model.Package, hint int) func(*model.BillRow)
	focus    bool // the focus format is allowed
	check    func(format report.Format) error
	doc      func(l *replay.Ledger, in *load.Loaded) (*report.Document, error)
	parts    func(run present.Parts) *report.Document // the document of a replay in parts, written as it goes (a CSV file)
	used     bool                                     // the document needs of the usage only what amortization gathers (and records takes)
	overview bool                                     // with used or states: and the packages' overview (their level windows kept)
	states   bool                                     // the document needs of the replay only the packages' states (the ledger's packages, periods and windows)
	// lean: once replayed, the command makes little besides its output (deduct, overview),
	// so the replay gives its dead arrays back to the system as it goes (replay.Options.Release)
	lean bool
	// amortized: the command reads the entries and the records only through the
	// amortization (amortize, check), which reads those of the packages amortized by
	// usage, period by period: the replay writes no others and merges nothing
	// (replay.Options.EntriesOf)
	amortized bool
	// records, when set, starts taking the replayed records (a replay in parts found out
	// of deduct order starts again in memory): the function it returns is handed, before
	// doc runs, the ledger of the replay in memory, or each part's of a replay in parts
	// (with used), in order.
	records func() func(*replay.Ledger)
	// beside, when set, writes the file put in place with the output, or not at all
	// (check's and forecast's --junit), once doc has run.
	beside func() (*report.Pending, error)
	after  func() error
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
	toFile := g.Out != "" && !report.IsStream(g.Out)
	// In parts only when every input can be read again: a usage out of deduct order is
	// replayed in memory after all.
	if (j.used || j.states || j.parts != nil && format == report.FormatCSV && toFile) && !g.SkipInvalid && !j.in.Sample &&
		j.in.rereadable() && stream.Large(j.in.Usage, g.streamFrom) {
		if done, err := g.runInParts(j, format); done || err != nil {
			return err
		}
	} else if !j.in.Sample {
		if err := g.fitsInMemory(j.in.Usage, nil); err != nil {
			return err
		}
	}
	in, err := g.readInputs(j.in, true, !j.usageOptional || j.in.Sample || j.in.Usage != "", j.billSink)
	if err != nil {
		return err
	}
	l, err := g.run(in, j)
	if err != nil {
		return err
	}
	if j.records != nil {
		j.records()(l)
	}
	doc, err := j.doc(l, in)
	if err != nil {
		return err
	}
	mem.LimitGarbage() // what is written is formatted and dropped: the heap stays what the document holds
	if err := g.commit(j, doc, format, in.Reports); err != nil {
		return err
	}
	if j.after != nil {
		return j.after()
	}
	return nil
}

// commit writes doc, the file beside it (j.beside) and the rejected rows of reps, and
// puts them in place together, or none of them.
func (g *GlobalOptions) commit(j job, doc *report.Document, format report.Format, reps []*load.Report) error {
	out, err := g.prepare(doc, format, j.in.paths())
	if err != nil {
		return err
	}
	var beside *report.Pending
	if j.beside != nil {
		if beside, err = j.beside(); err != nil {
			out.Discard()
			return err
		}
	}
	return g.rejected(j.in.paths()).Write(reps, out, beside)
}

// runInParts runs j on the usage replayed as it is read, part after part (package
// stream): deduct's ledger written as it is replayed (j.parts), amortize's bills from the
// deductions gathered on the way (j.used), kpi's coverage from each part's records
// (j.records), the overview from the packages' states the replay ends with (j.states).
// done is false when the usage must be replayed in memory instead (nothing was written).
func (g *GlobalOptions) runInParts(j job, format report.Format) (done bool, err error) {
	in, err := g.readInputs(j.in, true, false, j.billSink)
	if err != nil {
		return true, err
	}
	g.note("%s is replayed as it is read, part by part", j.in.Usage)
	mem.CollectAsGoes()
	src := &stream.Source{Packages: in.Packages, Usage: func() (load.File, error) { return g.open(j.in.Usage) },
		Load: g.loadOptions(), Options: g.replayOptions(), Windows: j.overview}
	if j.parts != nil {
		err = g.emit(j.parts(func(part func(*replay.Ledger) error) error {
			_, err := src.Replay(part)
			return err
		}), format, j.in.paths())
	} else {
		err = g.gathered(j, format, in, src)
	}
	if stream.InMemory(err) {
		if tooLarge := g.fitsInMemory(j.in.Usage, err); tooLarge != nil {
			var rows load.Errors
			if errors.As(err, &rows) { // a record_id that may repeat, and bad rows: those, as found
				return true, rows
			}
			return true, tooLarge
		}
		g.note("%s; replaying it in memory", locatedIn(j.in.Usage, err))
		mem.ConfigureRuntime() // back to the in-memory run's collector settings
		g.used = nil
		return false, nil
	}
	if src.Report != nil {
		g.warn([]*load.Report{src.Report})
	}
	if err == nil && j.after != nil {
		err = j.after()
	}
	return true, err
}

// gathered runs j on the usage replayed in parts: on the ledger of the packages' states
// it ends with, and the deductions gathered on the way when j uses them.
func (g *GlobalOptions) gathered(j job, format report.Format, in *load.Loaded, src *stream.Source) error {
	var l *replay.Ledger
	var err error
	if j.used {
		var records func(*replay.Ledger)
		if j.records != nil {
			records = j.records()
		}
		l, g.used, err = src.Gather(g.amortizeConfig(), records)
	} else {
		l, err = src.Replay(func(*replay.Ledger) error { return nil })
	}
	if err != nil {
		return err
	}
	doc, err := j.doc(l, in)
	if err != nil {
		return err
	}
	return g.commit(j, doc, format, nil)
}

// runE is a command's RunE: fn's errors are the run's, not cobra's (see run).
func runE(fn func() error) func(*cobra.Command, []string) error {
	return func(*cobra.Command, []string) error { return run(fn) }
}

// run replays loaded inputs as of --as-of, in the configured zone and precision: the one
// call of the replay of every command (j.lean: replay.Options.Release; j.states:
// States; j.amortized: EntriesOf).
func (g *GlobalOptions) run(in *load.Loaded, j job) (*replay.Ledger, error) {
	mem.Collect() // the loader's scratch, for the replay to reuse
	opt := g.replayOptions()
	opt.Release, opt.States = j.lean, j.states
	if j.amortized {
		opt.EntriesOf = amortize.ByUsage(g.amortizeConfig())
	}
	return replay.Run(in.Packages, in.Records, opt)
}

func (g *GlobalOptions) replayOptions() replay.Options {
	return replay.Options{Location: g.Loc, AsOf: g.AsOfTime, Precision: g.Config.Precision}
}

// fitsInMemory refuses a usage CSV larger than in_memory_usage_to about to be replayed
// in memory (rules.md §2.9): why is what kept it from being replayed as it is read, nil
// when the command or its options replay in memory.
func (g *GlobalOptions) fitsInMemory(path string, why error) error {
	size, ok := stream.CSVSize(path)
	if !ok || size <= g.inMemoryTo {
		return nil // a file that cannot be read is the loader's to report
	}
	tooLarge := fmt.Sprintf("at %s it is too large to replay in memory on this machine (in_memory_usage_to: %s)",
		aboutSize(size), aboutSize(g.inMemoryTo))
	raise := "raise in_memory_usage_to (config) on a machine with about twice the file's size in memory"
	if why != nil {
		hint := "sort the usage by deduct_time, the order consoles export it in, or " + raise
		if load.RepeatedID(why) {
			hint = "find the repeated record_id near that line, or " + raise
		}
		return &usageError{msg: fmt.Sprintf("%s; %s", locatedIn(path, why), tooLarge), hint: hint}
	}
	return &usageError{msg: fmt.Sprintf("%s: %s, and this command, with these options, replays it in memory", path, tooLarge),
		hint: "deduct -o FILE.csv without filters, amortize, overview, kpi and check replay a usage CSV in deduct order as it is read (docs/rules.md §2.9); or " + raise}
}

// locatedIn is err's text, led by path unless it already starts with it ("usage.csv:42:
// a record_id seen before…" is not "usage.csv: usage.csv:42: …").
func locatedIn(path string, err error) string {
	if msg := err.Error(); strings.HasPrefix(msg, path+":") {
		return msg
	}
	return path + ": " + err.Error()
}

// aboutSize renders a byte count to a tenth of its unit, for a message: "15.6 GiB",
// "512.0 MiB", "900 bytes".
func aboutSize(n int64) string {
	for _, u := range []struct {
		shift uint
		name  string
	}{{40, "TiB"}, {30, "GiB"}, {20, "MiB"}, {10, "KiB"}} {
		if n >= 1<<u.shift {
			tenths := n>>u.shift*10 + (n&(1<<u.shift-1))*10>>u.shift
			return fmt.Sprintf("%d.%d %s", tenths/10, tenths%10, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}
