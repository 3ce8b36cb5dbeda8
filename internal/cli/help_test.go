package cli

import (
	"io"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/explain"
)

// Every help text belongs to a command, and every command that computes something has
// one; why's names every reason code.
func TestHelpTexts(t *testing.T) {
	root := NewRootCmd(&IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard}, time.Now)
	cmds := map[string]*cobra.Command{}
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		cmds[c.Name()] = c
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
	files, err := fs.Glob(helpTexts, "help/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "help/"), ".txt")
		if cmds[name] == nil {
			t.Errorf("%s: no command %q", f, name)
		}
	}
	for _, name := range []string{"pkgctl", "validate", "sample", "generate", "deduct", "overview", "why", "amortize", "check", "kpi", "forecast"} {
		c := cmds[name]
		if c == nil || c.Long == "" || strings.Contains(c.Long, "Examples:") {
			t.Errorf("%s: long help missing or not cut at its examples", name)
		}
	}
	for _, code := range explain.Codes {
		if !strings.Contains(cmds["why"].Long, code) {
			t.Errorf("why's help does not name %s", code)
		}
	}
	if !strings.HasPrefix(cmds["amortize"].Example, "  pkgctl amortize --sample") {
		t.Errorf("amortize examples: %q", cmds["amortize"].Example)
	}
}

// Every command names the global flags it uses (an annotation, read by
// unusedGlobalFlags), and only flags that exist.
func TestGlobalFlagsNamed(t *testing.T) {
	root := NewRootCmd(&IOStreams{}, nil)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if list, ok := sub.Annotations[globalFlagsKey]; ok && list != "" {
				for _, name := range strings.Split(list, ",") {
					if f := root.PersistentFlags().Lookup(name); f == nil {
						t.Errorf("%s: --%s is no global flag", sub.CommandPath(), name)
					}
				}
			} else if !ok && c == root && sub.Name() != "help" && sub.Name() != "completion" {
				t.Errorf("%s names no global flags", sub.CommandPath())
			}
			walk(sub)
		}
	}
	walk(root)
}

// A command's help offers, under "Global Flags", exactly the global flags it takes: the
// ones the others refuse (unusedGlobalFlags) are not offered.
func TestHelpListsUsedGlobalFlags(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"version"}, []string{"--quiet"}},
		{[]string{"sample"}, []string{"--quiet"}},
		{[]string{"sample", "generate"}, []string{"--config", "--quiet"}},
		{[]string{"completion", "bash"}, []string{"--quiet"}},
		{[]string{"validate"}, []string{"--config", "--csv-bom", "--format", "--out", "--quiet", "--skip-invalid", "--timezone"}},
		{[]string{"amortize"}, []string{"--as-of", "--config", "--csv-bom", "--format", "--out", "--quiet", "--skip-invalid", "--timezone"}},
	} {
		code, out, _ := runMain(t, dir, append(c.args, "--help")...)
		_, globals, ok := strings.Cut(out, "\nGlobal Flags:\n")
		if code != 0 || !ok {
			t.Fatalf("%v --help: exit %d, no Global Flags section:\n%s", c.args, code, out)
		}
		globals, _, _ = strings.Cut(globals, "\n\n")
		var got []string
		for _, line := range strings.Split(globals, "\n") {
			for _, w := range strings.Fields(line) {
				if strings.HasPrefix(w, "--") {
					got = append(got, w)
					break
				}
			}
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%v --help lists %v, want %v", c.args, got, c.want)
		}
	}
}
