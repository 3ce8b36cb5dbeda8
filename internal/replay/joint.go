package replay

import (
	"cmp"
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
)

// Joint lists: one list of the slots of several groups, for the classes that match them
// together (classlists.go), so that their records walk one list instead of several.

// listBudget is how many slots the joint lists may hold in all, for records records
// replayed (so far, in a session) and a table of slots slots: two a record, and the
// table once more (tests set it to give none, every class of several groups walking
// their lists side by side, or plenty).
var listBudget = func(records, slots int) int { return 2*records + slots }

// joinBest gives the sets of several groups their list of all their slots: those built
// already, then those worth it (byBenefit) while the joint lists hold at most budget
// slots.
func (cl *classLists) joinBest(sets []groupSet, budget int, nl *newLists) {
	for j := range sets {
		if s := &sets[j]; len(s.gs) > 1 {
			s.key = setKey(s.gs)
			s.joint = cl.joint[s.key]
			for _, g := range s.gs {
				s.size += cl.size[g]
			}
		}
	}
	for _, j := range byBenefit(sets) {
		if s := &sets[j]; cl.jointSlots+s.size <= budget {
			s.joint = &candList{}
			cl.joint[s.key], cl.jointSlots = s.joint, cl.jointSlots+s.size
			var ps []int32
			for _, g := range s.gs {
				ps = append(ps, cl.members[g]...)
			}
			nl.add(s.joint, ps)
		}
	}
}

// byBenefit is the indices of the sets of several groups whose list of all their slots
// is worth building, those that save the most walking per slot first. A record of a
// set of k groups walked side by side starts k walks (n·k for the set's records),
// while the list holds size slots: it is worth it from one walk per walkSlots slots.
// Ties go by the groups' ids.
func byBenefit(sets []groupSet) []int {
	var order []int
	for j := range sets {
		if s := &sets[j]; len(s.gs) > 1 && s.joint == nil && compareWork(s.n, len(s.gs), walkSlots, s.size, 1, 1) >= 0 {
			order = append(order, j)
		}
	}
	slices.SortFunc(order, func(x, y int) int {
		a, b := &sets[x], &sets[y]
		if c := compareWork(a.n, len(a.gs), b.size, b.n, len(b.gs), a.size); c != 0 {
			return -c
		}
		return strings.Compare(a.key, b.key)
	})
	return order
}

// walkSlots is the most slots per walk it saves that a list of several groups' slots
// may hold (byBenefit).
const walkSlots = 16

// compareWork compares a·b·c with x·y·z (nonnegative), exactly: records × groups ×
// slots overflows 64 bits.
func compareWork(a, b, c, x, y, z int) int {
	p2, p1, p0 := mul3(a, b, c)
	q2, q1, q0 := mul3(x, y, z)
	if r := cmp.Compare(p2, q2); r != 0 {
		return r
	}
	if r := cmp.Compare(p1, q1); r != 0 {
		return r
	}
	return cmp.Compare(p0, q0)
}

// mul3 is a·b·c (nonnegative) in 192 bits, high word first.
func mul3(a, b, c int) (uint64, uint64, uint64) {
	h1, l1 := bits.Mul64(uint64(a), uint64(b))
	h2, l2 := bits.Mul64(l1, uint64(c))
	h3, m3 := bits.Mul64(h1, uint64(c))
	mid, carry := bits.Add64(m3, h2, 0)
	return h3 + carry, mid, l2
}

// setIndex is distinct sets of groups.
type setIndex struct {
	list []groupSet
	of   map[string]int // index into list by the groups' ids (4 bytes each)
}

// add returns the index of the set of groups gs (ascending).
func (si *setIndex) add(gs []int32) int {
	if si.of == nil {
		si.of = map[string]int{}
	}
	k := setKey(gs)
	j, ok := si.of[k]
	if !ok {
		j = len(si.list)
		si.list = append(si.list, groupSet{gs: gs})
		si.of[k] = j
	}
	return j
}

// groupSet is the groups some classes match. Of several groups, joinBest sets key
// (setKey), size (their slots) and joint (the list of all their slots, if any).
type groupSet struct {
	gs    []int32 // ascending
	n     int     // the classes' records
	key   string
	size  int
	joint *candList
}

// setKey names a set of groups (ascending ids).
func setKey(gs []int32) string {
	b := make([]byte, 0, 4*len(gs))
	for _, g := range gs {
		b = binary.LittleEndian.AppendUint32(b, uint32(g))
	}
	return string(b)
}
