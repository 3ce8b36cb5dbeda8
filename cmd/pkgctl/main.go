// Command pkgctl reconciles cloud resource packages against pay-per-use usage.
package main

import (
	"os"

	"github.com/pkgctl/pkgctl/internal/cli"
	"github.com/pkgctl/pkgctl/internal/mem"
)

func main() {
	mem.ConfigureRuntime()
	handleSignals()
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
