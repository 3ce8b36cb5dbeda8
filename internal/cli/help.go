package cli

import (
	"embed"
	"strings"

	"github.com/spf13/cobra"
)

// helpTexts are the commands' long help texts, help/NAME.txt for the command NAME: the
// text, then, after a line "Examples:", the example command lines. Prose kept as prose.
//
//go:embed help/*.txt
var helpTexts embed.FS

// addHelp gives cmd and every command under it its long help and examples.
func addHelp(cmd *cobra.Command) {
	if b, err := helpTexts.ReadFile("help/" + cmd.Name() + ".txt"); err == nil {
		cmd.Long, cmd.Example, _ = strings.Cut(strings.TrimSuffix(string(b), "\n"), "\n\nExamples:\n")
	}
	for _, c := range cmd.Commands() {
		addHelp(c)
	}
}
