package report

import (
	"io"
	"os"
	"path/filepath"
)

// CheckJUnit refuses, before any work, a --junit file that is one of inputs or the --out
// file out, or that cannot be written (CheckPath: a folder, or a file on its way).
func CheckJUnit(junit, out string, inputs []string) error {
	if junit == "" {
		return nil
	}
	if err := CheckPath("--junit", junit, true); err != nil {
		return err
	}
	if out != "" && CheckNotInput(junit, []string{out}) != nil {
		return &UsageError{Msg: "--junit and --out name the same file " + junit}
	}
	return CheckNotInput(junit, inputs)
}

// PrepareJUnit writes the --junit report into its temporary file, creating its folder
// (CI jobs name e.g. reports/check.xml before the folder exists), to be put in place
// with the command's output (CommitAll); nil without --junit.
func PrepareJUnit(junit string, inputs []string, write func(io.Writer) error) (*Pending, error) {
	if junit == "" {
		return nil, nil
	}
	target, err := linkTarget(junit) // a link's folder is where it points
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return nil, err
	}
	return Prepare(junit, inputs, write)
}
