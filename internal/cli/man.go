package cli

import (
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// newCmdMan is the hidden generator of man pages, called by .ci/gen-docs.sh.
func newCmdMan(g *GlobalOptions) *cobra.Command {
	return &cobra.Command{
		Use:    "man DIR",
		Short:  "Write man pages to DIR",
		Hidden: true,
		Args:   cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return run(func() error {
				if err := os.MkdirAll(args[0], 0o755); err != nil {
					return err
				}
				root := cmd.Root()
				root.DisableAutoGenTag = true
				header := &doc.GenManHeader{Title: "PKGCTL", Section: "1", Source: "pkgctl " + versionString()}
				return doc.GenManTree(root, header, args[0])
			})
		},
	}
}
