package report

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// dirNames lists the entries of dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFileWritesAndReplaces(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "bills.csv")
	if err := os.WriteFile(out, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(out, nil, writeString("new\n")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(out)
	info, _ := os.Stat(out)
	if string(got) != "new\n" || info.Mode().Perm() != 0o600 {
		t.Errorf("file = %q mode %v, want the new content with the old mode", got, info.Mode().Perm())
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("dir holds %v, want only bills.csv", names)
	}
}

func TestWriteFileRenderErrorLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	boom := errors.New("boom")
	fail := func(w io.Writer) error {
		io.WriteString(w, strings.Repeat("partial ", 10000))
		return boom
	}
	out := filepath.Join(dir, "new.csv")
	if err := WriteFile(out, nil, fail); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the render error", err)
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("failed write left %v", names)
	}
	// An existing output stays untouched.
	old := filepath.Join(dir, "old.csv")
	os.WriteFile(old, []byte("keep"), 0o644)
	if err := WriteFile(old, nil, fail); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if got, _ := os.ReadFile(old); string(got) != "keep" {
		t.Errorf("original became %q", got)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("failed write left %v", names)
	}
}

// A render that panics (a bug, on its way to Main's recover) leaves no temporary file
// and an existing output untouched, as an error does.
func TestWriteFileRenderPanicLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.csv")
	os.WriteFile(old, []byte("keep"), 0o644)
	r := func() (r any) {
		defer func() { r = recover() }()
		WriteFile(old, nil, func(w io.Writer) error {
			io.WriteString(w, strings.Repeat("partial ", 100000))
			panic("formatter broke")
		})
		return nil
	}()
	if r != "formatter broke" {
		t.Fatalf("WriteFile panicked with %v, want the render's panic", r)
	}
	if got, _ := os.ReadFile(old); string(got) != "keep" {
		t.Errorf("original became %q", got)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("a panicking write left %v", names)
	}
}

func TestWriteFileRefusesInputs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "usage.csv")
	if err := os.WriteFile(in, []byte("input"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	link := filepath.Join(dir, "link.csv")
	hard := filepath.Join(dir, "hard.csv")
	if err := os.Symlink(in, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(in, hard); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	tests := []struct{ name, out, input string }{
		{"same path", in, in},
		{"relative spelling", "sub/../usage.csv", in},
		{"relative input", in, "./usage.csv"},
		{"symlink to input", link, in},
		{"hard link", hard, "usage.csv"},
		{"input is a symlink", in, link},
	}
	for _, tt := range tests {
		err := WriteFile(tt.out, []string{"-", "", tt.input}, writeString("x"))
		var oe *OverwriteInputError
		if !errors.As(err, &oe) || oe.Input != tt.input {
			t.Errorf("%s: err = %v, want *OverwriteInputError", tt.name, err)
		}
	}
	if got, _ := os.ReadFile(in); string(got) != "input" {
		t.Errorf("input became %q", got)
	}
	if names := dirNames(t, dir); len(names) != 4 {
		t.Errorf("dir holds %v, want the input, its two links and sub", names)
	}
	if err := WriteFile(filepath.Join(dir, "out.csv"), []string{in}, writeString("x")); err != nil {
		t.Errorf("a different output is refused: %v", err)
	}
}

func TestWriteFileMissingFolder(t *testing.T) {
	err := WriteFile(filepath.Join(t.TempDir(), "no", "out.csv"), nil, writeString("x"))
	if err == nil {
		t.Fatal("writing into a missing folder must fail")
	}
}

// An output of several flushes (its data made durable as it is written) is written
// whole, byte for byte, and the flushes did run.
func TestWriteFileLargeOutput(t *testing.T) {
	defer func(n int64, f func(*os.File) error) { syncEvery, syncData = n, f }(syncEvery, syncData)
	var flushes atomic.Int64
	syncEvery, syncData = 1<<16, func(f *os.File) error { flushes.Add(1); return f.Sync() }
	path := filepath.Join(t.TempDir(), "big.csv")
	want := []byte(strings.Repeat("0123456789abcdef,", (8*int(syncEvery)+12345)/17))
	if err := WriteFile(path, nil, writeInPieces(want)); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != string(want) {
		t.Fatalf("read back %d bytes (err %v), want %d", len(got), err, len(want))
	}
	if syncsAhead && flushes.Load() == 0 {
		t.Error("no flush ran while the output was written")
	}
}

// writeInPieces writes b in uneven pieces.
func writeInPieces(b []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		for rest := b; len(rest) > 0; {
			n := min(len(rest), 77_777)
			if _, err := w.Write(rest[:n]); err != nil {
				return err
			}
			rest = rest[n:]
		}
		return nil
	}
}

// A flush that fails while the output is written fails the write, even when the final
// fsync succeeds: the file it replaces is untouched and nothing is left behind.
func TestWriteFileFailedFlush(t *testing.T) {
	if !syncsAhead {
		t.Skip("no flushes while writing on this platform")
	}
	defer func(n int64, f func(*os.File) error) { syncEvery, syncData = n, f }(syncEvery, syncData)
	broken := errors.New("fdatasync: input/output error")
	var calls atomic.Int64
	syncEvery, syncData = 1<<16, func(*os.File) error {
		if calls.Add(1) == 1 {
			return broken
		}
		return nil
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "bills.csv")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(path, nil, writeInPieces(make([]byte, 8*syncEvery)))
	if !errors.Is(err, broken) {
		t.Fatalf("err = %v, want the flush's error", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("the replaced file holds %q, want it untouched", got)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("left in the folder: %v", names)
	}
}

// A set of files is written whole or not at all: a render that fails, or a folder
// where one file goes, leaves every file as it was and no temporary file.
func TestWriteFilesAllOrNone(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	os.WriteFile(a, []byte("old a"), 0o644)
	os.WriteFile(b, []byte("old b"), 0o644)
	unchanged := func(what string) {
		t.Helper()
		ga, _ := os.ReadFile(a)
		gb, _ := os.ReadFile(b)
		if string(ga) != "old a" || string(gb) != "old b" {
			t.Errorf("%s: files became %q and %q", what, ga, gb)
		}
	}
	boom := errors.New("boom")
	staged := 0 // files being written while the second renders: an interrupt removes both
	fail := func(w io.Writer) error {
		temps.Lock()
		staged = len(temps.names)
		temps.Unlock()
		io.WriteString(w, "partial")
		return boom
	}
	if err := WriteFiles([]string{a, b}, []func(io.Writer) error{writeString("new a"), fail}); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the render error", err)
	}
	unchanged("second render failed")
	if staged != 2 {
		t.Errorf("%d temporary files registered while the second rendered, want 2", staged)
	}
	if names := dirNames(t, dir); len(names) != 2 {
		t.Errorf("failed write left %v", names)
	}

	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	rendered := 0
	count := func(w io.Writer) error { rendered++; return nil }
	err := WriteFiles([]string{a, b, sub}, []func(io.Writer) error{count, count, count})
	if err == nil || err.Error() != "cannot write "+sub+": it is a folder" || rendered != 0 {
		t.Fatalf("err = %v after %d renders, want the folder refused before any", err, rendered)
	}
	unchanged("a folder among the paths")

	if err := WriteFiles([]string{a, b}, []func(io.Writer) error{writeString("new a"), writeString("new b")}); err != nil {
		t.Fatal(err)
	}
	ga, _ := os.ReadFile(a)
	gb, _ := os.ReadFile(b)
	if string(ga) != "new a" || string(gb) != "new b" || len(dirNames(t, dir)) != 3 {
		t.Errorf("files %q and %q, dir %v", ga, gb, dirNames(t, dir))
	}
}

// Outputs prepared together are put in place together, or none: a discarded one leaves
// its path as it was and no temporary file.
func TestPrepareCommitAll(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	if err := os.WriteFile(a, []byte("old a"), 0o644); err != nil {
		t.Fatal(err)
	}
	pa, err := Prepare(a, nil, writeString("new a"))
	if err != nil {
		t.Fatal(err)
	}
	pb, err := Prepare(b, nil, writeString("new b"))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(a); string(got) != "old a" {
		t.Errorf("a.csv before the commit: %q", got)
	}
	DiscardAll(pa, pb)
	if names := dirNames(t, dir); len(names) != 1 || names[0] != "a.csv" {
		t.Errorf("after Discard the folder holds %v, want a.csv only", names)
	}
	if got, _ := os.ReadFile(a); string(got) != "old a" {
		t.Errorf("a.csv after Discard: %q", got)
	}
	pa, _ = Prepare(a, nil, writeString("new a"))
	pb, _ = Prepare(b, nil, writeString("new b"))
	if err := CommitAll(pa, nil, pb); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{a: "new a", b: "new b"} {
		if got, _ := os.ReadFile(path); string(got) != want {
			t.Errorf("%s holds %q, want %q", path, got, want)
		}
	}
	if names := dirNames(t, dir); len(names) != 2 {
		t.Errorf("the folder holds %v, want a.csv and b.csv", names)
	}
}
