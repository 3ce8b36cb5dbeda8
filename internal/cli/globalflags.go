package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// globalFlagsKey is the annotation of a command that names the global flags it uses
// (globalFlags); its subcommands use the same unless they name theirs. The root names
// none, for the commands that name none (cobra's help and completion).
const globalFlagsKey = "pkgctl/global-flags"

// everywhere are the global flags every command takes: --quiet only ever hides notes.
var everywhere = []string{"quiet"}

// replayFlags are the global flags of the commands that read exports and write a
// report: all of them.
var replayFlags = []string{"config", "format", "out", "as-of", "timezone", "skip-invalid", "csv-bom"}

// readsConfig says whether cmd reads the configuration (config file and PKGCTL_
// variables): the commands that take --config. version, help and completion do not,
// so that a broken config file cannot stop them.
func readsConfig(cmd *cobra.Command) bool { return slices.Contains(globalsUsed(cmd), "config") }

// globalFlags is the annotation naming the global flags a command uses besides
// everywhere's.
func globalFlags(names ...string) map[string]string {
	return map[string]string{globalFlagsKey: strings.Join(names, ",")}
}

// globalsUsed names the global flags cmd uses: its own annotation's, or the nearest
// parent's, with everywhere's.
func globalsUsed(cmd *cobra.Command) []string {
	for c := cmd; c != nil; c = c.Parent() {
		if list, ok := c.Annotations[globalFlagsKey]; ok {
			if list == "" {
				return everywhere
			}
			return append(strings.Split(list, ","), everywhere...)
		}
	}
	return nil
}

// usedGlobalFlags is the set of global flags cmd uses, for its help: a flag the command
// refuses is not offered there.
func usedGlobalFlags(cmd *cobra.Command) *pflag.FlagSet {
	uses := globalsUsed(cmd)
	fs := pflag.NewFlagSet(cmd.Name(), pflag.ContinueOnError)
	cmd.InheritedFlags().VisitAll(func(f *pflag.Flag) {
		if slices.Contains(uses, f.Name) && !f.Hidden {
			fs.AddFlag(f)
		}
	})
	return fs
}

// usageTemplate is cobra's usage template with its "Global Flags" section listing only
// the global flags the command uses (usedGlobalFlags).
func usageTemplate(cobraTemplate string) string {
	cobra.AddTemplateFunc("usedGlobalFlags", usedGlobalFlags)
	t := strings.Replace(cobraTemplate, "{{if .HasAvailableInheritedFlags}}", "{{if (usedGlobalFlags .).HasAvailableFlags}}", 1)
	return strings.Replace(t, "{{.InheritedFlags.FlagUsages", "{{(usedGlobalFlags .).FlagUsages", 1)
}

// unusedGlobalFlags refuses a global flag given to a command that does not use it:
// `pkgctl version -o v.json` wrote nothing, and a flag that does nothing must not
// look as if it had done something.
func unusedGlobalFlags(cmd *cobra.Command) error {
	uses := globalsUsed(cmd)
	if uses == nil {
		return nil
	}
	var unused []string
	cmd.InheritedFlags().VisitAll(func(f *pflag.Flag) {
		if f.Changed && !slices.Contains(uses, f.Name) {
			unused = append(unused, "--"+f.Name)
		}
	})
	switch len(unused) {
	case 0:
		return nil
	case 1:
		return &usageError{msg: fmt.Sprintf("%s does not apply to %s", unused[0], cmd.CommandPath()),
			hint: fmt.Sprintf("leave %s out; see '%s --help'", unused[0], cmd.CommandPath())}
	}
	list := strings.Join(unused[:len(unused)-1], ", ") + " and " + unused[len(unused)-1]
	return &usageError{msg: fmt.Sprintf("%s do not apply to %s", list, cmd.CommandPath()),
		hint: fmt.Sprintf("leave them out; see '%s --help'", cmd.CommandPath())}
}
