package replay

import "encoding/binary"

// The classes' candidate lists. Packages with the same product, deductible items,
// specification, region, enterprise project and unit match the same records: a group.
// A class's candidates are the slots of the groups it matches. Each group's slots are
// one list, shared by every class that matches it, and a set of groups matched
// together may have a list of all their slots (joint), shared too; a class walks one
// list, or a few side by side (worker.walkParts), which meets the same slots in the
// same order. Group lists hold every slot once, joint lists at most listBudget,
// whatever the number of classes: 1,000 classes of one record each, each in a region
// of its own, matching the same 1,000 packages resetting daily for a year, walk one
// list of those 366,000 periods and one of their region's package, instead of holding
// 366 million slots in lists of their own.

// classLists is the lists built so far, shared by the classes (a session's later parts
// add to them).
type classLists struct {
	members   [][]int32            // per group: its packages, ascending
	byProduct map[int32][]int32    // per product: its groups, ascending
	size      []int                // per group: its slots
	pattern   []uint8              // per group: which of specification, region and project are set (groupPattern)
	group     []*candList          // per group: its list, once built
	joint     map[string]*candList // per set of several groups (setKey): the list of all their slots, once built
	// jointSlots is the slots the joint lists hold, records the records replayed so far:
	// jointSlots stays within listBudget
	jointSlots, records int
}

// groupKey is what a group's packages share.
type groupKey struct {
	product, spec, region, project, unit int32
	items                                string // the ids, 4 bytes each
}

func newClassLists(m *matcher, t *candTable) *classLists {
	cl := &classLists{byProduct: map[int32][]int32{}, joint: map[string]*candList{}}
	ids := map[groupKey]int32{}
	var items []byte
	for p := range m.info {
		pi := &m.info[p]
		items = items[:0]
		for _, it := range pi.items {
			items = binary.LittleEndian.AppendUint32(items, uint32(it))
		}
		k := groupKey{pi.product, pi.spec, pi.region, pi.project, pi.unit, string(items)}
		g, ok := ids[k]
		if !ok {
			g = int32(len(cl.members))
			ids[k] = g
			cl.members = append(cl.members, nil)
			cl.byProduct[pi.product] = append(cl.byProduct[pi.product], g)
		}
		cl.members[g] = append(cl.members[g], int32(p))
	}
	cl.group = make([]*candList, len(cl.members))
	cl.size, cl.pattern = make([]int, len(cl.members)), make([]uint8, len(cl.members))
	for g, ps := range cl.members {
		cl.size[g], cl.pattern[g] = slotsOf(ps, t), groupPattern(&m.info[ps[0]])
	}
	return cl
}

// groupPattern is which of a package's specification, region and project are set
// (bits 0, 1, 2). Classes that agree on those attributes, their item and their unit
// match the same groups of a pattern, whatever their other attributes.
func groupPattern(pi *pkgInfo) uint8 {
	var p uint8
	for i, a := range []int32{pi.spec, pi.region, pi.project} {
		if a != 0 {
			p |= 1 << i
		}
	}
	return p
}

// matching is the groups matching ra (attributes and a unit that converts, with the
// conversions both ways computed), ascending.
func (cl *classLists) matching(ra recAttrs, m *matcher) []int32 {
	var gs []int32
	for _, g := range cl.byProduct[ra.product] {
		pi := &m.info[cl.members[g][0]]
		if !itemOK(pi, ra.item) || !attrOK(pi.spec, ra.spec) || !attrOK(pi.region, ra.region) ||
			!attrOK(pi.project, ra.project) || !m.convert(ra.unit, pi.unit).ok {
			continue
		}
		m.convert(pi.unit, ra.unit)
		gs = append(gs, g)
	}
	return gs
}

// lists returns, per class in ras (whose records number n), its list, or the lists to
// walk side by side, building those that are not yet, and the memory of the new ones (a
// listMem per goroutine); records is the number of records this replay (or session part)
// replays.
// The matching is serial (it fills the matcher's conversions); the lists are built on up
// to workers goroutines.
//
// A class matching several groups is given, by the most walking saved per slot first
// (byBenefit), a list of all their slots while such lists hold at most listBudget(records,
// 0); else, per pattern of set and blank attributes (groupPattern), a list of the slots of
// the groups with that pattern while all hold at most listBudget(records, slots); else it
// walks the groups' lists. A class in a region of its own thus walks two lists: the
// region's packages, and those of no region that every class shares.
func (cl *classLists) lists(ras []recAttrs, n []int, records int, m *matcher, t *candTable, workers int) ([]*candList, [][]*candList, []listMem) {
	cl.records += records
	byAttrs := map[recAttrs]int{} // index into sets
	var sets setIndex
	of := make([]int, len(ras)) // per class: its set
	for i, ra := range ras {
		j, ok := byAttrs[ra]
		if !ok {
			j = sets.add(cl.matching(ra, m))
			byAttrs[ra] = j
		}
		of[i] = j
		sets.list[j].n += n[i]
	}
	var nl newLists
	cl.joinBest(sets.list, listBudget(cl.records, 0), &nl)
	// The sets left, by pattern: subs.list[x] is the x-th part of some set.
	var subs setIndex
	partsOf := make([][]int, len(sets.list))
	for j := range sets.list {
		if s := &sets.list[j]; s.joint == nil && len(s.gs) > 1 {
			var by [8][]int32
			for _, g := range s.gs {
				by[cl.pattern[g]] = append(by[cl.pattern[g]], g)
			}
			for _, gs := range by {
				if len(gs) > 0 {
					x := subs.add(gs)
					subs.list[x].n += s.n
					partsOf[j] = append(partsOf[j], x)
				}
			}
		}
	}
	cl.joinBest(subs.list, listBudget(cl.records, len(t.slots)), &nl)
	one := make([]*candList, len(ras))
	parts := make([][]*candList, len(ras))
	for i := range ras {
		s := &sets.list[of[i]]
		var ls []*candList
		switch {
		case len(s.gs) == 0: // a list of its own: lists are a worker's, and classes of other products may have none
			one[i] = &candList{}
			one[i].init(nil, &listMem{})
			continue
		case s.joint != nil:
			ls = []*candList{s.joint}
		case len(s.gs) == 1:
			ls = []*candList{cl.groupList(s.gs[0], &nl)}
		}
		for _, x := range partsOf[of[i]] {
			if sub := &subs.list[x]; sub.joint != nil {
				ls = append(ls, sub.joint)
			} else {
				for _, g := range sub.gs {
					ls = append(ls, cl.groupList(g, &nl))
				}
			}
		}
		if len(ls) == 1 {
			one[i] = ls[0]
		} else {
			parts[i] = ls
		}
	}
	return one, parts, buildLists(nl.lists, nl.pkgs, t, workers)
}

// newLists is the lists to build, each with its packages.
type newLists struct {
	lists []*candList
	pkgs  [][]int32
}

func (nl *newLists) add(l *candList, pkgs []int32) {
	nl.lists, nl.pkgs = append(nl.lists, l), append(nl.pkgs, pkgs)
}

// groupList is group g's list, to be built (nl) if it is not yet.
func (cl *classLists) groupList(g int32, nl *newLists) *candList {
	if cl.group[g] == nil {
		cl.group[g] = &candList{}
		nl.add(cl.group[g], cl.members[g])
	}
	return cl.group[g]
}

// each calls f with every list built (in no particular order).
func (cl *classLists) each(f func(*candList)) {
	for _, l := range cl.group {
		if l != nil {
			f(l)
		}
	}
	for _, l := range cl.joint {
		f(l)
	}
}
