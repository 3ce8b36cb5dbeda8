package load

import (
	"math/rand/v2"
	"testing"
)

// hasControl (eight bytes at a time) agrees with controlAt (byte by byte) on every text.
func TestHasControlMatchesControlAt(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := randomText(rng, "ab,\"\t\n\r \x00\x01\x1b\x1f\x7f\xe4\xb8\xad 0", 3)
		if got, want := hasControl(b), controlAt(string(b)) >= 0; got != want {
			t.Fatalf("hasControl(%q) = %v, want %v", b, got, want)
		}
	}
}

// scanText agrees with hasControl and a look at every byte for one above ASCII.
func TestScanText(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		b := randomText(rng, "ab,\"\t\n\r \x00\x1b\x7f\x80\xe4\xb8\xad\xff", 4)
		high := false
		for _, c := range b {
			high = high || c > 0x7f
		}
		if ctl, hi := scanText(b); ctl != hasControl(b) || hi != high {
			t.Fatalf("scanText(%q) = %v, %v; want %v, %v", b, ctl, hi, hasControl(b), high)
		}
	}
}

// hasControl and scanText agree with controlAt where the characters above ASCII it finds
// (C1 controls, U+FFFE, U+FFFF) fall anywhere in the eight-byte words, among their
// neighbours that are not (NBSP, é, fullwidth forms, U+FFEF, U+FFFD, CJK).
func TestHighControls(t *testing.T) {
	tokens := []string{"x", "ab", ",", "\n", "\t", "\u0080", "\u009b", "\u009f", "\u00a0", "é", "中",
		"（", "\uff5e", "\uffef", "\ufffd", "\ufffe", "\uffff", "\x7f", "\xc2", "\xef\xbf"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 50000 {
		var b []byte
		for range rng.IntN(12) {
			b = append(b, tokens[rng.IntN(len(tokens))]...)
		}
		want := controlAt(string(b)) >= 0
		if got := hasControl(b); got != want {
			t.Fatalf("hasControl(%q) = %v, want %v", b, got, want)
		}
		if ctl, _ := scanText(b); ctl != want {
			t.Fatalf("scanText(%q) = %v, want %v", b, ctl, want)
		}
	}
	for s, want := range map[string]int{"ab\u009bc": 2, "\u00a0\u0080": 2, "（\ufffe": 3, "\uffef\uffff": 3,
		"é中\ufffd\u00a0": -1, "a\x7f": 1, "\xc2": -1, "\xef\xbf": -1} {
		if got := controlAt(s); got != want {
			t.Errorf("controlAt(%q) = %d, want %d", s, got, want)
		}
	}
}

// randomText is up to 39 bytes, each an x, or one of alphabet once in odds.
func randomText(rng *rand.Rand, alphabet string, odds int) []byte {
	b := make([]byte, rng.IntN(40))
	for i := range b {
		b[i] = 'x'
		if rng.IntN(odds) == 0 {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
	}
	return b
}
