package value

import (
	"slices"
	"testing"
)

func TestISO4217(t *testing.T) {
	for s, want := range map[string]bool{
		"USD": true, "CNY": true, "EUR": true, "JPY": true,
		"SLE": true, "VED": true, "VES": true, "ZWG": true, "XCG": true, "MRU": true, // current, unknown to CLDR's list
		"BGN": true, "HRK": true, "SLL": true, "CUC": true, "ANG": true, // withdrawn (List Three)
		"XXX": true, "XTS": true, // ISO codes; FOCUS refuses them (amortize.ISO4217)
		"CNH": false, "RMB": false, "usd": false, "Usd": false, "US": false, "USDX": false, "": false, "AAA": false,
	} {
		if ISO4217(s) != want {
			t.Errorf("ISO4217(%q) = %v", s, !want)
		}
	}
}

// The lists are sorted (ISO4217 searches them), without repeats, of three capitals, and
// as long as SIX's lists.
func TestISO4217Lists(t *testing.T) {
	for _, l := range []struct {
		name  string
		codes []string
		n     int
	}{{"List One", listOne, 178}, {"List Three", listThree, 137}} {
		if len(l.codes) != l.n || !slices.IsSorted(l.codes) || len(slices.Compact(slices.Clone(l.codes))) != l.n {
			t.Errorf("%s: %d codes, sorted %v; want %d sorted, each once", l.name, len(l.codes), slices.IsSorted(l.codes), l.n)
		}
		for _, c := range l.codes {
			if len(c) != 3 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' || c[2] < 'A' || c[2] > 'Z' {
				t.Errorf("%s: %q", l.name, c)
			}
		}
	}
}
