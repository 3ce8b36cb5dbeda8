//go:build unix

package report

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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

// TestWriteFileThroughDanglingSymlink: a link to a file not made yet (next month's,
// pointed at ahead) is written through as well: the file it names is made, the link
// stays, through a chain of links and a relative one into another folder.
func TestWriteFileThroughDanglingSymlink(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "months"), 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "latest.csv")
	if err := os.Symlink("current.csv", link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := os.Symlink(filepath.Join("months", "2026-05.csv"), filepath.Join(dir, "current.csv")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, nil, writeString("new\n")); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"latest.csv", "current.csv"} {
		if info, err := os.Lstat(filepath.Join(dir, l)); err != nil || info.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a link: %v", l, err)
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "months", "2026-05.csv")); err != nil || string(b) != "new\n" {
		t.Errorf("months/2026-05.csv = %q, %v; want the new content", b, err)
	}
	if names := dirNames(t, dir); len(names) != 3 {
		t.Errorf("dir holds %v, want latest.csv, current.csv and months", names)
	}
}

// /dev/fd/N naming a descriptor the shell opened (3>> bills.log) is written through it:
// appended to as the redirect says, not replaced. A number that is no open descriptor
// is a path like any other.
func TestWriteFileThroughOpenDescriptor(t *testing.T) {
	log := filepath.Join(t.TempDir(), "bills.log")
	if err := os.WriteFile(log, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(log, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// A descriptor of its own, as a shell's 3>> would be: fdDescriptor's *os.File for it
	// is closed here, not left to a finalizer that would close the number later, when it
	// may be another test's file.
	fd, err := syscall.Dup(int(f.Fd()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		fdDescriptors.Lock()
		if held := fdDescriptors.files[fd]; held != nil {
			held.Close()
			delete(fdDescriptors.files, fd)
		} else {
			syscall.Close(fd)
		}
		fdDescriptors.Unlock()
	})
	for _, name := range []string{"/dev/fd/", "/proc/self/fd/"} {
		path := name + strconv.Itoa(fd)
		if !IsStream(path) {
			t.Errorf("%s: not written as a stream", path)
		}
		if err := WriteFile(path, nil, writeString("a,b\n")); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := os.ReadFile(log); string(got) != "old\na,b\na,b\n" {
		t.Errorf("bills.log holds %q, want the old line and both outputs after it", got)
	}
	if fdDescriptor("/dev/fd/987654") != nil || fdDescriptor("/dev/fd/03") != nil || fdDescriptor("/dev/fd/2") != nil {
		t.Error("a closed descriptor, a padded number or stderr's taken as an open descriptor above stderr")
	}
}

// TestOutputChecksFollowLinks: every check of an output path is made where its links
// point, as the writing is: a dangling link and the --junit file it points at are one
// file; a chain of more links than the system follows to an input is that input; a
// loop of links or a link to a folder is refused; a link into a folder that does not
// exist is refused as that folder, and --junit through a link makes the folder it
// points into.
func TestOutputChecksFollowLinks(t *testing.T) {
	dir := t.TempDir()
	at := func(name string) string { return filepath.Join(dir, name) }
	link := func(dest, name string) {
		t.Helper()
		if err := os.Symlink(dest, at(name)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	link("c.csv", "a.csv") // c.csv not made yet
	if err := CheckJUnit(at("c.csv"), at("a.csv"), nil); err == nil || !strings.Contains(err.Error(), "name the same file") {
		t.Errorf("--out a.csv -> c.csv, --junit c.csv: %v, want the same file refused", err)
	}
	in := at("packages.csv")
	if err := os.WriteFile(in, []byte("input"), 0o644); err != nil {
		t.Fatal(err)
	}
	link("packages.csv", "l0")
	for i := 1; i <= 45; i++ {
		link(fmt.Sprintf("l%d", i-1), fmt.Sprintf("l%d", i))
	}
	var over *OverwriteInputError
	if err := CheckNotInput(at("l45"), []string{in}); !errors.As(err, &over) {
		t.Errorf("45 links to the input: %v, want it refused", err)
	}
	if err := WriteFile(at("l45"), []string{in}, writeString("bills\n")); err == nil {
		t.Error("45 links to the input: written")
	}
	if b, _ := os.ReadFile(in); string(b) != "input" {
		t.Errorf("the input is now %q", b)
	}
	link("y", "x")
	link("x", "y")
	var usage *UsageError
	for _, name := range []string{"x", "y"} {
		if err := WriteFile(at(name), nil, writeString("z\n")); !errors.As(err, &usage) || !strings.Contains(err.Error(), "too many symbolic links") {
			t.Errorf("a loop of links (%s): %v, want a usage error", name, err)
		}
	}
	link("newdir/", "f.csv")
	if err := CheckPath("--out", at("f.csv"), false); !errors.As(err, &usage) || !strings.Contains(err.Error(), "a link to a folder") {
		t.Errorf("a link to newdir/: %v, want a usage error", err)
	}
	link(filepath.Join("nodir", "k.csv"), "k.csv")
	if err := CheckPath("--out", at("k.csv"), false); !errors.As(err, &usage) || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("a link into a folder that does not exist: %v, want a usage error", err)
	}
	link(filepath.Join("reports", "j.xml"), "j.xml")
	p, err := PrepareJUnit(at("j.xml"), nil, writeString("<testsuites/>\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := CommitAll(p); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(at(filepath.Join("reports", "j.xml"))); err != nil || string(b) != "<testsuites/>\n" {
		t.Errorf("--junit j.xml -> reports/j.xml: %q, %v", b, err)
	}
	for _, name := range []string{"x", "y", "f.csv", "k.csv", "j.xml", "a.csv"} {
		if fi, err := os.Lstat(at(name)); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a link", name)
		}
	}
}
