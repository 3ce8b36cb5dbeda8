package mem

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"
)

// TestTotalMemory: on Linux the machine's memory is read; elsewhere it is unknown (0).
func TestTotalMemory(t *testing.T) {
	got := totalMemory()
	if runtime.GOOS == "linux" && got < 64<<20 {
		t.Errorf("totalMemory() = %d on linux, want the machine's memory", got)
	}
	if runtime.GOOS != "linux" && got != 0 {
		t.Errorf("totalMemory() = %d without /proc/meminfo", got)
	}
}

// TestCollectForNowOverlapping: with the collector off, it is on from the first of two
// overlapping phases to the end of the last, whichever ends first, then off again; when
// it was on, it is left as it was.
func TestCollectForNowOverlapping(t *testing.T) {
	gc := func() int { p := debug.SetGCPercent(-1); debug.SetGCPercent(p); return p }
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	a := CollectForNow()
	b := CollectForNow()
	if gc() != 100 {
		t.Fatalf("GOGC %d in two phases, want 100", gc())
	}
	a()
	a() // a second call changes nothing
	if gc() != 100 {
		t.Fatalf("GOGC %d once the first phase ended, want 100", gc())
	}
	b()
	if gc() != -1 {
		t.Fatalf("GOGC %d after both, want -1 (off)", gc())
	}
	debug.SetGCPercent(50)
	c := CollectForNow()
	if gc() != 50 {
		t.Fatalf("GOGC %d: an on collector is left alone", gc())
	}
	c()
	if gc() != 50 {
		t.Fatalf("GOGC %d after: want 50", gc())
	}
}

// TestCollectFromNow: with the collector off by ConfigureRuntime's choice, it is on
// (GOGC=100) from the call on; a collector already on (a replay in parts) is left as it
// is, and so are settings ConfigureRuntime did not choose.
func TestCollectFromNow(t *testing.T) {
	gc := func() int { p := debug.SetGCPercent(-1); debug.SetGCPercent(p); return p }
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer func(was bool) { runtimeTuned = was }(runtimeTuned)
	for _, c := range []struct {
		tuned      bool
		before, on int
	}{{true, -1, 100}, {true, 50, 50}, {false, -1, -1}, {false, 80, 80}} {
		runtimeTuned = c.tuned
		debug.SetGCPercent(c.before)
		CollectFromNow()
		if got := gc(); got != c.on {
			t.Errorf("tuned %v, GOGC %d before: %d after, want %d", c.tuned, c.before, got, c.on)
		}
	}
}

// The machine's memory is /proc/meminfo's total, or a control group's smaller limit:
// cgroup v2's memory.max of the process's group or the root, v1's memory.limit_in_bytes
// of its memory group; "max" and v1's huge "no limit" leave the total.
func TestTotalMemoryIn(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  int64
	}{
		{"meminfo alone", map[string]string{"proc/meminfo": "MemTotal:  24576000 kB\n"}, 24576000 << 10},
		{"v2 group limit", map[string]string{"proc/meminfo": "MemTotal:  24576000 kB\n", "proc/self/cgroup": "0::/ci/job\n",
			"sys/fs/cgroup/ci/job/memory.max": "4294967296\n"}, 4 << 30},
		{"v2 parent limit", map[string]string{"proc/meminfo": "MemTotal:  24576000 kB\n", "proc/self/cgroup": "0::/ci/job\n",
			"sys/fs/cgroup/ci/job/memory.max": "max\n", "sys/fs/cgroup/ci/memory.max": "3221225472\n"}, 3 << 30},
		{"v1 with other controllers", map[string]string{"proc/meminfo": "MemTotal:  24576000 kB\n", "proc/self/cgroup": "4:cpu,memory:/a/b\n",
			"sys/fs/cgroup/memory/a/memory.limit_in_bytes": "1073741824\n"}, 1 << 30},
		{"v2 unlimited", map[string]string{"proc/meminfo": "MemTotal:  24576000 kB\n", "proc/self/cgroup": "0::/\n",
			"sys/fs/cgroup/memory.max": "max\n"}, 24576000 << 10},
		{"v1 memory group", map[string]string{"proc/meminfo": "MemTotal:  24576000 kB\n", "proc/self/cgroup": "4:memory:/docker/abc\n3:cpu:/\n",
			"sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes": "2147483648\n"}, 2 << 30},
		{"v1 unlimited", map[string]string{"proc/meminfo": "MemTotal:  24576000 kB\n", "proc/self/cgroup": "4:memory:/\n",
			"sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n"}, 24576000 << 10},
		{"no meminfo, a limit", map[string]string{"sys/fs/cgroup/memory.max": "1073741824"}, 1 << 30},
		{"nothing", map[string]string{}, 0},
	} {
		root := t.TempDir()
		for name, body := range tc.files {
			path := filepath.Join(root, name)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if got := totalMemoryIn(root); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}
