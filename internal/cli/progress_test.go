package cli

import (
	"bytes"
	"io"
	"os"
	"testing"
	"time"
)

// TestNoProgressOffTerminal: a buffer (not a terminal) never gets a progress bar, even
// for a large input.
func TestNoProgressOffTerminal(t *testing.T) {
	g := &GlobalOptions{IO: &IOStreams{ErrOut: &bytes.Buffer{}}, Now: time.Now}
	f, err := os.CreateTemp(t.TempDir(), "big-*.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(32 << 20); err != nil {
		t.Fatal(err)
	}
	if r := g.withProgress("big.csv", f); r != io.Reader(f) {
		t.Errorf("progress shown on a non-terminal")
	}
}
