package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/sample"
)

// TestHostileCorpusCLI runs deduct on every file of testdata/hostile as the usage export
// (limits.row_size 4KiB, as the corpus expects): bad input, exit 2, the located problem
// and a hint on stderr, nothing written and no temporary file left; --skip-invalid is
// suggested only for problems it can set aside.
func TestHostileCorpusCLI(t *testing.T) {
	corpus := filepath.Join("..", "..", "testdata", "hostile")
	files, err := os.ReadDir(corpus)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("PKGCTL_LIMITS_ROW_SIZE", "4KiB")
	for _, f := range files {
		name := f.Name()
		if name == "expect.txt" || name == "README.md" || name == "xlsx_valid.xlsx" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			data, err := os.ReadFile(filepath.Join(corpus, name))
			if err != nil {
				t.Fatal(err)
			}
			must(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
			must(t, os.WriteFile(filepath.Join(dir, "p.csv"), sample.Packages().Data, 0o644))
			code, stdout, stderr := runMain(t, dir, "deduct", "--packages", "p.csv", "--usage", name, "-o", "out.csv")
			if code != ExitBadInput || stdout != "" || !strings.Contains(stderr, name) ||
				!strings.Contains(stderr, "pkgctl: error: ") || !strings.Contains(stderr, "pkgctl: hint: ") {
				t.Fatalf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
			}
			rowProblem := strings.HasPrefix(name, "csv_") && name != "csv_empty.csv" && name != "csv_long_row.csv" ||
				name == "xlsx_control_character.xlsx"
			if got := strings.Contains(stderr, "--skip-invalid"); got != rowProblem {
				t.Errorf("--skip-invalid suggested: %v, want %v:\n%s", got, rowProblem, stderr)
			}
			left, _ := os.ReadDir(dir)
			if len(left) != 2 {
				t.Errorf("files left: %v", left)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
