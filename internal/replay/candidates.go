package replay

// candidate is one package period (or window) that may deduct the current record,
// with the first part of its §2.4 sort key.
type candidate struct {
	pkg, period int32
	end         instant // the period's end (never after the package's)
}

// replayer holds the per-run scratch state, reused across records.
type replayer struct {
	l     *Ledger
	m     *matcher
	buf   []int32
	cands []candidate
	hint  []int32          // per package: the period found last (records come in time order)
	wins  []map[winKey]int // per level package: window → index
}

type winKey struct{ start, startNs, end, endNs int64 }

func (rp *replayer) run(queue []queued) {
	l := rp.l
	l.Records = make([]RecordResult, len(queue))
	l.Entries = make([]Entry, 0, len(queue)+len(queue)/4)
	rp.wins = make([]map[winKey]int, len(l.Packages))
	rp.hint = make([]int32, len(l.Packages))
	for i := range queue {
		l.Records[i] = RecordResult{Rec: queue[i].rec}
		rp.record(i, &queue[i])
	}
}

// eligible fills rp.cands with the package periods that may deduct r (unordered: the
// caller takes them in §2.4 order with next). The
// index has applied the attribute predicates per bucket; the unit and time rules are
// checked here, with the same functions Diagnose uses.
func (rp *replayer) eligible(q *queued) {
	lo, hi := q.rt.start, q.rt.deduct
	if hi.before(lo) {
		lo, hi = hi, lo
	}
	rp.buf = rp.m.index.candidates(&q.ra, lo, hi, rp.buf[:0])
	rp.cands = rp.cands[:0]
	lastUnit, lastOK := int32(-1), false
	for _, i := range rp.buf {
		pt := &rp.m.times[i]
		k, f := slotHint(pt, &q.rt, &rp.hint[i])
		if f != 0 {
			continue
		}
		if u := rp.m.info[i].unit; u != lastUnit {
			_, lastOK = rp.m.convert(q.ra.unit, u)
			lastUnit = u
		}
		if lastOK {
			rp.cands = append(rp.cands, candidate{pkg: i, period: int32(k), end: pt.periodEnd(k)})
		}
	}
}

// next removes and returns the first remaining candidate in §2.4 order. A record is
// usually covered by its first package, so selecting beats sorting them all.
func (rp *replayer) next() candidate {
	j := 0
	for i := 1; i < len(rp.cands); i++ {
		if rp.less(&rp.cands[i], &rp.cands[j]) {
			j = i
		}
	}
	c, last := rp.cands[j], len(rp.cands)-1
	rp.cands[j] = rp.cands[last]
	rp.cands = rp.cands[:last]
	return c
}

// less orders candidates: the earlier of package end and period end (the period end,
// which is never after the package end), effective_time, order_time, package id.
func (rp *replayer) less(a, b *candidate) bool {
	if c := a.end.compare(b.end); c != 0 {
		return c < 0
	}
	ta, tb := &rp.m.times[a.pkg], &rp.m.times[b.pkg]
	if c := ta.eff.compare(tb.eff); c != 0 {
		return c < 0
	}
	if c := ta.order.compare(tb.order); c != 0 {
		return c < 0
	}
	return a.pkg < b.pkg // packages are sorted by id
}
