//go:build !linux

package report

import "os"

// syncsAhead is false here: the final fsync writes all (see the Linux version).
const syncsAhead = false

// syncData is never called here.
var syncData = (*os.File).Sync

// dropCached does nothing here (see the Linux version).
func dropCached(path string) {}
