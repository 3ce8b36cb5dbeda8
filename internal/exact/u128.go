package exact

import (
	"math/bits"
)

// u128 is an unsigned 128-bit integer, the magnitude of a Qty.
type u128 struct{ hi, lo uint64 }

func (x u128) isZero() bool { return x.hi == 0 && x.lo == 0 }

func (x u128) cmp(y u128) int {
	switch {
	case x.hi != y.hi:
		if x.hi < y.hi {
			return -1
		}
		return 1
	case x.lo < y.lo:
		return -1
	case x.lo > y.lo:
		return 1
	}
	return 0
}

// add is x + y; ok is false on overflow.
func (x u128) add(y u128) (u128, bool) {
	lo, c := bits.Add64(x.lo, y.lo, 0)
	hi, c := bits.Add64(x.hi, y.hi, c)
	return u128{hi, lo}, c == 0
}

// sub is x - y for x ≥ y.
func (x u128) sub(y u128) u128 {
	lo, b := bits.Sub64(x.lo, y.lo, 0)
	hi, _ := bits.Sub64(x.hi, y.hi, b)
	return u128{hi, lo}
}

// mul64 is x·y; ok is false on overflow.
func (x u128) mul64(y uint64) (u128, bool) {
	h1, lo := bits.Mul64(x.lo, y)
	h2, l2 := bits.Mul64(x.hi, y)
	hi, c := bits.Add64(h1, l2, 0)
	return u128{hi, lo}, h2 == 0 && c == 0
}

// mulPow10 is x·10^n for n ≥ 0; ok is false on overflow.
func (x u128) mulPow10(n int64) (u128, bool) {
	if x.isZero() {
		return x, true
	}
	for ok := true; n > 0; n -= 19 {
		if x, ok = x.mul64(Pow10(int(min(n, 19)))); !ok {
			return x, false
		}
	}
	return x, true
}

// divMod is x/y and x%y (y > 0).
func (x u128) divMod(y uint64) (u128, uint64) {
	qhi, r := x.hi/y, x.hi%y
	qlo, r := bits.Div64(r, x.lo, y)
	return u128{qhi, qlo}, r
}

// divRound is x/y rounded half away from zero (y > 0); ok is false on overflow.
func (x u128) divRound(y uint64) (u128, bool) {
	qhi, r := x.hi/y, x.hi%y
	qlo, r := bits.Div64(r, x.lo, y)
	q := u128{qhi, qlo}
	if r >= y-r { // 2r ≥ y, without overflow
		return q.add(u128{lo: 1})
	}
	return q, true
}

// divMod128 is x/y and x%y for y ≥ 2^64, whose quotient fits 64 bits: the top 64 bits
// of y, normalized, give an estimate one too small at most, which one comparison
// corrects (Hacker's Delight, divlu with a two-word divisor).
func (x u128) divMod128(y u128) (uint64, u128) {
	n := uint(bits.LeadingZeros64(y.hi))
	y1 := y.hi<<n | y.lo>>(64-n) // y's top 64 bits (y.lo>>64 is 0 in Go)
	x1 := u128{x.hi >> 1, x.hi<<63 | x.lo>>1}
	q, _ := bits.Div64(x1.hi, x1.lo, y1) // x1.hi < 2^63 ≤ y1: no overflow
	q >>= 63 - n
	if q != 0 {
		q--
	}
	qy, _ := y.mul64(q) // q·y ≤ x
	r := x.sub(qy)
	if r.cmp(y) >= 0 {
		q, r = q+1, r.sub(y)
	}
	return q, r
}
