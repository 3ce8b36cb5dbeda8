package testkit

import "testing"

func TestDiff(t *testing.T) {
	if d := Diff("a\nb\n", "a\nb\n"); d != "" {
		t.Errorf("equal texts: %q", d)
	}
	got := Diff("1\n2\n3\n4\nX\n6\n7\n", "1\n2\n3\n4\n5\n6\n7\n")
	want := "@@ line 5: 1 lines of want, 1 of got differ @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n"
	if got != want {
		t.Errorf("Diff =\n%s\nwant\n%s", got, want)
	}
	got = Diff("a\nb", "a\nb\nc\n")
	want = "@@ line 2: 2 lines of want, 1 of got differ @@\n a\n-b\n-c\n+b⏎ (no new line at the end)\n"
	if got != want {
		t.Errorf("Diff =\n%s\nwant\n%s", got, want)
	}
}
