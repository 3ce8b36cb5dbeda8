package sample

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// setWriter is a WriteFunc that renders the set into memory, counting its calls.
type setWriter struct {
	calls int
	paths []string
	data  [][]byte
}

func (s *setWriter) write(paths []string, renders []func(io.Writer) error) error {
	s.calls++
	s.paths = paths
	for _, r := range renders {
		var b bytes.Buffer
		if err := r(&b); err != nil {
			return err
		}
		s.data = append(s.data, b.Bytes())
	}
	return nil
}

// The sample's files are handed over as one set, so that they are written all or none;
// a folder where one of them goes is refused before the set is written.
func TestFilesAreOneSet(t *testing.T) {
	dir := t.TempDir()
	var s setWriter
	pairs, err := WriteFiles(dir, false, s.write)
	if err != nil {
		t.Fatal(err)
	}
	at := func(name string) string { return filepath.Join(dir, name) }
	want := []string{at("packages.csv"), at("packages.xlsx"), at("usage.csv"), at("usage.xlsx")}
	if s.calls != 1 || !slices.Equal(s.paths, want) || !bytes.Equal(s.data[2], Usage().Data) ||
		!slices.Equal(pairs, [][2]string{{want[0], want[1]}, {want[2], want[3]}}) {
		t.Errorf("%d calls of %v, pairs %v", s.calls, s.paths, pairs)
	}

	s = setWriter{}
	opt := GenOptions{Packages: 30, Records: 300, Seed: 2}
	if _, _, err := GenerateFiles(dir, opt, false, s.write); err != nil {
		t.Fatal(err)
	}
	p, u := generate(t, opt)
	if s.calls != 1 || !slices.Equal(s.paths, []string{at("usage.csv"), at("packages.csv")}) ||
		!bytes.Equal(s.data[0], u) || !bytes.Equal(s.data[1], p) {
		t.Errorf("%d calls of %v", s.calls, s.paths)
	}

	if err := os.Mkdir(at("folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(at("folder"), "usage.csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	s = setWriter{}
	_, _, err = GenerateFiles(at("folder"), opt, true, s.write)
	var ue *UsageError
	if !errors.As(err, &ue) || s.calls != 0 {
		t.Errorf("a folder at usage.csv: %v after %d calls", err, s.calls)
	}
}
