package exact

import (
	"math"
	"math/big"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/shopspring/decimal"
)

// Amount's fast paths give exactly what the decimal arithmetic gives, exponent included,
// and fall back on overflow.
func TestAmountMatchesDecimal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pow10 := func(n int) int64 {
		p := int64(1)
		for range n {
			p *= 10
		}
		return p
	}
	coef := func() int64 {
		c := int64(0)
		switch r.IntN(6) {
		case 0:
			c = r.Int64N(1000)
		case 1:
			c = math.MaxInt64 - r.Int64N(1000)
		case 2:
			c = 1<<52 + r.Int64N(11) - 5 // the packed coefficient's edge
		case 3:
			k := r.IntN(18) // trailing zeros, which the packing strips
			c = r.Int64N(pow10(18-k)) * pow10(k)
		default:
			c = r.Int64N(1 << 50)
		}
		if r.IntN(3) == 0 {
			c = -c
		}
		return c
	}
	exp := func() int32 {
		if r.IntN(4) == 0 {
			return int32(r.IntN(71)) - 35 // around the packed exponent's range, -32…31
		}
		return -int32(r.IntN(20))
	}
	for i := 0; i < 200_000; i++ {
		a, b := decimal.New(coef(), exp()), decimal.New(coef(), exp())
		got, want := AmountOf(a).Sub(AmountOf(b)).Dec(), a.Sub(b)
		if !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Fatalf("%s - %s = %s (exp %d), want %s (exp %d)", a, b, got, got.Exponent(), want, want.Exponent())
		}
		price, places := decimal.New(r.Int64N(1_000_000), -int32(r.IntN(8))), int32(r.IntN(5))
		switch r.IntN(8) {
		case 0:
			price = decimal.New(math.MaxInt64-r.Int64N(9), 0)
		case 1:
			price = price.Neg()
		}
		if r.IntN(4) == 0 { // a quantity converted at 18 decimals: its coefficient past an int64, ending in zeros
			a = decimal.NewFromBigInt(new(big.Int).Mul(big.NewInt(r.Int64N(1<<40)), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(r.IntN(19))), nil)), -18)
		}
		got, want = AmountOf(a).MulRound(price, places).Dec(), a.Mul(price).Round(places)
		if !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Fatalf("round(%s × %s, %d) = %s (exp %d), want %s (exp %d)", a, price, places, got, got.Exponent(), want, want.Exponent())
		}
	}
	big, _ := decimal.NewFromString("123456789012345678901234567890.5")
	if a := AmountOf(big); !a.isBig() || !a.Dec().Equal(big) || a.Sign() != 1 {
		t.Errorf("AmountOf(%s) = %+v", big, a)
	}
	if _, _, ok := AmountOf(big).Parts(); ok {
		t.Error("a 31-digit amount claims 64-bit parts")
	}
	if z := (Amount{}).Dec(); !z.Equal(decimal.Zero) || z.Exponent() != 0 {
		t.Errorf("zero Amount = %s", z)
	}
}

// NewAmount and AmountOf keep every coefficient and exponent: packed when they fit (see
// fits), as a decimal past that.
func TestAmountPacking(t *testing.T) {
	for _, c := range []int64{0, 1, -1, 1<<52 - 1, -1 << 52, 1 << 52, -1<<52 - 1, 5e17, -5e17, 488281250000000000,
		999999999999999999, 9e17, math.MaxInt64, math.MinInt64 + 1} {
		for _, e := range []int32{0, -2, -18, 31, -32, 32, -33, 1000} {
			want := decimal.New(c, e)
			for _, a := range []Amount{NewAmount(c, e), AmountOf(want)} {
				got := a.Dec()
				if !got.Equal(want) || got.Exponent() != e || a.Sign() != want.Sign() {
					t.Errorf("%d·10^%d: got %s (exp %d, sign %d)", c, e, got, got.Exponent(), a.Sign())
				}
				if pc, pe, ok := a.Parts(); ok != fits(c, e) || (ok && (pc != c || pe != e)) {
					t.Errorf("%d·10^%d: parts %d %d %v", c, e, pc, pe, ok)
				}
			}
		}
	}
}

// fits is whether c·10^e is packed: e in -32…31 and c a 53-bit number times a power of ten.
func fits(c int64, e int32) bool {
	if e < -32 || e > 31 {
		return false
	}
	for z := 0; z <= 18; z++ {
		if c >= -1<<52 && c < 1<<52 {
			return true
		}
		if c%10 != 0 {
			return false
		}
		c /= 10
	}
	return false
}

// A coefficient past an int64 that ends in zeros (a unit conversion's 17.624 at exponent
// -18) packs: Dec keeps the coefficient and exponent, Parts fails, Value and Scaled give
// the value, and Sub and MulRound fall back to the decimals.
func TestAmountScaled(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 20_000; i++ {
		m := r.Int64N(1 << 52)
		if r.IntN(2) == 0 {
			m = -m
		}
		z, e := int32(r.IntN(34)), int32(r.IntN(70))-35
		c := new(big.Int).Mul(big.NewInt(m), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(z)), nil))
		want := decimal.NewFromBigInt(c, e)
		a := NewAmountScaled(m, z, e)
		got := a.Dec()
		if !got.Equal(want) || got.Exponent() != e || a.Sign() != want.Sign() {
			t.Fatalf("%d·10^%d at exp %d: got %s (exp %d)", m, z, e, got, got.Exponent())
		}
		if pc, pe, ok := a.Parts(); ok != (c.IsInt64() && !a.isBig()) || (ok && (pc != c.Int64() || pe != e)) {
			t.Fatalf("%d·10^%d at exp %d: parts %d %d %v", m, z, e, pc, pe, ok)
		}
		if vc, ve, ok := a.Value(); ok != (!a.isBig()) || (ok && !decimal.New(vc, ve).Equal(want)) {
			t.Fatalf("%d·10^%d at exp %d: value %d·10^%d %v", m, z, e, vc, ve, ok)
		}
		b := decimal.New(r.Int64N(1<<40), -int32(r.IntN(20)))
		if got, want := a.Sub(AmountOf(b)).Dec(), want.Sub(b); !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Fatalf("%s - %s = %s (exp %d), want exp %d", a.Dec(), b, got, got.Exponent(), want.Exponent())
		}
		price, places := decimal.New(r.Int64N(1_000_000), -int32(r.IntN(8))), int32(r.IntN(5))
		if got, want := a.MulRound(price, places).Dec(), want.Mul(price).Round(places); !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Fatalf("round(%s × %s, %d) = %s, want %s", a.Dec(), price, places, got, want)
		}
	}
	// One word per coefficient and exponent, however the coefficient is given.
	for i := 0; i < 20_000; i++ {
		m, z, e := r.Int64N(1<<20)-1<<19, int32(r.IntN(14)), int32(r.IntN(40))-20
		c, _ := mulPow10(m, z)
		if a, b := NewAmountScaled(m, z, e), NewAmount(c, e); a != b {
			t.Fatalf("%d·10^%d at exp %d packs as %+v, %d as %+v", m, z, e, a, c, b)
		}
		if a, b := NewAmountScaled(m*1000, z, e), NewAmountScaled(m, z+3, e); !a.isBig() && a != b {
			t.Fatalf("%d·10^%d and %d·10^%d at exp %d pack differently", m*1000, z, m, z+3, e)
		}
	}
	// 17.624 at exponent -18 is packed, not a decimal.
	if a := NewAmountScaled(17624, 15, -18); a.isBig() || a.Dec().String() != "17.624" {
		t.Errorf("17624·10^15·10^-18 = %+v (%s)", a, a.Dec())
	}
}

// Decimals that do not pack are kept in the process's table: made and read from several
// goroutines at once (the replay's workers), each Amount gives back its own decimal,
// exponent included, and its sign.
func TestAmountBigConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 3000 {
				d := decimal.New(int64(g*100000+i+1), -40).Add(decimal.RequireFromString("123456789012345678901234567890"))
				if g%2 == 1 {
					d = d.Neg()
				}
				a := AmountOf(d)
				if !a.isBig() {
					t.Errorf("%s packed", d)
					return
				}
				if got := a.Dec(); !got.Equal(d) || got.Exponent() != d.Exponent() || a.Sign() != d.Sign() {
					t.Errorf("%s came back as %s", d, got)
					return
				}
				if _, _, ok := a.Value(); ok {
					t.Errorf("%s has a packed value", d)
					return
				}
			}
		})
	}
	wg.Wait()
}

// A decimal whose coefficient is past an int64 but ends in zeros packs (AmountOf counts
// them off), giving back its value and exponent, and adds nothing to the table of
// decimals that do not pack; one that ends in another digit goes to the table.
// PackAmount never adds to it.
func TestAmountOfWideCoefficients(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 3000 {
		m := r.Int64N(1<<52) + 1
		if r.IntN(2) == 0 {
			m = -m
		}
		z := r.IntN(20) + 7 // past 18 digits for most
		c := new(big.Int).Mul(big.NewInt(m), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(z)), nil))
		d := decimal.NewFromBigInt(c, int32(r.IntN(19))-18)
		before := bigCount()
		a := AmountOf(d)
		if got := a.Dec(); !got.Equal(d) || got.Exponent() != d.Exponent() {
			t.Fatalf("%s (exponent %d) came back as %s (exponent %d)", d, d.Exponent(), got, got.Exponent())
		}
		if a.isBig() || bigCount() != before {
			t.Fatalf("%s (m %d, %d zeros) went to the table", d, m, z)
		}
		odd := decimal.NewFromBigInt(new(big.Int).Add(c, big.NewInt(7)), d.Exponent())
		if odd.NumDigits() > 18 && !AmountOf(odd).isBig() {
			t.Fatalf("%s packed", odd)
		}
	}
	before := bigCount()
	for _, c := range []int64{math.MaxInt64, 1<<53 + 1, -(1<<53 + 3), 12345} {
		a, ok := PackAmount(c, -2)
		if ok != (c == 12345) || ok && !a.Dec().Equal(decimal.New(c, -2)) {
			t.Fatalf("PackAmount(%d, -2) = %s, %v", c, a, ok)
		}
	}
	if bigCount() != before {
		t.Fatal("PackAmount added to the table")
	}
}

// bigCount is how many decimals the table holds.
func bigCount() int64 {
	bigs.mu.Lock()
	defer bigs.mu.Unlock()
	return bigs.n
}
