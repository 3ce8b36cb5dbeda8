//go:build unix

package report

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteFileStreamsToNonRegular: a named pipe (like /dev/null, not a regular file) is
// written to, not replaced by a regular file renamed over it.
func TestWriteFileStreamsToNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "out.pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- "open: " + err.Error()
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	if err := WriteFile(fifo, nil, writeString("a,b\n1,2\n")); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "a,b\n1,2\n" {
		t.Errorf("the reader got %q", s)
	}
	info, err := os.Lstat(fifo)
	if err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("out.pipe is now %v (%v), want the named pipe still", info.Mode(), err)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("dir holds %v, want only out.pipe", names)
	}
}

// TestWriteFileFollowsSymlink: writing to a symbolic link replaces the file it names,
// atomically as ever, and the link stays a link.
func TestWriteFileFollowsSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "month.csv")
	link := filepath.Join(dir, "latest.csv")
	if err := os.WriteFile(real, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("month.csv", link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := WriteFile(link, nil, writeString("new\n")); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("latest.csv is no longer a link: %v %v", info.Mode(), err)
	}
	b, _ := os.ReadFile(real)
	info, _ := os.Stat(real)
	if string(b) != "new\n" || info.Mode().Perm() != 0o640 {
		t.Errorf("month.csv = %q mode %v, want the new content with its mode", b, info.Mode().Perm())
	}
	if names := dirNames(t, dir); len(names) != 2 {
		t.Errorf("dir holds %v, want month.csv and latest.csv", names)
	}
}
