package amortize

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// useKey identifies a used row: one per day, enterprise project (model.Norm form: it
// compares like every text attribute) and tag set (an id from the tag table; tags stay
// exact).
type useKey struct {
	d       day
	project string
	tags    int32
}

type useGroup struct {
	key     useKey
	project string // the first spelling met, in replay order
	tags    model.Tags
	qty     exact.QtySum
}

// usedEnt is what usedRows needs of an entry and its record.
type usedEnt struct {
	at, end time.Time
	project string
	tags    model.Tags
	qty     exact.Amount
}

// usedScratch is usedRows' working memory, reused from period to period.
type usedScratch struct {
	ents   []usedEnt
	index  map[useKey]int
	groups []useGroup
	amts   []int64           // the groups' amounts on int64s (usedFixed)
	decs   []decimal.Decimal // or on decimals
}

// usedRows builds period k's used rows (rules.md §3.4) into e.buf: deductions grouped by day
// (the day of the last instant before deduct_time, clamped into the period's days), the
// record's enterprise project (compared as text attributes are; a row shows the first
// spelling met) and tags; amounts by cumulative rounding of deducted ÷ capacity of the
// period amount a, in order of (date, normalized project, tags). Zero-amount rows are
// omitted. It returns the sum of the rows.
func (e *engine) usedRows(pi, k int, a decimal.Decimal) decimal.Decimal {
	ps := &e.l.Packages[pi]
	sc := &e.scr
	if e.used != nil {
		e.usedGroups(pi, k)
	} else {
		e.groupEntries(&ps.Periods[k], e.ents.Of(pi, k))
	}
	fixed := !e.decimalOnly && e.usedFixed(a, ps.Pkg.Capacity)
	if !fixed {
		s := exact.NewSplitter(a, ps.Pkg.Capacity, e.cfg.Precision)
		cum := decimal.Zero
		sc.decs = sc.decs[:0]
		for g := range sc.groups {
			cum = cum.Add(sc.groups[g].qty.Value())
			sc.decs = append(sc.decs, s.Next(cum))
		}
	}
	return e.addUsed(k, fixed)
}

// groupEntries sums the deductions of period per (its entries) into sc.groups, sorted
// by key.
func (e *engine) groupEntries(per *replay.Period, entries []replay.Entry) {
	sc := &e.scr
	if sc.index == nil {
		sc.index = map[useKey]int{}
	}
	clear(sc.index)
	sc.groups, sc.ents = sc.groups[:0], sc.ents[:0]
	l := e.l
	for x := range entries { // a tight loop first: the loads overlap
		// the entries' records are spread over the ledger: the record's place, the record
		// and its attributes are each loaded ahead of their turn, each through the one
		// before, loaded by then
		if y := x + 3*groupAhead; y < len(entries) {
			l.PrefetchRecord(entries[y].Record)
		}
		if y := x + 2*groupAhead; y < len(entries) {
			if r := l.Record(entries[y].Record); r != nil {
				mem.PrefetchOf(r)
				r.PrefetchDeduct()
			}
		}
		if y := x + groupAhead; y < len(entries) {
			if r := l.Record(entries[y].Record); r != nil && r.RecordAttrs != nil {
				mem.PrefetchOf(r.RecordAttrs)
			}
		}
		en := &entries[x]
		rec := l.Record(en.Record)
		sc.ents = append(sc.ents, usedEnt{at: rec.Deduct(), end: rec.End(), project: rec.EnterpriseProject,
			tags: rec.Tags, qty: en.Quantity})
	}
	first, last := e.cal.span(per.Start, per.End)
	for x := range sc.ents {
		en := &sc.ents[x]
		at := en.at
		if at.IsZero() {
			at = en.end
		}
		key := useKey{clampDay(e.cal.before(at), first, last), model.Norm(en.project), e.tags.id(en.tags)}
		g, ok := sc.index[key]
		if !ok {
			g = len(sc.groups)
			sc.index[key] = g
			sc.groups = append(sc.groups, useGroup{key: key, project: en.project, tags: en.tags})
		}
		sc.groups[g].qty.AddAmount(en.qty)
	}
	slices.SortFunc(sc.groups, func(x, y useGroup) int { return e.cmpUseKey(x.key, y.key) })
}

// groupAhead is how many entries apart groupEntries loads the steps to an entry's
// record.
const groupAhead = 6

func (e *engine) cmpUseKey(k, o useKey) int {
	if c := cmp.Compare(k.d, o.d); c != 0 {
		return c
	}
	if c := strings.Compare(k.project, o.project); c != 0 {
		return c
	}
	return strings.Compare(e.tags.str[k.tags], e.tags.str[o.tags])
}

// cutShort reports whether the period ends before its natural reset boundary. A
// non-resettable package's single period is cut whenever the validity ends before the
// expiration. For a resettable one the uncut periods are those of the package running
// its whole validity (replay.UncutPeriods), so boundaries are computed in one place (the
// replay's).
func (e *engine) cutShort(ps *replay.PackageState, per *replay.Period) bool {
	p := ps.Pkg
	if !per.End.Before(p.Expiration) {
		return false
	}
	if !p.Resettable() {
		return true
	}
	for _, u := range replay.UncutPeriods(p, e.loc) {
		if u.Index == per.Index {
			return !u.End.Equal(per.End)
		}
	}
	return true
}
