package report

import (
	"os"

	"golang.org/x/sys/unix"
)

// startWriteback asks the kernel to start writing bytes [off, off+n) of f to disk now,
// without waiting: the fsync that ends WriteFile then waits only for what is left.
// Errors are ignored (fsync reports them).
func startWriteback(f *os.File, off, n int64) {
	_ = unix.SyncFileRange(int(f.Fd()), off, n, unix.SYNC_FILE_RANGE_WRITE)
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
