package reference

import (
	"os"
	"strings"
	"testing"
)

// TestMain clears PKGCTL_* variables: the CLI reads them before its config file, and the
// differential test passes its configuration in a file.
func TestMain(m *testing.M) {
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "PKGCTL_") {
			os.Unsetenv(k)
		}
	}
	os.Exit(m.Run())
}
