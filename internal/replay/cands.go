package replay

import (
	"cmp"
	"slices"

	"github.com/pkgctl/pkgctl/internal/model"
)

// The replay's candidate search. A slot is one package period; all slots are sorted
// once by the rules.md §2.4 key (period end, effective_time, order_time, package id), so a
// record's candidates, taken in slot order, come in deduction order without sorting
// per record. A record's candidates are the slots of every package that matches its
// attributes (rules.md §2.3 attributes and unit, the same predicates as Diagnose), in one
// list or a few walked side by side (classlists.go); a record binary-searches the first
// slot that can still contain it (end ≥ min(start_time, end_time)) and walks on,
// testing the time rule per slot. Usage
// periods that ran out are unlinked from the lists they are met in (skip pointers), so
// a walk passes them once per list, not once per record; periods that have not started
// for a record are jumped over (candList.next).

// cand is one package period as a candidate (a slot).
type cand struct {
	a, b        instant // period start and end (b: the key's first part)
	pkg, period int32
	inside      bool // resettable or level (rules.md §2.3)
	last        bool // the package's last period
}

// fits is the time rule of rules.md §2.3 for this period, as slotHint decides it: inside, the
// consumption must start in the period (the last one extends to the right) and end by
// its end; otherwise deduct_time ≥ effective_time (a) and start_time < end (b). An empty
// period (only an empty validity has one) fits nothing: the package is valid at no
// instant.
func (s *cand) fits(rt *recTimes) bool {
	if !s.inside {
		return !rt.deduct.before(s.a) && rt.start.before(s.b) && s.a.before(s.b)
	}
	return !rt.start.before(s.a) && (s.last || rt.start.before(s.b)) && !s.b.before(rt.end) && s.a.before(s.b)
}

// candTable is every slot, and where each package's are.
type candTable struct {
	slots []cand  // in key order; the index is the slot id
	first []int32 // per package: its slots are byPkg[first[p]:first[p+1]], by period
	byPkg []int32
}

func buildSlots(m *matcher) *candTable {
	rank := ranks(m.times)
	t := &candTable{first: make([]int32, len(m.times)+1)}
	for p := range m.times {
		t.first[p+1] = t.first[p] + int32(len(m.times[p].starts))
	}
	slots := make([]cand, 0, t.first[len(m.times)])
	for p := range m.times {
		pt := &m.times[p]
		for k, a := range pt.starts {
			slots = append(slots, cand{a: a, b: pt.periodEnd(k), pkg: int32(p), period: int32(k),
				inside: pt.inside, last: k == len(pt.starts)-1})
		}
	}
	t.slots = make([]cand, len(slots))
	for id, i := range slotOrder(slots, rank) {
		t.slots[id] = slots[i]
	}
	t.byPkg = make([]int32, len(t.slots))
	for id := range t.slots {
		s := &t.slots[id]
		t.byPkg[t.first[s.pkg]+s.period] = int32(id)
	}
	return t
}

// slotOrder returns the positions of slots in key order: period end, then the package's
// rank (every key differs: a package's periods end at different times). Ends in whole
// seconds within 2^43 s of each other (all but odd inputs) and ranks below 2^20 make one
// 64-bit key for radixSort; otherwise the keys are compared.
func slotOrder(slots []cand, rank []int32) []int32 {
	order := make([]int32, len(slots))
	if len(slots) == 0 {
		return order
	}
	lo, hi, whole := slots[0].b.sec, slots[0].b.sec, true
	for i := range slots {
		b := slots[i].b
		lo, hi, whole = min(lo, b.sec), max(hi, b.sec), whole && b.nsec == 0
	}
	if whole && uint64(hi-lo) < 1<<43 && len(rank) <= 1<<20 {
		keys := make([]recKey, len(slots))
		for i := range slots {
			s := &slots[i]
			keys[i] = recKey{k: uint64(s.b.sec-lo)<<20 | uint64(rank[s.pkg]), i: int32(i)}
		}
		radixSort(keys)
		for j, k := range keys {
			order[j] = k.i
		}
		return order
	}
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int {
		a, b := &slots[x], &slots[y]
		if c := a.b.compare(b.b); c != 0 {
			return c
		}
		return cmp.Compare(rank[a.pkg], rank[b.pkg])
	})
	return order
}

// ranks numbers the packages by (effective_time, order_time, package id), the rest of
// the rules.md §2.4 key.
func ranks(times []pkgTimes) []int32 {
	order := make([]int32, len(times))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int { return comparePackages(times, int(x), int(y)) })
	rank := make([]int32, len(times))
	for r, p := range order {
		rank[p] = int32(r)
	}
	return rank
}

// comparePackages orders packages x and y by the rest of the rules.md §2.4 key after the period
// end: effective_time, order_time (a blank one after every given one), package id
// (packages are sorted by id).
func comparePackages(times []pkgTimes, x, y int) int {
	if c := times[x].eff.compare(times[y].eff); c != 0 {
		return c
	}
	if c := model.CompareOrderTime(times[x].order, times[y].order); c != 0 {
		return c
	}
	return cmp.Compare(x, y)
}

// slotOf is the slot id of package p's period k.
func (t *candTable) slotOf(p, k int) int32 { return t.byPkg[int(t.first[p])+k] }
