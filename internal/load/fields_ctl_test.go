package load

import (
	"math/rand/v2"
	"testing"
)

// hasControl (eight bytes at a time) agrees with controlAt (byte by byte) on every text.
func TestHasControlMatchesControlAt(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("ab,\"\t\n\r \x00\x01\x1b\x1f\x7f\xe4\xb8\xad 0")
	for range 20000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
			if rng.IntN(3) > 0 {
				b[i] = 'x'
			}
		}
		if got, want := hasControl(b), controlAt(string(b)) >= 0; got != want {
			t.Fatalf("hasControl(%q) = %v, want %v", b, got, want)
		}
	}
}

// scanText agrees with hasControl and a look at every byte for one above ASCII.
func TestScanText(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte("ab,\"\t\n\r \x00\x1b\x7f\x80\xe4\xb8\xad\xff")
	for range 20000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
			if rng.IntN(4) > 0 {
				b[i] = 'x'
			}
		}
		high := false
		for _, c := range b {
			high = high || c > 0x7f
		}
		if ctl, hi := scanText(b); ctl != hasControl(b) || hi != high {
			t.Fatalf("scanText(%q) = %v, %v; want %v, %v", b, ctl, hi, hasControl(b), high)
		}
	}
}
