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
