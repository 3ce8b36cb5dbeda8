package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSampleIntoAFile: sample and sample generate given a DIR that is a file, or lies
// under one, are bad usage (exit 2, saying so), and the file is left as it was.
func TestSampleIntoAFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "afile"), []byte("kept\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sample", "afile"}, "pkgctl: error: DIR afile is a file; name a folder\n"},
		{[]string{"sample", "generate", "--records", "5", "afile"}, "pkgctl: error: DIR afile is a file; name a folder\n"},
		{[]string{"sample", "afile/sub"}, "pkgctl: error: DIR afile/sub: afile is a file, not a folder\n"},
		{[]string{"sample", "generate", "afile/sub/x"}, "pkgctl: error: DIR afile/sub/x: afile is a file, not a folder\n"},
	} {
		code, stdout, stderr := runMain(t, dir, tc.args...)
		if code != ExitBadInput || stderr != tc.want || stdout != "" {
			t.Errorf("%q: exit %d, stderr %q; want exit 2, %q", tc.args, code, stderr, tc.want)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "afile")); string(b) != "kept\n" {
		t.Errorf("afile is now %q", b)
	}
	if code, _, stderr := runMain(t, dir, "sample", "generate", "--packages", "2", "--records", "5", "new/sub"); code != 0 {
		t.Errorf("a new folder: exit %d, %s", code, stderr)
	}
}
