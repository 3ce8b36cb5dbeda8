package cli

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"time"

	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/par"
	"github.com/pkgctl/pkgctl/internal/present"
	"github.com/pkgctl/pkgctl/internal/report"
)

// Exit codes of every pkgctl command.
const (
	ExitOK          = 0
	ExitDifferences = 1
	ExitBadInput    = 2
	ExitFailure     = 3
)

// IOStreams are the standard streams a command reads and writes.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
}

// Main runs pkgctl with args and returns its exit code. It never calls os.Exit. A
// panic (a bug) is exit 3, never 2: exit 2 promises bad input with nothing written; a
// panic on a worker goroutine comes here too (package par).
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			stack := debug.Stack()
			if p, ok := r.(*par.Panic); ok { // a worker's, raised again here: its own stack
				r, stack = p.Value, p.Stack
			}
			fmt.Fprintf(stderr, "pkgctl: error: internal error: %v\n%s", r, stack)
			fmt.Fprintln(stderr, "pkgctl: hint: this is a bug in pkgctl; please report it with the command line")
			code = ExitFailure
		}
	}()
	ios := &IOStreams{In: stdin, Out: stdout, ErrOut: stderr}
	root, g := newRootCmd(ios, time.Now)
	defer g.closeReports()
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	code = exitCode(err)
	if code != ExitDifferences {
		printError(stderr, err)
	}
	return code
}

// usage is an error marked as bad usage where it was made (a flag here, a setting of
// the configuration, an output format): exit 2, and its hint printed when it has one.
type usage interface {
	error
	UsageHint() string
}

// usageError is a problem with the command line itself.
type usageError struct {
	msg  string
	hint string
}

func (e *usageError) Error() string     { return e.msg }
func (e *usageError) UsageHint() string { return e.hint }

func usageErrorf(format string, a ...any) error {
	return &usageError{msg: fmt.Sprintf(format, a...)}
}

// runError marks an error returned by a command's run function, as opposed to one
// cobra returned while parsing the command line (which is always a usage error).
type runError struct{ err error }

func (e *runError) Error() string { return e.err.Error() }
func (e *runError) Unwrap() error { return e.err }

// errDifferences is returned by check when it found differences (exit 1).
var errDifferences = errors.New("differences found")

func exitCode(err error) int {
	var re *runError
	if !errors.As(err, &re) {
		return ExitBadInput // flag parsing, unknown command, argument count
	}
	var u usage
	var le load.Errors
	var oe *report.OverwriteInputError
	var tm *report.TooManyRowsError
	var tl *report.TooLargeError
	switch {
	case errors.Is(err, errDifferences):
		return ExitDifferences
	case errors.As(err, &u), errors.As(err, &le), errors.As(err, &oe), errors.As(err, &tm), errors.As(err, &tl):
		return ExitBadInput
	}
	return ExitFailure
}

func printError(w io.Writer, err error) {
	var le load.Errors
	if errors.As(err, &le) {
		fmt.Fprint(w, le.Error())
		if !strings.HasSuffix(le.Error(), "\n") {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "pkgctl: error: %s in the input; no output was written\n", present.Plural(le.Len(), "problem"))
		for _, h := range le.Hints() {
			fmt.Fprintf(w, "pkgctl: hint: %s\n", h)
		}
		return
	}
	fmt.Fprintf(w, "pkgctl: error: %s\n", err)
	var u usage
	var re *runError
	var tm *report.TooManyRowsError
	var tl *report.TooLargeError
	if errors.As(err, &u) && u.UsageHint() != "" {
		fmt.Fprintf(w, "pkgctl: hint: %s\n", u.UsageHint())
	} else if errors.As(err, &tm) {
		fmt.Fprintln(w, "pkgctl: hint: write it as CSV or JSON (-f csv, -f json), or narrow the listing with the command's filters")
	} else if se := (*load.SpoolError)(nil); errors.As(err, &se) {
		fmt.Fprintln(w, "pkgctl: hint: past 16 MB, the rows --skip-invalid sets aside wait in the temporary folder (TMPDIR) until they are written;"+
			" point TMPDIR at a folder with room for about as many bytes as the rejected rows' file")
	} else if errors.As(err, &tl) {
		why := "it sums or multiplies capacities or quantities of the input: check their size"
		if tl.Decimals {
			why = "a capacity or quantity of the input has that many decimals: check its cell"
		}
		fmt.Fprintf(w, "pkgctl: hint: CSV and JSON print it (-o FILE.csv: row %d is its line %d); %s\n", tl.Row, tl.Row+1, why)
	} else if !errors.As(err, &re) {
		fmt.Fprintln(w, "pkgctl: hint: see 'pkgctl --help'")
	}
}
