package model

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestNorm: the fast path (a text already in Norm form is returned as is) gives what the
// full rule gives, for hand-picked texts and random ones over a troublesome alphabet.
func TestNorm(t *testing.T) {
	full := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	cases := []string{"", " ", "obs", "OBS", "cn-north-4", "Log read/write traffic", "log  read", " obs", "obs ",
		"a\tb", "a\nb", "a\u00a0b", "a\u0085b", "流量包", "ÉCS", "a b c", "x\r", "\v", "s3 ", "A"}
	alphabet := []string{"a", "Z", " ", "  ", "\t", "\n", "\u00a0", "\u3000", "é", "É", "-", "_", "1", "\r", "\v", "\f"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range r.IntN(8) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		if got, want := Norm(s), full(s); got != want {
			t.Fatalf("Norm(%q) = %q, want %q", s, got, want)
		}
	}
}
