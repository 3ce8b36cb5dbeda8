package replay

import (
	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
)

// record deducts record ri from its eligible packages in §2.4 order; the rest is one
// pay-per-use entry. Quantities move in the package's unit; the record-unit part is the
// whole outstanding quantity when the package can give all of it, else the taken
// quantity converted back (never more than outstanding), so that per record
// Quantity = Deducted + PayPerUse holds exactly in the record's unit.
func (rp *replayer) record(ri int, q *queued) {
	l := rp.l
	rr := &l.Records[ri]
	r, ra := rr.Rec, &q.ra
	rp.eligible(q)
	rest := r.Quantity
	for rest.Sign() > 0 && len(rp.cands) > 0 {
		c := rp.next()
		pkg := int(c.pkg)
		ps := &l.Packages[pkg]
		used, w := rp.usedBefore(c, r)
		avail := ps.Pkg.Capacity.Sub(used)
		if avail.Sign() <= 0 {
			continue
		}
		conv, _ := rp.m.convert(ra.unit, rp.m.info[pkg].unit)
		take, part := conv.Apply(rest), rest
		if avail.Cmp(take) < 0 {
			back, _ := rp.m.convert(rp.m.info[pkg].unit, ra.unit)
			take, part = avail, back.Apply(avail)
			if part.Cmp(rest) > 0 {
				part = rest
			}
		}
		rp.book(Entry{Record: ri, Package: pkg, Period: int(c.period), Window: w, Quantity: take,
			RecordQuantity: part, AvailableBefore: avail, RemainingAfter: avail.Sub(take)})
		if rr.Deducted.IsZero() {
			rr.Deducted = part
		} else {
			rr.Deducted = rr.Deducted.Add(part)
		}
		if part.Equal(rest) {
			rest = decimal.Zero
		} else {
			rest = rest.Sub(part)
		}
	}
	rr.PayPerUse = rest
	if rest.Sign() != 0 {
		l.Entries = append(l.Entries, Entry{Record: ri, Package: -1, Period: -1, Window: -1,
			Quantity: rest, RecordQuantity: rest, Cost: costOf(r, rest, l.Options.Precision)})
	}
}

// usedBefore is what the candidate's period (usage package) or window (level package)
// has given so far, and the window index (-1 for a usage package).
func (rp *replayer) usedBefore(c candidate, r *model.Record) (decimal.Decimal, int) {
	ps := &rp.l.Packages[c.pkg]
	if !ps.Pkg.Type.IsLevel() {
		return ps.Periods[c.period].Used, -1
	}
	w := rp.window(int(c.pkg), int(c.period), r)
	return ps.Windows[w].Covered, w
}

// window returns the index of package pi's window [r.Start, r.End), creating it.
func (rp *replayer) window(pi, period int, r *model.Record) int {
	m := rp.wins[pi]
	if m == nil {
		m = map[winKey]int{}
		rp.wins[pi] = m
	}
	k := winKey{r.Start.Unix(), int64(r.Start.Nanosecond()), r.End.Unix(), int64(r.End.Nanosecond())}
	w, ok := m[k]
	if !ok {
		ps := &rp.l.Packages[pi]
		w = len(ps.Windows)
		ps.Windows = append(ps.Windows, Window{Start: r.Start, End: r.End, Period: period})
		m[k] = w
	}
	return w
}

// book appends a package entry and updates its period, window and package totals.
func (rp *replayer) book(e Entry) {
	l := rp.l
	idx := len(l.Entries)
	l.Entries = append(l.Entries, e)
	ps := &l.Packages[e.Package]
	per := &ps.Periods[e.Period]
	per.Used = per.Used.Add(e.Quantity)
	per.Entries = append(per.Entries, idx)
	at := l.Records[e.Record].Rec.Deduct
	if e.Window >= 0 {
		w := &ps.Windows[e.Window]
		w.Covered = w.Covered.Add(e.Quantity)
		w.Entries = append(w.Entries, idx)
		if e.RemainingAfter.Sign() <= 0 {
			w.ExhaustedAt = at
		}
	} else if e.RemainingAfter.Sign() <= 0 {
		per.ExhaustedAt = at
	}
}

// costOf prices a pay-per-use quantity of r; invalid without a unit price.
func costOf(r *model.Record, q decimal.Decimal, precision int32) decimal.NullDecimal {
	if !r.UnitPrice.Valid {
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(q.Mul(r.UnitPrice.Decimal).Round(precision))
}
