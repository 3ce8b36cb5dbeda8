package cli

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run pkgctl in-process as the "pkgctl" command.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"pkgctl": func() { os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script/*.txtar. Each pins
// PKGCTL_TIMEZONE and passes --as-of where "now" matters, so results do not depend on
// the machine.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("PKGCTL_TIMEZONE", "Asia/Shanghai")
			env.Setenv("RUNEWIDTH_EASTASIAN", "0")
			return nil
		},
	})
}
