package stream

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// Only a regular CSV file of the threshold or more is replayed as it is read.
func TestLarge(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, n int) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, make([]byte, n), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		path string
		want bool
	}{
		{write("u.csv", 100), true},
		{write("small.csv", 99), false},
		{write("u.xlsx", 1000), false},
		{"-", false},
		{"", false},
		{dir, false},
		{filepath.Join(dir, "missing.csv"), false},
	} {
		if got := Large(tc.path, 100); got != tc.want {
			t.Errorf("Large(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
}

// A file out of deduct order or with ids that cannot be told apart is replayed in
// memory; any other error is the run's.
func TestInMemory(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("writing: %w", &replay.UnorderedError{Line: 3}), true},
		{fmt.Errorf("writing: %w", &replay.LateError{Line: 3}), true},
		{fmt.Errorf("u.csv:9: %w", load.ErrNotStreamable), true},
		{load.Errors{Problems: []load.Problem{{Msg: "bad"}}}, false},
		{errors.New("disk full"), false},
		{nil, false},
	} {
		if got := InMemory(tc.err); got != tc.want {
			t.Errorf("InMemory(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
