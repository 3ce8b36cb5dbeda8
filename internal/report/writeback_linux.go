package report

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncsAhead says syncData flushes a file's data on its own (writeback).
const syncsAhead = true

// syncData writes f's data to disk and waits for it (tests replace it).
var syncData = fdatasync

// fdatasync is fdatasync(2) of f, holding f open while it runs.
func fdatasync(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := rc.Control(func(fd uintptr) { serr = unix.Fdatasync(int(fd)) }); err != nil {
		return err
	}
	if serr != nil {
		return &os.PathError{Op: "fdatasync", Path: f.Name(), Err: serr}
	}
	return nil
}

// dropCached tells the kernel that the cached pages of the file at path, which is about
// to be replaced, will not be read again: they are freed now, before the new output
// needs as many, rather than at the rename. The file itself is untouched (pages not yet
// on disk are written first); errors (no file there) are ignored.
func dropCached(path string) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	_ = unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED)
	f.Close()
}
