package mem

import (
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
