package focuscheck

import (
	"os"
	"strings"
	"testing"
)

// TestDocsListEveryRequirement: docs/focus.md's conformance table has a row for every
// requirement checked here, and no row for one that is not.
func TestDocsListEveryRequirement(t *testing.T) {
	b, err := os.ReadFile("../../docs/focus.md")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, r := range Requirements {
		ids[r.ID] = true
		if !strings.Contains(string(b), "\n| "+r.ID+" | ") {
			t.Errorf("docs/focus.md has no row for %s", r.ID)
		}
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Split(line, " | "); len(f) == 3 && strings.HasPrefix(line, "| ") && strings.ToUpper(f[0][2:]) == f[0][2:] && strings.Contains(f[0], "-") && !ids[f[0][2:]] {
			t.Errorf("docs/focus.md lists %s, which is not checked", f[0][2:])
		}
	}
}

// TestKeyValue pins the Key-Value Format check.
func TestKeyValue(t *testing.T) {
	for s, want := range map[string]bool{`{}`: true, `{"a":"b","c":1,"d":true,"e":null}`: true,
		`{"a":{"b":1}}`: false, `{"a":[1]}`: false, `{"a":1,"a":2}`: false, `[]`: false, `{"a":1} x`: false, `a=b`: false} {
		if keyValue(s) != want {
			t.Errorf("keyValue(%s) = %v", s, !want)
		}
	}
}
