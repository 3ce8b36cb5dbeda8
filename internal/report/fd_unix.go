//go:build unix

package report

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// fdDescriptors are the descriptors above stderr named as outputs (/dev/fd/3), one
// *os.File each, held here for the run: never closed, not even by a collection (the
// shell owns the descriptor).
var fdDescriptors struct {
	sync.Mutex
	files map[int]*os.File
}

// fdDescriptor is the open descriptor N that abs names as /dev/fd/N or /proc/self/fd/N
// (N ≥ 3), else nil: `pkgctl amortize -o /dev/fd/3 3>> bills.log` appends to bills.log,
// as the redirect says, instead of replacing the file the descriptor is on.
func fdDescriptor(abs string) *os.File {
	n, ok := strings.CutPrefix(abs, "/dev/fd/")
	if !ok {
		if n, ok = strings.CutPrefix(abs, "/proc/self/fd/"); !ok {
			return nil
		}
	}
	fd, err := strconv.Atoi(n)
	if err != nil || fd < 3 || strconv.Itoa(fd) != n {
		return nil
	}
	fdDescriptors.Lock()
	defer fdDescriptors.Unlock()
	if f := fdDescriptors.files[fd]; f != nil {
		return f
	}
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) != nil { // not open: the path is a file name like any other
		return nil
	}
	if fdDescriptors.files == nil {
		fdDescriptors.files = map[int]*os.File{}
	}
	f := os.NewFile(uintptr(fd), abs)
	fdDescriptors.files[fd] = f
	return f
}
