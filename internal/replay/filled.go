package replay

import (
	"math"
	"sort"

	"github.com/pkgctl/pkgctl/internal/model"
)

// filled is, for one candidate list, the positions whose level window of a given key
// (the records sharing it: rules.md §2.3) has nothing left, as skip pointers a record's
// walk jumps over. A level window is never unlinked (the package's next window may have
// room), so without them every record of a window walks every package that window
// filled: N records of one window against K full packages cost N × K.
//
// A key's pointer from full position j leads to a later position; every position
// between is no candidate for a record of that key: unlinked (candList.live), full for
// the key, or a period starting after the key's start, which no record of it fits when
// the period is resettable or level (inside: it must contain the start). A usage period
// fits a record deducted after it starts: a pointer holds until the earliest start of
// those it passes. All of that stays so (a window's use only grows), and the pointers
// are a cache of what the windows hold: a key forgotten (forget) is walked again.
//
// A walk marks the full windows it meets only past the first passedFull of them, so
// that exports whose records meet a few full windows each (nearly all) keep none.
type filled struct {
	usage   *usageList // nil: the list has no usage periods
	lastKey winKey
	last    skips // lastKey's (nil: none yet)
	byKey   map[winKey]skips
}

// passedFull is how many full windows a walk meets before it marks those it meets
// (tests lower it).
var passedFull = 8

// skips is a key's pointers, by full position.
type skips map[int32]skip

// skip leads from a full position to position to, for the records of t < until (in
// seconds, as recTimes' latest instant: a usage period it passes has started after).
type skip struct {
	to    int32
	until int64
}

// usageList is a list's usage periods, with their positions and a tree over their
// starts (list: never unlinked).
type usageList struct {
	pos  []int32
	list candList
}

// fullOf returns the skip pointers of key k in l (nil: no window of k is known full).
func (l *candList) fullOf(k winKey) skips {
	f := l.full
	if f == nil {
		return nil
	}
	if f.last != nil && f.lastKey == k {
		return f.last
	}
	s := f.byKey[k]
	if s != nil {
		f.lastKey, f.last = k, s
	}
	return s
}

// markFull records that position j's level window of key k has nothing left, met by a
// record of latest instant t (seconds); s is k's pointers (nil: made here), which it
// returns.
func (l *candList) markFull(slots []cand, k winKey, s skips, j int32, t int64) skips {
	f := l.full
	if f == nil {
		f = &filled{byKey: map[winKey]skips{}, usage: usageOf(l, slots)}
		l.full = f
	}
	if s == nil {
		s = skips{}
		f.byKey[k], f.lastKey, f.last = s, k, s
	}
	to, until := l.next(j+1, instantOfStamp(k.start).sec), int64(math.MaxInt64)
	if u := f.usage; u != nil {
		after := func(p int32) int32 { return int32(sort.Search(len(u.pos), func(i int) bool { return u.pos[i] >= p })) }
		if i := after(j + 1); int(i) < len(u.pos) && u.pos[i] < to {
			e := u.list.next(i, t) // the first started: a candidate
			if int(e) < len(u.pos) && u.pos[e] < to {
				to = u.pos[e]
			} else {
				e = after(to)
			}
			until = u.list.minStart(i, e)
		}
	}
	s[j] = skip{to, until}
	return s
}

func usageOf(l *candList, slots []cand) *usageList {
	u := &usageList{}
	for p, id := range l.ids {
		if !slots[id].inside {
			u.pos, u.list.ids = append(u.pos, int32(p)), append(u.list.ids, id)
		}
	}
	if len(u.pos) == 0 {
		return nil
	}
	u.list.init(slots, &listMem{})
	return u
}

// pastFull is the first live position at or after j (which is live) that s does not
// hold for a record of latest instant t: j itself when its window is not known full.
// Each pointer followed is made to skip the next (path splitting), so a run of full
// windows is crossed in a few steps by the records after.
func (l *candList) pastFull(s skips, j int32, t int64) int32 {
	x := j
	for {
		e, ok := s[x]
		if !ok || t >= e.until {
			return x
		}
		y := l.live(e.to)
		if f, ok := s[y]; ok && t < f.until {
			s[x] = skip{f.to, min(e.until, f.until)}
		}
		x = y
	}
}

// minStart is the earliest period start, in seconds, of positions [i, k) (the largest
// int64 for none); unlinked positions count as the latest.
func (l *candList) minStart(i, k int32) int64 {
	m := int32(math.MaxInt32)
	for lo, hi := l.leaf+int(i), l.leaf+int(k); lo < hi; lo, hi = lo/2, hi/2 {
		if lo&1 == 1 {
			m = min(m, l.tree[lo])
			lo++
		}
		if hi&1 == 1 {
			hi--
			m = min(m, l.tree[hi])
		}
	}
	if m == math.MaxInt32 {
		return math.MaxInt64
	}
	return l.base + int64(m)
}

// forget drops the pointers of the keys that start before bound, whose windows a replay
// in parts may let go of (windows.retire): a record that would open one again must find
// it gone, as it would without them.
func (l *candList) forget(bound model.Stamp) {
	f := l.full
	if f == nil {
		return
	}
	for k := range f.byKey {
		if k.start < bound {
			delete(f.byKey, k)
		}
	}
	if f.last != nil && f.lastKey.start < bound {
		f.last = nil
	}
}
