// Command man writes pkgctl's man pages, one per command, to DIR: the release archives'
// pages (.ci/gen-docs.sh). go run ./internal/tools/man DIR
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra/doc"

	"github.com/pkgctl/pkgctl/internal/cli"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./internal/tools/man DIR")
		os.Exit(2)
	}
	if err := write(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "man:", err)
		os.Exit(1)
	}
}

func write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	root := cli.NewRootCmd(&cli.IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard}, time.Now)
	root.InitDefaultCompletionCmd() // as Execute adds it
	root.DisableAutoGenTag = true
	return doc.GenManTree(root, &doc.GenManHeader{Title: "PKGCTL", Section: "1", Source: "pkgctl " + cli.VersionString()}, dir)
}
