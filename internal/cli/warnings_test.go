package cli

import (
	"fmt"
	"strings"
	"testing"
)

// A command prints the first shownWarnings warnings of a kind, then how many more, in
// thousands; validate's allWarnings prints them all.
func TestWarningsShown(t *testing.T) {
	for _, n := range []int{shownWarnings, shownWarnings + 1, 1_234 + shownWarnings} {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = fmt.Sprintf("w%d", i)
		}
		for _, all := range []bool{false, true} {
			var b strings.Builder
			g := &GlobalOptions{IO: &IOStreams{ErrOut: &b}, allWarnings: all}
			g.warnings(ws)
			lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			want := min(n, shownWarnings)
			if all {
				want = n
			}
			for i := range want {
				if lines[i] != "pkgctl: warning: "+ws[i] {
					t.Fatalf("n=%d all=%v: line %d is %q", n, all, i, lines[i])
				}
			}
			more := ""
			switch {
			case all || n == shownWarnings:
			case n == shownWarnings+1:
				more = "pkgctl: warning: 1 more warning"
			default:
				more = "pkgctl: warning: 1,234 more warnings"
			}
			if more == "" && len(lines) != want || more != "" && (len(lines) != want+1 || lines[want] != more) {
				t.Errorf("n=%d all=%v: %d lines, ending %q; want %d and %q", n, all, len(lines), lines[len(lines)-1], want, more)
			}
		}
	}
}
