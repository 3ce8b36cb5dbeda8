package mem

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// ConfigureRuntime tunes the garbage collector for a batch run, and is called by main
// only (tests run Main in-process with the defaults). pkgctl keeps nearly everything it
// allocates (the records, the ledger, the bills) until it exits, so collecting while the
// heap grows frees little and costs much: on 1M records, 2.4 s of a 5.7 s deduct run
// (docs/performance.md). Unless the user set GOGC or GOMEMLIMIT, collection is left to a
// memory limit of half the machine's memory; where that is unknown, GOGC=400.
func ConfigureRuntime() {
	smallPages.Store(false)
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	runtimeTuned, garbageLimited = true, false
	total := TotalMemory()
	if total <= 0 {
		debug.SetGCPercent(400)
		return
	}
	debug.SetMemoryLimit(total / 2)
	debug.SetGCPercent(-1)
}

// runtimeTuned says ConfigureRuntime chose the collector's settings; garbageLimited
// that LimitGarbage set the memory limit.
var runtimeTuned, garbageLimited bool

// garbageRoom is how much a streaming command lets its heap grow past what it holds
// once its inputs are replayed.
const garbageRoom = 64 << 20

// LimitGarbage is for the part of a run that writes what it makes as it makes it
// (every command's output; why's explanations from the start): from now on everything
// it allocates is garbage soon, and with ConfigureRuntime's settings none of it would
// be collected before half the machine's memory is used. The collector now runs
// whenever the program's memory reaches what it holds now plus garbageRoom (not before:
// a collection costs a pass over the ledger, and the loader's garbage is already paid
// for). The first call sets the limit; later ones keep it. Nothing changes when
// ConfigureRuntime left the settings to the user (GOGC, GOMEMLIMIT) or was not called
// (tests).
func LimitGarbage() {
	if !runtimeTuned || garbageLimited {
		return
	}
	garbageLimited = true
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	debug.SetMemoryLimit(int64(ms.Sys-ms.HeapReleased) + garbageRoom)
}

// CollectAsGoes is for a run that holds little and makes garbage all along (a replay in
// parts): the collector runs whenever the heap has grown by half of what is live
// (GOGC=50: a peak of 1.5 times what is held, for about a tenth of the CPU time at 100M
// records), with no memory limit; those settings are left alone when ConfigureRuntime
// left them to the user or was not called. Either way, huge pages are no longer asked
// for (until ConfigureRuntime): a part's arrays die with the part, and the runtime gives
// freed memory back 64 KB at a time, which frees a huge page only once all of it is
// given back (10M records in parts: 311 MB at the peak with huge pages, 243 MB without).
func CollectAsGoes() {
	smallPages.Store(true)
	if runtimeTuned {
		debug.SetMemoryLimit(math.MaxInt64)
		debug.SetGCPercent(50)
	}
}

// Collect runs the collector once, between two phases of a run, when ConfigureRuntime
// turned it off: what the phase before left behind (the loader's chunks and parse
// scratch, the replay's sort keys and worker state) is then reused by the next phase
// instead of adding to the peak. A collection costs a pass over what is live; on 1M
// records it takes the peak of deduct from 314 to 278 MB and of amortize from 580 to
// 484 MB at no measurable time (docs/performance.md).
func Collect() {
	if runtimeTuned {
		runtime.GC()
	}
}

// CollectFromNow is Collect for the end of a run's replay when what follows makes
// garbage all along (amortizing, and kpi's and forecast's sums over every period and
// day, in decimals): the collector runs once, then whenever the heap has doubled what
// was live at the collection before (GOGC=100), instead of never until the write phase
// (LimitGarbage). The first collection is the one Collect ran here anyway; each later
// one reads what the replay holds, which is worth it only once the heap has doubled. A
// run whose amortization makes little garbage (1M records) never gets there; 20
// packages resetting monthly to 9999 (1.9M periods), kpi: about 1.0 GB at the peak
// instead of 2.18 GB, and faster (docs/performance.md). A collector already on (a replay in parts: CollectAsGoes) is
// left as it is; nothing changes when ConfigureRuntime was not called or left the
// settings to the user.
func CollectFromNow() {
	if runtimeTuned {
		runtime.GC()
		collectorOn()
	}
}

// collectorOn turns the collector on (GOGC=100) unless it is on already, and returns
// the setting before (negative: it was off).
func collectorOn() (old int) {
	if old = debug.SetGCPercent(100); old >= 0 {
		debug.SetGCPercent(old)
	}
	return old
}

// TotalMemory is the machine's memory in bytes, or 0 when unknown (read once).
func TotalMemory() int64 { return totalMemoryOnce() }

var totalMemoryOnce = sync.OnceValue(totalMemory)

// totalMemory is the machine's memory in bytes: /proc/meminfo's total, or less where
// the process's control group limits its memory (a container's: cgroup v2 memory.max,
// v1 memory.limit_in_bytes), so that every budget taken from it (a quarter, a half of
// it) fits the container, not the host; 0 when unknown.
func totalMemory() int64 { return totalMemoryIn("/") }

// totalMemoryIn is totalMemory of the files under root.
func totalMemoryIn(root string) int64 {
	total := memInfoTotal(filepath.Join(root, "proc/meminfo"))
	if lim := cgroupLimit(root); lim > 0 && (total == 0 || lim < total) {
		return lim
	}
	return total
}

// memInfoTotal is MemTotal of the meminfo file at path, or 0.
func memInfoTotal(path string) int64 {
	f, err := os.Open(path)
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

// cgroupLimit is the smallest memory limit of the process's control groups (those
// /proc/self/cgroup names and their parents, and the group a container sees at the
// root), or 0 when none is set ("max", or v1's huge number, which is past the machine's
// memory anyway).
func cgroupLimit(root string) int64 {
	best := int64(0)
	consider := func(path string) {
		b, err := os.ReadFile(path)
		if err != nil {
			return
		}
		n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		if err == nil && n > 0 && (best == 0 || n < best) {
			best = n
		}
	}
	// each group from the process's up to the root: a parent's limit binds its children
	up := func(dir, group, file string) {
		for g := filepath.Clean("/" + group); ; g = filepath.Dir(g) {
			consider(filepath.Join(root, dir, g, file))
			if g == "/" {
				return
			}
		}
	}
	groups, _ := os.ReadFile(filepath.Join(root, "proc/self/cgroup"))
	for _, line := range strings.Split(string(groups), "\n") { // "0::/path" (v2), "4:memory:/path" (v1)
		parts := strings.SplitN(line, ":", 3)
		switch {
		case len(parts) != 3:
		case parts[0] == "0" && parts[1] == "":
			up("sys/fs/cgroup", parts[2], "memory.max")
		case slices.Contains(strings.Split(parts[1], ","), "memory"):
			up("sys/fs/cgroup/memory", parts[2], "memory.limit_in_bytes")
		}
	}
	consider(filepath.Join(root, "sys/fs/cgroup/memory.max"))
	consider(filepath.Join(root, "sys/fs/cgroup/memory/memory.limit_in_bytes"))
	return best
}

// CollectWhileReading turns the garbage collector on while inputs are read when one
// of them is a workbook, and returns what turns it back off. ConfigureRuntime leaves
// collection off because pkgctl keeps what it allocates; but reading a sheet's XML makes
// garbage (about 12 bytes per byte of XML), which would otherwise pile up to the memory
// limit. With the collector on, the memory of reading a sheet stays within about twice
// what is kept. When collection is already on (GOGC set, or in tests) it is left alone.
func CollectWhileReading(workbook bool) (restore func()) {
	if !workbook {
		return func() {}
	}
	old := collectorOn()
	if old >= 0 { // already on
		return func() {}
	}
	return func() { debug.SetGCPercent(old) }
}

// collectingNow counts the phases in CollectForNow, and keeps the setting before them.
var collectingNow struct {
	sync.Mutex
	n, old int
}

// CollectForNow turns the garbage collector on (GOGC=100) until done is called, for a
// phase that turns out to make garbage all along while ConfigureRuntime turned the
// collector off: the rows of a damaged input, read only to count and report them, would
// otherwise pile up to half the machine's memory. Phases may overlap (the packages load
// beside the usage): the setting before the first is restored after the last. When
// collection is already on (GOGC set, a replay in parts, tests) it is left alone.
func CollectForNow() (done func()) {
	c := &collectingNow
	c.Lock()
	defer c.Unlock()
	if c.n == 0 {
		c.old = collectorOn()
	}
	c.n++
	var once sync.Once
	return func() {
		once.Do(func() {
			c.Lock()
			defer c.Unlock()
			if c.n--; c.n == 0 && c.old < 0 {
				debug.SetGCPercent(c.old)
			}
		})
	}
}
