package amortize

import (
	"sync/atomic"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
)

// addUsed adds the non-zero used rows, amounts from sc.amts (at the currency precision)
// when fixed, else from sc.decs, and returns their sum.
func (e *engine) addUsed(k int, fixed bool) decimal.Decimal {
	sc := &e.scr
	e.reserveUses(len(sc.groups))
	sum, fsum := decimal.Zero, exact.NewSum(-e.cfg.Precision)
	for g := range sc.groups {
		var amt exact.Amount
		if fixed {
			if sc.amts[g] == 0 {
				continue
			}
			amt = exact.NewAmount(sc.amts[g], -e.cfg.Precision)
			fsum.AddFixed(sc.amts[g])
		} else {
			if sc.decs[g].IsZero() {
				continue
			}
			amt = exact.AmountOf(sc.decs[g])
			sum = sum.Add(sc.decs[g])
		}
		gr := &sc.groups[g]
		e.uses = append(e.uses, useInfo{project: gr.project, tags: gr.tags, key: e.tags.str[gr.key.tags]})
		r := row{amt: amt, qty: gr.qty.Amount(), hasQty: true, day: gr.key.d, per: int32(k),
			use: int32(len(e.uses) - 1), typ: uint8(model.BillUsed)}
		e.buf = append(e.buf, draft{r: r})
	}
	if fixed {
		return fsum.Value()
	}
	return sum
}

// reserveUses makes room for n more uses in the part's current chunk of them (e.uses).
// A package's rows index its uses in one chunk: when a new chunk is started, the uses
// the package has so far (from e.usesLo) move into it, and so do the indices of its rows
// computed so far (in e.buf; its provisional rows are its own, with no use). The
// finished packages' uses stay where they are, kept in e.useSets.
func (e *engine) reserveUses(n int) {
	if cap(e.uses)-len(e.uses) >= n {
		return
	}
	cur := e.uses[e.usesLo:]
	c := make([]useInfo, len(cur), max(useChunk, len(cur)+n))
	copy(c, cur)
	if shift := int32(e.usesLo); shift > 0 {
		if len(cur) > 0 {
			movedUses.Add(1)
		}
		for k := range e.buf {
			if e.buf[k].r.use >= 0 {
				e.buf[k].r.use -= shift
			}
		}
		e.useSets = append(e.useSets, e.uses[:e.usesLo:e.usesLo])
	}
	e.uses, e.usesLo = c, 0
}

// movedUses counts the packages' uses moved to a new chunk from further in the last one
// (tests check that the path is taken).
var movedUses atomic.Int64

// usedFixed splits a over the groups by deducted ÷ capacity on int64s into sc.amts: the
// same rows as exact.Splitter, computed as round(A′×cum/C′) with A′ and C′ the coefficients
// of a and the capacity scaled to one exponent. It reports false (sc.amts empty) when
// some number does not fit.
func (e *engine) usedFixed(a, capacity decimal.Decimal) bool {
	sc := &e.scr
	sc.amts = sc.amts[:0]
	prec := e.cfg.Precision
	ac, ok1 := exact.CoefOf(a)
	cc, ok2 := exact.CoefOf(capacity)
	if !ok1 || !ok2 || prec < 0 || cc <= 0 || len(sc.groups) == 0 {
		return false
	}
	ce := int32(0) // the exponent of cum: the least of the groups'
	for g := range sc.groups {
		_, qe, ok := sc.groups[g].qty.Fixed()
		if !ok {
			return false
		}
		ce = min(ce, qe)
	}
	// cur = a×cum/capacity at 10^−prec = A×Cum×10^s / C
	s := int64(a.Exponent()) + int64(ce) - int64(capacity.Exponent()) + int64(prec)
	if s > 18 || s < -18 {
		return false
	}
	var ok bool
	if s >= 0 {
		ac, ok = exact.Scale10(ac, int32(s))
	} else {
		cc, ok = exact.Scale10(cc, int32(-s))
	}
	if !ok {
		return false
	}
	cum, split := int64(0), exact.NewFixedSplitter(ac, cc)
	for g := range sc.groups {
		qc, qe, _ := sc.groups[g].qty.Fixed()
		c, ok := exact.Scale10(qc, qe-ce)
		if cum, ok = cum+c, ok && cum+c <= exact.MaxFixed; !ok {
			sc.amts = sc.amts[:0]
			return false
		}
		row, ok := split.Next(cum)
		if !ok {
			sc.amts = sc.amts[:0]
			return false
		}
		sc.amts = append(sc.amts, row)
	}
	return true
}
