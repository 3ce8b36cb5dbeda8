package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Version is set at build time by goreleaser (-ldflags "-X …/cli.Version=v1.2.3").
var Version = ""

// VersionString is the version pkgctl reports: Version, else the module's, else dev.
func VersionString() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func newCmdVersion(g *GlobalOptions) *cobra.Command {
	return &cobra.Command{
		Use:         "version",
		Annotations: globalFlags(),
		Short:       "Print the pkgctl version",
		Args:        cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintf(g.IO.Out, "pkgctl %s\n", VersionString())
			return err
		},
	}
}
