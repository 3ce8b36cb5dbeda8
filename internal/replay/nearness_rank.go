package replay

import (
	"slices"
)

// Rank ranks the packages of replayed record rec's product (see Nearness): out gets the
// packages the record was deducted from and the n closest others (every package when n
// is negative), and the count of the rest by first failing check. out's Listed is
// reused.
func (nx *Nearness) Rank(rec, n int, out *Ranking) {
	l := nx.l
	rr := &l.Records[rec]
	rk := out.rk
	if rk == nil {
		rk = new(ranker)
	}
	*out = Ranking{Listed: out.Listed[:0], rk: rk}
	c := nx.class(rr.Rec)
	if c.packages == 0 {
		return
	}
	out.Packages = c.packages
	out.AttrMatch = len(c.out.pkgs)+len(c.in.pkgs)+len(c.odd) > 0
	rk.reset(nx, c, rec)
	if n < 0 {
		for _, p := range nx.byProduct[c.ra.product] {
			if !rk.deducted(p) {
				rk.listed = append(rk.listed, Ranked{Package: int(p), Checks: nx.checks(c, p, &rk.rt, rk.ppu)})
			}
		}
	} else {
		rk.count(&out.Others)
		rk.choose(n)
		for _, r := range rk.listed {
			out.Others[otherIndex(l, r.Package, r.Checks)]--
		}
	}
	ls := rk.listed // a few (insertion sort), or every package
	if len(ls) > 16 {
		slices.SortFunc(ls, func(a, b Ranked) int {
			return nx.compare(int32(a.Package), a.Checks, int32(b.Package), b.Checks)
		})
	}
	for i := 1; i < len(ls); i++ {
		for j := i; j > 0 && nx.compare(int32(ls[j].Package), ls[j].Checks, int32(ls[j-1].Package), ls[j-1].Checks) < 0; j-- {
			ls[j], ls[j-1] = ls[j-1], ls[j]
		}
	}
	out.Listed = append(out.Listed, ls...)
}

// otherIndex is the place in OtherCodes of the first failing check cs of package p.
func otherIndex(l *Ledger, p int, cs Checks) int {
	switch f := cs.First(); f {
	case numChecks:
		return otherNone
	case CheckNotYet:
		return otherNotYet
	case CheckEnded:
		return otherExpired + int(l.Packages[p].EndCause)
	case CheckCrosses:
		return otherCrosses
	case CheckExhausted:
		return otherExhausted
	default:
		return int(f)
	}
}

// ranker is one Rank call's state and working memory.
type ranker struct {
	nx       *Nearness
	c        *nearClass
	rec      int
	rt       recTimes
	s, e, d  int64 // the record's start, end and deduct times (nsOf)
	ppu      bool
	mayCross bool // a reset boundary lies inside the consumption
	ded      []int32
	listed   []Ranked
	want     int // how many packages not deducted from are still to be listed
	// positions in the sublists: out[:xo] and in[:xi] have ended; in[loi:xi] ended
	// after the consumption started (the only ones that may also not have started)
	xo, xi, loi int
	split       []bucketSplit
	srcs        []nearSrc
	hints       [512]rankHint // the last searches' positions, by class id
}

// rankHint is where a class's searches ended for the record ranked last of the class.
type rankHint struct {
	c   *nearClass
	pos [5]int // xo, xi, loi, and the not-started searches of out and in
}

// bucketSplit is how many time checks a bucket's packages fail for the record, worked
// out as far as asked: t[j] is package b.pkgs[j]'s, for j < len(t). Its sources go
// through the bucket from its start, so the furthest one has had every package before
// it worked out; the closest packages are usually among the first, and a record whose
// attributes put thousands of packages in one bucket looks at only a few of them.
type bucketSplit struct {
	b *nearBucket
	t []uint8
}

func (rk *ranker) reset(nx *Nearness, c *nearClass, rec int) {
	l := nx.l
	rr := &l.Records[rec]
	rk.nx, rk.c, rk.rec = nx, c, rec
	rk.rt, rk.ppu = timesOfRecord(rr.Rec), rr.PayPerUse.Sign() > 0
	s, e, d := rr.Rec.Stamps()
	rk.s, rk.e, rk.d = int64(s), int64(e), int64(d)
	rk.mayCross = nx.boundaryIn(rk.s, rk.e)
	rk.ded, rk.listed, rk.split = rk.ded[:0], rk.listed[:0], rk.split[:0]
	var took Checks // what a package the record took from fails: it could deduct it (matching and time rule)
	if rk.ppu {
		took = 1 << CheckExhausted
	}
	for e := range rr.Entries() {
		if p := l.Entries[e].Package; p >= 0 && !slices.Contains(rk.ded, p) {
			rk.ded = append(rk.ded, p)
			rk.listed = append(rk.listed, Ranked{Package: int(p), Checks: took, Deducted: true})
		}
	}
	h := &rk.hints[c.id%len(rk.hints)]
	if h.c != c {
		*h = rankHint{c: c}
	}
	rk.xo = afterNear(c.out.ends, rk.s, h.pos[0])
	rk.xi = afterNear(c.in.ends, rk.e-1, h.pos[1]) // at least e
	rk.loi = afterNear(c.in.ends[:rk.xi], rk.s, h.pos[2])
	h.pos[0], h.pos[1], h.pos[2] = rk.xo, rk.xi, rk.loi
}

// effAfterNear is how many of sl's effective times are after t, searched from hint
// *h, which it updates.
func effAfterNear(sl *subList, t int64, h *int) int {
	*h = afterNear(sl.effs, t, *h)
	return len(sl.effs) - *h
}

func (rk *ranker) deducted(p int32) bool { return slices.Contains(rk.ded, p) }

// count sets others to the count of every package of the product by first failing
// check (choose's listed packages are taken off by Rank).
func (rk *ranker) count(others *[len(OtherCodes)]int) {
	c, nx := rk.c, rk.nx
	times := nx.l.match.times
	s, d := rk.s, rk.d
	for f, n := range c.first {
		others[f] = n
	}
	addEnded := func(exp, des, sup int) {
		others[otherExpired] += exp
		others[otherDestroyed] += des
		others[otherSuperseded] += sup
	}
	// Not inside: ended when start_time ≥ end (then it had started: effective ≤ end ≤
	// start_time ≤ deduct_time), not started when deduct_time < effective.
	h := &rk.hints[c.id%len(rk.hints)].pos
	notYet := effAfterNear(&c.out, d, &h[3])
	others[otherNotYet] += notYet
	addEnded(c.out.causes(rk.xo))
	elig := len(c.out.pkgs) - rk.xo - notYet
	// Inside: ended when end < end_time, not started when start_time < effective; both
	// only for packages ending inside the consumption.
	notYet = effAfterNear(&c.in, s, &h[4])
	others[otherNotYet] += notYet
	exp, des, sup := c.in.causes(rk.xi)
	both := 0
	for j := rk.loi; j < rk.xi; j++ {
		if p := c.in.pkgs[j]; s < nx.eff[p] {
			both++
			switch nx.l.Packages[p].EndCause {
			case EndDestroyed:
				des--
			case EndUpgraded:
				sup--
			default:
				exp--
			}
		}
	}
	addEnded(exp, des, sup)
	valid := len(c.in.pkgs) - rk.xi - (notYet - both)
	if rk.mayCross {
		n := len(c.in.pkgs)
		for j := c.in.started.first(rk.xi, n, s); j < n; j = c.in.started.first(j+1, n, s) {
			if _, f := slot(&times[c.in.pkgs[j]], &rk.rt); f&failCrosses != 0 { // started, not ended
				others[otherCrosses]++
				valid--
			}
		}
	}
	elig += valid
	for _, p := range c.odd {
		_, f := slot(&times[p], &rk.rt)
		if f == 0 {
			elig++
			continue
		}
		others[otherIndex(nx.l, int(p), checksOfTime(f))]++
	}
	if rk.ppu {
		others[otherExhausted] += elig
	} else {
		others[otherNone] += elig
	}
}

// Sources of packages in the tie order, filtered.
const (
	srcAll   = iota
	srcEffLE // effective ≤ t
	srcEffGT // effective > t
	srcElig  // effective ≤ t, not crossing a reset
	srcCross // effective ≤ t, crossing a reset
	srcTime  // failing exactly the time checks want
	srcSplit // of a bucket (split), failing fails time checks
)

type nearSrc struct {
	pkgs []int32
	j    int
	kind uint8
	t    int64  // nsOf
	want Checks // srcTime
	// srcSplit: the bucket's split, and how many time checks its packages fail
	split *bucketSplit
	fails uint8
	seen  bool // pkgs[j] is known to pass the filter
	// skip, for srcEffLE and srcElig sources over a sublist's positions from off on,
	// jumps to the next package that has started by t
	skip *minTree
	off  int
}

// head is the source's next package passing its filter, or -1.
func (rk *ranker) head(s *nearSrc) int32 {
	if s.seen {
		return s.pkgs[s.j]
	}
	times, eff := rk.nx.l.match.times, rk.nx.eff
	for ; s.j < len(s.pkgs); s.j++ {
		if s.skip != nil {
			if s.j = s.skip.first(s.off+s.j, s.off+len(s.pkgs), s.t) - s.off; s.j == len(s.pkgs) {
				break
			}
		}
		p := s.pkgs[s.j]
		var ok bool
		switch s.kind {
		case srcAll:
			ok = true
		case srcEffLE:
			ok = eff[p] <= s.t
		case srcEffGT:
			ok = eff[p] > s.t
		case srcElig, srcCross:
			ok = eff[p] <= s.t
			if ok && rk.mayCross {
				_, f := slot(&times[p], &rk.rt)
				ok = (f&failCrosses != 0) == (s.kind == srcCross)
			} else if s.kind == srcCross {
				ok = false
			}
		case srcTime:
			_, f := slot(&times[p], &rk.rt)
			ok = checksOfTime(f) == s.want
		case srcSplit:
			ok = rk.timeFails(s.split, s.j) == s.fails
		}
		if ok {
			s.seen = true
			return p
		}
	}
	return -1
}

// take lists, from the sources (packages with the same number of failing checks and the
// same first one), the packages not deducted from in the tie order until want is met.
// cs is what they all fail (the matching packages' groups), or known false (buckets:
// each package's checks are worked out).
func (rk *ranker) take(srcs []nearSrc, cs Checks, known bool) {
	crank := rk.nx.crank
	for rk.want > 0 {
		best, bp := -1, int32(-1)
		for i := range srcs {
			if p := rk.head(&srcs[i]); p >= 0 && (best < 0 || crank[p] < crank[bp]) {
				best, bp = i, p
			}
		}
		if best < 0 {
			return
		}
		srcs[best].j++
		srcs[best].seen = false
		if !rk.deducted(bp) {
			if !known {
				cs = rk.nx.checks(rk.c, bp, &rk.rt, rk.ppu)
			}
			rk.listed = append(rk.listed, Ranked{Package: int(bp), Checks: cs})
			rk.want--
		}
	}
}

// src starts a source.
func (rk *ranker) src(pkgs []int32, kind uint8, t int64) nearSrc {
	return nearSrc{pkgs: pkgs, kind: kind, t: t}
}

// odd is a source of the class's odd packages failing exactly the time checks want.
func (rk *ranker) odd(want Checks) nearSrc {
	return nearSrc{pkgs: rk.c.odd, kind: srcTime, want: want}
}

// choose lists the n closest packages the record was not deducted from, group by
// group of the closest-package order: (failing checks, first failing check) ascending
// by the first and descending by the second, each group in the tie order.
func (rk *ranker) choose(n int) {
	c := rk.c
	rk.want = n
	s, d := rk.s, rk.d
	elig := func() { // they fail nothing, or have nothing left for the record
		out, in := rk.src(c.out.pkgs[rk.xo:], srcEffLE, d), rk.src(c.in.pkgs[rk.xi:], srcElig, s)
		out.skip, out.off, in.skip, in.off = &c.out.started, rk.xo, &c.in.started, rk.xi
		var cs Checks
		if rk.ppu {
			cs = 1 << CheckExhausted
		}
		rk.take([]nearSrc{out, in, rk.odd(0)}, cs, true)
	}
	if !rk.ppu {
		elig() // no failing check
	}
	// One failing check: EXHAUSTED, CROSSES_RESET_PERIOD, the validity end,
	// NOT_YET_EFFECTIVE, then one attribute check (the later first).
	if rk.ppu {
		elig()
	}
	if rk.mayCross {
		rk.take([]nearSrc{rk.src(c.in.pkgs[rk.xi:], srcCross, s), rk.odd(1 << CheckCrosses)}, 1<<CheckCrosses, true)
	}
	rk.take([]nearSrc{rk.src(c.out.pkgs[:rk.xo], srcAll, s), rk.src(c.in.pkgs[:rk.xi], srcEffLE, s),
		rk.odd(1 << CheckEnded)}, 1<<CheckEnded, true)
	rk.take([]nearSrc{rk.src(c.out.pkgs[rk.xo:], srcEffGT, d), rk.src(c.in.pkgs[rk.xi:], srcEffGT, s),
		rk.odd(1 << CheckNotYet)}, 1<<CheckNotYet, true)
	for f := CheckUnit; int8(f) >= 0 && rk.want > 0; f-- {
		rk.takeBuckets(1, f)
	}
	// Two: not started and ended, then attribute checks.
	if rk.want > 0 {
		both := Checks(1<<CheckNotYet | 1<<CheckEnded)
		rk.take([]nearSrc{rk.src(c.in.pkgs[rk.loi:rk.xi], srcEffGT, s), rk.odd(both)}, both, true)
	}
	for k := 2; k <= CheckUnit.count()+2 && rk.want > 0; k++ {
		for f := CheckUnit; int8(f) >= 0 && rk.want > 0; f-- {
			rk.takeBuckets(k, f)
		}
	}
}

// count of the attribute checks (CheckItem … CheckUnit).
func (c Check) count() int { return int(c) + 1 }

// takeBuckets takes the packages failing k checks, the first of them attribute check
// f: a attribute checks and k−a time checks.
func (rk *ranker) takeBuckets(k int, f Check) {
	rk.srcs = rk.srcs[:0]
	for a := max(1, k-2); a <= min(k, CheckUnit.count()); a++ {
		if b := rk.c.buckets[a][f]; b != nil {
			rk.srcs = append(rk.srcs, nearSrc{pkgs: b.pkgs, kind: srcSplit, split: rk.splitOf(b), fails: uint8(k - a)})
		}
	}
	if len(rk.srcs) > 0 {
		rk.take(rk.srcs, 0, false)
	}
}

// splitOf is bucket b's split for the record (started on first use).
func (rk *ranker) splitOf(b *nearBucket) *bucketSplit {
	for i := range rk.split {
		if rk.split[i].b == b {
			return &rk.split[i]
		}
	}
	if len(rk.split) < cap(rk.split) {
		rk.split = rk.split[:len(rk.split)+1]
	} else {
		rk.split = append(rk.split, bucketSplit{})
	}
	sp := &rk.split[len(rk.split)-1]
	sp.b, sp.t = b, sp.t[:0]
	return sp
}

// timeFails is how many time checks package j of sp's bucket fails for the record,
// working out those before it not yet worked out.
func (rk *ranker) timeFails(sp *bucketSplit, j int) uint8 {
	times := rk.nx.l.match.times
	for len(sp.t) <= j {
		_, f := slot(&times[sp.b.pkgs[len(sp.t)]], &rk.rt)
		sp.t = append(sp.t, uint8(checksOfTime(f).Len()))
	}
	return sp.t[j]
}
