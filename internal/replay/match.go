package replay

import (
	"slices"

	"github.com/pkgctl/pkgctl/internal/model"
)

// Matching (rules.md §2.3). Text attributes are interned after model.Norm: 0 is blank, a
// positive id a value some package carries, -1 a record value no package carries. A
// package attribute matches when it is blank or has the record's id, so a set package
// attribute never matches a blank record attribute. The replay's index (per bucket)
// and Diagnose (per check) decide through the same predicates, itemOK and attrOK, and
// the same time rule, slot.

// pkgInfo is a package's interned attributes, computed once.
type pkgInfo struct {
	product, spec, region, project int32
	items                          []int32 // distinct, ascending; empty = every item
	unit                           int32
}

// recAttrs is a record's interned attributes.
type recAttrs struct {
	product, item, spec, region, project, unit int32
}

type convEntry struct {
	c        qconv
	computed bool
}

// matcher holds the interned attributes of the packages and the replay's caches.
type matcher struct {
	ids       map[string]int32 // Norm(text) → id, package values only
	units     model.Interner   // raw units, numbered
	conv      [][]convEntry    // [from][to], filled lazily; known marks a computed entry
	info      []pkgInfo
	times     []pkgTimes
	byProduct map[int32][]int // package indices, ascending
}

func newMatcher(states []PackageState) *matcher {
	m := &matcher{ids: map[string]int32{},
		byProduct: map[int32][]int{}}
	m.info = make([]pkgInfo, len(states))
	for i := range states {
		p := states[i].Pkg
		pi := &m.info[i]
		pi.product, pi.spec = m.intern(p.Product), m.intern(p.Specification)
		pi.region, pi.project = m.intern(p.Region), m.intern(p.EnterpriseProject)
		pi.unit = m.units.ID(p.Unit)
		for _, it := range p.DeductibleItems {
			if id := m.intern(it); id != 0 {
				pi.items = append(pi.items, id)
			}
		}
		slices.Sort(pi.items) // a package may list thousands: found by bisection
		pi.items = slices.Compact(pi.items)
		m.byProduct[pi.product] = append(m.byProduct[pi.product], i)
	}
	m.times = make([]pkgTimes, len(states))
	inParts(partsOf(len(states), packagesPartMin), len(states), func(_, from, to int) {
		for i := from; i < to; i++ {
			m.times[i] = timesOf(&states[i])
		}
	})
	return m
}

func (m *matcher) intern(s string) int32 {
	n := model.Norm(s)
	if n == "" {
		return 0
	}
	id, ok := m.ids[n]
	if !ok {
		id = int32(len(m.ids) + 1)
		m.ids[n] = id
	}
	return id
}

// lookup is the id of a record's text without touching any cache (safe concurrently).
func (m *matcher) lookup(s string) int32 {
	n := model.Norm(s)
	if n == "" {
		return 0
	}
	if id, ok := m.ids[n]; ok {
		return id
	}
	return -1
}

// conversion is a conversion convert has computed (safe concurrently).
func (m *matcher) conversion(from, to int32) *qconv { return &m.conv[from][to].c }

// convert is value.NewConversion, as a qconv, memoized per (from, to) unit pair (Run
// only); its ok is false when the units do not convert.
func (m *matcher) convert(from, to int32) *qconv {
	for int(from) >= len(m.conv) {
		m.conv = append(m.conv, nil)
	}
	row := m.conv[from]
	for int(to) >= len(row) {
		row = append(row, convEntry{})
	}
	m.conv[from] = row
	e := &row[to]
	if !e.computed {
		e.c, e.computed = newQconv(m.units.Texts[from], m.units.Texts[to]), true
	}
	return &e.c
}

func (m *matcher) attrs(r *model.Record) recAttrs {
	return recAttrs{m.lookup(r.Product), m.lookup(r.BillingItem), m.lookup(r.Specification),
		m.lookup(r.Region), m.lookup(r.EnterpriseProject), -1}
}

func itemOK(pi *pkgInfo, item int32) bool {
	if len(pi.items) <= 8 {
		return len(pi.items) == 0 || slices.Contains(pi.items, item)
	}
	_, found := slices.BinarySearch(pi.items, item)
	return found
}

// attrOK: a blank package attribute matches anything, a set one only the same value.
func attrOK(pkgAttr, recAttr int32) bool { return pkgAttr == 0 || pkgAttr == recAttr }
