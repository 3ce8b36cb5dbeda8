package explain

import "testing"

func TestParseCandidates(t *testing.T) {
	for in, want := range map[string]int{"3": 3, " 1 ": 1, "ALL": AllCandidates, "all": AllCandidates} {
		if got, err := ParseCandidates(in); err != nil || got != want {
			t.Errorf("ParseCandidates(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"0", "-2", "many", ""} {
		if _, err := ParseCandidates(in); err == nil {
			t.Errorf("ParseCandidates(%q) accepted", in)
		}
	}
}
