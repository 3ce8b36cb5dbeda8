package testkit

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// Golden compares got with the golden file at path and fails t with a diff when they
// differ; with update it rewrites the file instead (the diff is then reviewed in git).
func Golden(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test with -update to write it)", err)
	}
	if d := Diff(string(got), string(want)); d != "" {
		t.Errorf("%s differs from the golden file (run with -update and review the diff):\n%s", path, d)
	}
}

// diffLines is how many differing lines Diff shows of each side.
const diffLines = 40

// Diff is "" when got equals want, else one hunk of a line diff: the lines between the
// longest common prefix and suffix, want's prefixed "-" and got's "+", with up to three
// lines of context each side and the line numbers where the hunk starts.
func Diff(got, want string) string {
	if got == want {
		return ""
	}
	g, w := lines(got), lines(want)
	pre := 0
	for pre < len(g) && pre < len(w) && g[pre] == w[pre] {
		pre++
	}
	suf := 0
	for suf < len(g)-pre && suf < len(w)-pre && g[len(g)-1-suf] == w[len(w)-1-suf] {
		suf++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "@@ line %d: %d lines of want, %d of got differ @@\n", pre+1, len(w)-pre-suf, len(g)-pre-suf)
	for _, l := range w[max(0, pre-3):pre] {
		b.WriteString(" " + line(l))
	}
	side := func(mark string, ls []string) {
		for i, l := range ls {
			if i == diffLines {
				fmt.Fprintf(&b, "%s… %d more lines\n", mark, len(ls)-i)
				break
			}
			b.WriteString(mark + line(l))
		}
	}
	side("-", w[pre:len(w)-suf])
	side("+", g[pre:len(g)-suf])
	for _, l := range w[len(w)-suf : min(len(w), len(w)-suf+3)] {
		b.WriteString(" " + line(l))
	}
	return b.String()
}

// lines splits s after each new line (no empty last element).
func lines(s string) []string {
	ls := strings.SplitAfter(s, "\n")
	if ls[len(ls)-1] == "" {
		ls = ls[:len(ls)-1]
	}
	return ls
}

// line is l ending in a new line; a last line without one is marked.
func line(l string) string {
	if strings.HasSuffix(l, "\n") {
		return l
	}
	return l + "⏎ (no new line at the end)\n"
}
