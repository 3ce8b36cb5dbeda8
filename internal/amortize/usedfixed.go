package amortize

import (
	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
)

// addUsed adds the non-zero used rows, amounts from sc.amts (at the currency precision)
// when fixed, else from sc.decs, and returns their sum.
func (e *engine) addUsed(k int, fixed bool) decimal.Decimal {
	sc := &e.scr
	sum, fsum := decimal.Zero, decSum{exp: -e.cfg.Precision}
	for g := range sc.groups {
		var amt decimal.Decimal
		if fixed {
			if sc.amts[g] == 0 {
				continue
			}
			amt = e.amt.of(sc.amts[g])
			fsum.addFixed(sc.amts[g])
		} else {
			if amt = sc.decs[g]; amt.IsZero() {
				continue
			}
			sum = sum.Add(amt)
		}
		gr := &sc.groups[g]
		e.uses = append(e.uses, useInfo{project: gr.project, tags: gr.tags, key: e.tags.str[gr.key.tags]})
		r := row{amt: amt, qty: gr.qty.value(), hasQty: true, day: gr.key.d, per: int32(k),
			use: int32(len(e.uses) - 1), typ: uint8(model.BillUsed)}
		e.buf = append(e.buf, draft{r: r})
	}
	if fixed {
		return fsum.value()
	}
	return sum
}

// usedFixed splits a over the groups by deducted ÷ capacity on int64s into sc.amts: the
// same rows as splitter, computed as round(A′×cum/C′) with A′ and C′ the coefficients
// of a and the capacity scaled to one exponent. It reports false (sc.amts empty) when
// some number does not fit.
func (e *engine) usedFixed(a, capacity decimal.Decimal) bool {
	sc := &e.scr
	sc.amts = sc.amts[:0]
	prec := e.cfg.Precision
	ac, ok1 := coefOf(a)
	cc, ok2 := coefOf(capacity)
	if !ok1 || !ok2 || prec < 0 || cc <= 0 || len(sc.groups) == 0 {
		return false
	}
	ce := int32(0) // the exponent of cum: the least of the groups'
	for g := range sc.groups {
		q := &sc.groups[g].qty
		if q.big {
			return false
		}
		ce = min(ce, q.exp)
	}
	// cur = a×cum/capacity at 10^−prec = A×Cum×10^s / C
	s := int64(a.Exponent()) + int64(ce) - int64(capacity.Exponent()) + int64(prec)
	if s > 18 || s < -18 {
		return false
	}
	var ok bool
	if s >= 0 {
		ac, ok = scale10(ac, int32(s))
	} else {
		cc, ok = scale10(cc, int32(-s))
	}
	if !ok {
		return false
	}
	cum, prev := int64(0), int64(0)
	for g := range sc.groups {
		q := &sc.groups[g].qty
		c, ok := scale10(q.c, q.exp-ce)
		if cum, ok = cum+c, ok && cum+c <= maxFixed; !ok {
			sc.amts = sc.amts[:0]
			return false
		}
		cur, ok := mulDivRound(ac, cum, cc)
		if !ok {
			sc.amts = sc.amts[:0]
			return false
		}
		sc.amts = append(sc.amts, cur-prev)
		prev = cur
	}
	return true
}
