package load

import (
	"encoding/csv"
	"io"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// TestLargeUsage measures a big usage file named by PKGCTL_LARGE_USAGE (skipped without
// it): the wall time of Usage against plain tokenizing, and the heap the records hold.
//
//	PKGCTL_LARGE_USAGE=/tmp/bench/usage.csv go test -run TestLargeUsage -v ./internal/load/
func TestLargeUsage(t *testing.T) {
	path := os.Getenv("PKGCTL_LARGE_USAGE")
	if path == "" {
		t.Skip("PKGCTL_LARGE_USAGE not set")
	}
	tok := timeIt(t, path, func(f *os.File) int {
		r := csv.NewReader(f)
		r.ReuseRecord = true
		n := 0
		for {
			if _, err := r.Read(); err == io.EOF {
				return n
			} else if err != nil {
				t.Fatal(err)
			}
			n++
		}
	})
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var recs any
	load := timeIt(t, path, func(f *os.File) int {
		r, _, err := Usage(path, f, testOptions())
		if err != nil {
			t.Fatal(err)
		}
		recs = r
		return len(r)
	})
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	t.Logf("tokenize %v, Usage %v (%.2fx), heap in use after load %d MB (before %d MB), total alloc %d MB",
		tok, load, float64(load)/float64(tok), after.HeapInuse>>20, before.HeapInuse>>20,
		(after.TotalAlloc-before.TotalAlloc)>>20)
	runtime.KeepAlive(recs)
}

// timeIt opens path and times fn over it.
func timeIt(t *testing.T, path string, fn func(*os.File) int) time.Duration {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cpu0 := cpuTime()
	start := time.Now()
	n := fn(f)
	d := time.Since(start)
	t.Logf("%d rows in %v (cpu %v)", n, d, cpuTime()-cpu0)
	return d
}

// cpuTime is the CPU time (user + system) of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
