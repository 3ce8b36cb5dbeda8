package load

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/testkit"
)

var updateDocs = flag.Bool("update-docs", false, "rewrite the column tables of docs/formats.md")

const docsPath = "../../docs/formats.md"

// columnTables renders the column tables that docs/formats.md holds between markers.
func columnTables() string {
	var b strings.Builder
	for _, kind := range []string{KindPackages, KindUsage, KindBills} {
		b.WriteString("\n### " + kind + "\n\n| column | required | also accepted as |\n|---|---|---|\n")
		for _, c := range Columns(kind) {
			req := ""
			if c.Required {
				req = "yes"
			}
			b.WriteString("| `" + c.Name + "` | " + req + " | " + strings.Join(c.Aliases, ", ") + " |\n")
		}
	}
	return b.String()
}

const beginMark, endMark = "<!-- columns:begin -->", "<!-- columns:end -->"

// TestFormatsDocListsEveryColumn keeps docs/formats.md in step with the schema: every
// canonical column and alias the loader accepts is documented (refresh with
// go test ./internal/load -run TestFormatsDoc -update-docs).
func TestFormatsDocListsEveryColumn(t *testing.T) {
	doc, err := os.ReadFile(docsPath)
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	i, j := strings.Index(text, beginMark), strings.Index(text, endMark)
	if i < 0 || j < i {
		t.Fatalf("%s: markers %s … %s missing", docsPath, beginMark, endMark)
	}
	want := columnTables()
	if *updateDocs {
		text = text[:i+len(beginMark)] + want + text[j:]
		if err := os.WriteFile(docsPath, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got := text[i+len(beginMark) : j]; got != want {
		t.Errorf("%s: column tables are stale; run go test ./internal/load -run TestFormatsDoc -update-docs:\n%s",
			docsPath, testkit.Diff(got, want))
	}
	for _, kind := range []string{KindPackages, KindUsage, KindBills} {
		cols := Columns(kind)
		if len(cols) == 0 {
			t.Fatalf("no columns for %s", kind)
		}
		for _, c := range cols {
			if !strings.Contains(want, "`"+c.Name+"`") {
				t.Errorf("%s.%s not documented", kind, c.Name)
			}
		}
	}
}
