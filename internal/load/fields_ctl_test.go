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
