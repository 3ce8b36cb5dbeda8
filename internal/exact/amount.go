package exact

import (
	"math"
	"math/big"
	"math/bits"
	"sync"

	"github.com/shopspring/decimal"
)

// Amount is an exact decimal kept in one word (records' quantities, the ledger's amounts:
// millions of them): coef·10^exp packed when it fits, which is nearly always (no
// allocation, nothing for the collector to follow); else the word numbers the decimal in
// the process's table of such decimals (bigs), which only grows. Its value and exponent
// are those the decimal arithmetic gives.
type Amount struct {
	v int64 // packed coef·10^exp (see pack); with z == bigZ, the number of a decimal in bigs
}

// The packed form: coefficient c = m·10^z, from the top: m (53 bits, signed), z (5
// bits, 0…30), exp (6 bits, -32…31). A unit conversion's coefficients at exponent -18
// (0.5 GB is 500000000000000000·10^-18) mostly end in zeros, which z takes; with z
// past 18, or m·10^z past an int64 (17.624 at exponent -18), the coefficient itself does
// not fit an int64 (Parts fails, Value does not). z == bigZ marks a decimal that does not
// pack: m is its number in bigs.
const (
	expBits = 6
	zBits   = 5
	lowBits = expBits + zBits
	bigZ    = 1<<zBits - 1
)

// bigs holds the decimals that do not pack, numbered in the order Amounts were made of
// them (none in the 1M-record benchmark: 53 significant bits hold what exports write
// and what unit conversions give, up to 15 digits). Chunks never move; the lock orders
// the rare writes and reads. The chunks' table grows as they are made: a table of its
// full size in the program's data would be 8 MB the collector reads at every cycle.
var bigs struct {
	mu     sync.Mutex
	n      int64
	chunks []*[bigChunk]decimal.Decimal
}

const (
	bigChunk  = 1 << 12
	bigChunks = 1 << 20 // at most
)

// bigAmount returns an Amount of d, a decimal that does not pack.
func bigAmount(d decimal.Decimal) Amount {
	bigs.mu.Lock()
	defer bigs.mu.Unlock()
	i := bigs.n
	if i >= bigChunks*bigChunk {
		panic("exact: more than 4G amounts that do not pack")
	}
	if i%bigChunk == 0 {
		bigs.chunks = append(bigs.chunks, new([bigChunk]decimal.Decimal))
	}
	bigs.chunks[i/bigChunk][i%bigChunk] = d
	bigs.n++
	return Amount{v: i<<lowBits | bigZ<<expBits}
}

// isBig reports whether a is a decimal of bigs.
func (a Amount) isBig() bool { return a.z() == bigZ }

// big returns a's decimal from bigs (isBig).
func (a Amount) big() decimal.Decimal {
	i := a.m()
	bigs.mu.Lock()
	defer bigs.mu.Unlock()
	return bigs.chunks[i/bigChunk][i%bigChunk]
}

// pack packs coef·10^z at exponent exp (the coefficient is coef·10^z), ok false when
// it does not fit.
func pack(coef int64, z, exp int32) (v int64, ok bool) {
	if exp < -1<<(expBits-1) || exp >= 1<<(expBits-1) || z < 0 || z > maxZeros {
		return 0, false
	}
	for coef<<lowBits>>lowBits != coef {
		if coef%10 != 0 || z == maxZeros {
			return 0, false
		}
		coef /= 10
		z++
	}
	return coef<<lowBits | int64(z)<<expBits | int64(exp)&(1<<expBits-1), true
}

const maxZeros = bigZ - 1

// NewAmount returns coef·10^exp.
func NewAmount(coef int64, exp int32) Amount { return NewAmountScaled(coef, 0, exp) }

// NewAmountScaled returns the decimal of coefficient coef·10^z and exponent exp (z ≥ 0):
// a coefficient past an int64 that ends in zeros still packs.
func NewAmountScaled(coef int64, z, exp int32) Amount {
	// The packed form is canonical (one word per coefficient and exponent, the smallest
	// power of ten that fits m): zeros that fit in m move back into it.
	for z > 0 {
		c := coef * 10
		if c<<lowBits>>lowBits != c || c/10 != coef {
			break
		}
		coef, z = c, z-1
	}
	if v, ok := pack(coef, z, exp); ok {
		return Amount{v: v}
	}
	return bigAmount(scaledDec(coef, z, exp))
}

// scaledDec is the decimal of coefficient coef·10^z and exponent exp.
func scaledDec(coef int64, z, exp int32) decimal.Decimal {
	c := big.NewInt(coef)
	if z > 0 {
		c.Mul(c, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(z)), nil))
	}
	return decimal.NewFromBigInt(c, exp)
}

// AmountOf returns d as an Amount. A coefficient past an int64 that ends in zeros still
// packs (a unit conversion's sum at exponent -18: 2.5 GB is 25·10^17·10^-18), the zeros
// counted off in big integers: only a decimal that does not pack goes to the table.
func AmountOf(d decimal.Decimal) Amount {
	if d.NumDigits() <= 18 {
		if v, ok := pack(d.CoefficientInt64(), 0, d.Exponent()); ok {
			return Amount{v: v}
		}
		return bigAmount(d)
	}
	c, ten, r := d.Coefficient(), big.NewInt(10), new(big.Int)
	z := int32(0)
	for !c.IsInt64() && z < maxZeros {
		if _, r = c.QuoRem(c, ten, r); r.Sign() != 0 {
			return bigAmount(d)
		}
		z++
	}
	if c.IsInt64() {
		if v, ok := pack(c.Int64(), z, d.Exponent()); ok {
			return Amount{v: v}
		}
	}
	return bigAmount(d)
}

// PackAmount returns coef·10^exp when it packs (see pack), and never adds to the table
// of decimals that do not: for amounts made again each time they are read.
func PackAmount(coef int64, exp int32) (Amount, bool) {
	v, ok := pack(coef, 0, exp)
	return Amount{v: v}, ok
}

// m, z and exp unpack a packed amount; coef is its coefficient m·10^z, ok false when
// that is past an int64.
func (a Amount) m() int64   { return a.v >> lowBits }
func (a Amount) z() int32   { return int32(a.v >> expBits & (1<<zBits - 1)) }
func (a Amount) exp() int32 { return int32(a.v << (64 - expBits) >> (64 - expBits)) }
func (a Amount) coef() (int64, bool) {
	if z := a.z(); z > 0 {
		return mulPow10(a.m(), z)
	}
	return a.m(), true
}

// Dec returns the amount as a decimal.
func (a Amount) Dec() decimal.Decimal {
	if a.isBig() {
		return a.big()
	}
	if a.v == 0 {
		return decimal.Zero
	}
	if c, ok := a.coef(); ok {
		return decimal.New(c, a.exp())
	}
	return scaledDec(a.m(), a.z(), a.exp())
}

// Parts returns coef and exp with a = coef·10^exp, when the amount is packed (see pack;
// every 64-bit coefficient that is a 53-bit number times a power of ten, exponent -32…31).
func (a Amount) Parts() (coef int64, exp int32, ok bool) {
	if a.isBig() {
		return 0, 0, false
	}
	coef, ok = a.coef()
	return coef, a.exp(), ok
}

// Value returns c and e with a = c·10^e, when the amount is packed; e need not be a's
// exponent (the value, not the decimal's form: for printing and comparing, not for
// arithmetic that keeps exponents).
func (a Amount) Value() (c int64, e int32, ok bool) {
	if a.isBig() {
		return 0, 0, false
	}
	return a.m(), a.z() + a.exp(), true
}

// Scaled returns m, z and exp with a's coefficient m·10^z and exponent exp, when a is
// packed.
func (a Amount) Scaled() (m int64, z, exp int32, ok bool) {
	if a.isBig() {
		return 0, 0, 0, false
	}
	return a.m(), a.z(), a.exp(), true
}

// Sign is -1, 0 or 1.
func (a Amount) Sign() int {
	switch {
	case a.isBig():
		return a.big().Sign()
	case a.m() < 0:
		return -1
	case a.m() > 0:
		return 1
	}
	return 0
}

// IsZero reports whether the amount is zero.
func (a Amount) IsZero() bool { return a.Sign() == 0 }

// String prints the amount as decimal.Decimal.String does.
func (a Amount) String() string { return a.Dec().String() }

// Sub is a - b, with the exponent decimal.Sub gives (the smaller of the two).
func (a Amount) Sub(b Amount) Amount {
	x, okx := a.coef()
	y, oky := b.coef()
	if !a.isBig() && !b.isBig() && okx && oky {
		e, be := a.exp(), b.exp()
		ok := true
		switch {
		case e < be:
			y, ok = mulPow10(y, be-e)
		case e > be:
			x, ok = mulPow10(x, e-be)
			e = be
		}
		// x - y overflows only when the signs differ and the result's differs from x's.
		if d := x - y; ok && ((x >= 0) == (y >= 0) || (d >= 0) == (x >= 0)) {
			return NewAmount(d, e)
		}
	}
	return AmountOf(a.Dec().Sub(b.Dec()))
}

// Pow10 is 10^n for 0 ≤ n ≤ 19 (the largest power of ten in a uint64).
func Pow10(n int) uint64 { return pow10s[n] }

// pow10s[n] = 10^n for n ≤ 19.
var pow10s = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// mulPow10 is c·10^n for 0 < n; ok is false on overflow.
func mulPow10(c int64, n int32) (int64, bool) {
	if n >= int32(len(pow10s)) {
		return 0, c == 0
	}
	neg := c < 0
	u := uint64(c)
	if neg {
		u = -u
	}
	hi, lo := bits.Mul64(u, pow10s[n])
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(lo), true
	}
	return int64(lo), true
}

// MulRound is round(a × price, places) rounded half away from zero, as
// a.Dec().Mul(price).Round(places) gives it (exponent -places).
func (a Amount) MulRound(price decimal.Decimal, places int32) Amount {
	// by a's value, m·10^(z+exp): the result's form is -places whatever a's is
	if c, ve, ok := a.Value(); ok && c >= 0 && price.Sign() >= 0 && price.NumDigits() <= 18 && places >= 0 && places <= 18 {
		hi, p := bits.Mul64(uint64(c), uint64(price.CoefficientInt64()))
		e := ve + price.Exponent()
		if hi == 0 && p <= math.MaxInt64 {
			switch k := -places - e; {
			case k <= 0:
				if c, ok := mulPow10(int64(p), -k); ok {
					return NewAmount(c, -places)
				}
			case k < int32(len(pow10s)):
				d := pow10s[k]
				q, r := p/d, p%d
				if r >= d-r { // r ≥ d/2, exactly
					q++
				}
				return NewAmount(int64(q), -places)
			default:
				return NewAmount(0, -places)
			}
		}
	}
	return AmountOf(a.Dec().Mul(price).Round(places))
}
