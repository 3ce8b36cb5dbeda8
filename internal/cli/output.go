package cli

import (
	"errors"
	"fmt"
	"slices"

	"github.com/pkgctl/pkgctl/internal/present"
	"github.com/pkgctl/pkgctl/internal/report"
)

// outputFormat is the format to render: --format, else the --out extension, else the
// configured format (PKGCTL_FORMAT or the file's), else table (report.ChooseFormat).
// A format refused that the configuration chose is named by where it came from.
func (g *GlobalOptions) outputFormat(allowFocus bool) (report.Format, error) {
	f, err := report.ChooseFormat(g.Format, g.Out, g.Config.Format, allowFocus)
	if err == nil && g.Out != "" && report.CheckNotInput(g.Out, g.withConfig(nil)) != nil {
		// Before any work; the input files are checked as the output is written.
		return "", &usageError{msg: fmt.Sprintf("refusing to write %s: it is the config file %s", g.Out, g.configUsed),
			hint: "name another file with --out"}
	}
	var u usage
	if err == nil || !errors.As(err, &u) || g.Format != "" || g.Config.Format == "" || g.formatSource == "" {
		return f, err
	}
	if _, ok := report.FormatFromPath(g.Out); ok {
		return f, err // --out's extension chose it
	}
	hint := u.UsageHint()
	if hint == "" {
		hint = "pass --format to write another format than the configured " + g.Config.Format
	}
	return f, &usageError{msg: fmt.Sprintf("%s: %v", g.formatSource, err), hint: hint}
}

// emit renders doc in the chosen format to --out (atomically) or to stdout, as it is
// rendered (report.Output.Write).
func (g *GlobalOptions) emit(doc *report.Document, f report.Format, inputs []string) error {
	p, err := g.prepare(doc, f, inputs)
	if err != nil {
		return err
	}
	return p.Commit()
}

// prepare is emit with the --out file left to commit (report.Output.Prepare), so that
// it is put in place with the rejected rows' files, or not at all (present.Rejected).
func (g *GlobalOptions) prepare(doc *report.Document, f report.Format, inputs []string) (*report.Pending, error) {
	if err := g.rejected(inputs).Check(g.reports); err != nil {
		return nil, err
	}
	out := report.Output{Path: g.Out, Inputs: g.withConfig(inputs), BOM: g.csvBOM(), Stdout: g.IO.Out}
	p, err := out.Prepare(doc, f)
	if err != nil {
		return nil, err
	}
	if g.Out == "" && f == report.FormatTable && g.cutToTerminal() && !g.Quiet {
		fmt.Fprintf(g.IO.ErrOut, "pkgctl: note: long texts were cut to fit the terminal's %d columns; "+
			"for the whole text pipe the output (| less -S) or write it with -o\n", doc.Width)
	}
	return p, nil
}

// termWidth is the width of the terminal the output goes to (stdout, no --out); 0 when
// it goes to a file or a pipe.
func (g *GlobalOptions) termWidth() int {
	if g.Out != "" || g.IO == nil { // a document built outside a command (tests, benchmarks)
		return 0
	}
	return report.TerminalWidth(g.IO.Out)
}

// present is the settings of the documents the command renders: the configured zone and
// precision, the terminal's width, and the documents printed on it remembered.
func (g *GlobalOptions) present() *present.Settings {
	return &present.Settings{Location: g.Loc, Precision: g.Config.Precision, AsOf: g.AsOfTime, Width: g.termWidth(),
		OnTerminal: func(d *report.Document) { g.termDocs = append(g.termDocs, d) }}
}

// cutToTerminal reports whether a table printed on the terminal had text cut to fit
// (a command's text output may render several documents).
func (g *GlobalOptions) cutToTerminal() bool {
	for _, d := range g.termDocs {
		if d.Cut {
			return true
		}
	}
	return false
}

// csvBOM reports whether a CSV written to --out starts with a BOM: csv_bom (default
// true, --csv-bom=false), and only for a regular file (not stdout, a pipe or a device).
func (g *GlobalOptions) csvBOM() bool {
	return g.Config.CSVBOM && g.Out != "" && !report.IsStream(g.Out)
}

// withConfig is the input files with the config file read, which no output may
// replace either (`-o pkgctl.yaml`).
func (g *GlobalOptions) withConfig(inputs []string) []string {
	if g.configUsed == "" {
		return inputs
	}
	return append(slices.Clip(inputs), g.configUsed)
}
