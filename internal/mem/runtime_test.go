package mem

import (
	"runtime"
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
