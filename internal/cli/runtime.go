package cli

import (
	"bufio"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// ConfigureRuntime tunes the garbage collector for a batch run, and is called by main
// only (tests run Main in-process with the defaults). pkgctl keeps nearly everything it
// allocates (the records, the ledger, the bills) until it exits, so collecting while the
// heap grows frees little and costs much: on 1M records, 2.4 s of a 5.7 s deduct run
// (docs/performance.md). Unless the user set GOGC or GOMEMLIMIT, collection is left to a
// memory limit of half the machine's memory; where that is unknown, GOGC=400.
func ConfigureRuntime() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	total := totalMemory()
	if total <= 0 {
		debug.SetGCPercent(400)
		return
	}
	debug.SetMemoryLimit(total / 2)
	debug.SetGCPercent(-1)
}

// totalMemory is the machine's memory in bytes from /proc/meminfo, or 0 when unknown.
func totalMemory() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text()) // "MemTotal:  24576000 kB"
		if len(fields) == 3 && fields[0] == "MemTotal:" && fields[2] == "kB" {
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
