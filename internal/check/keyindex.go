package check

// keyIndex numbers the keys of the sums (their place in comparer.sums). An export comes
// in date order, or package by package, and pkgctl's bills in date order: a hash map of
// every key would touch a random slot for each row, which on a million keys misses the
// caches every time. Here each package has its days in an array holding the first key
// of each day, so that the rows of consecutive days find their keys in neighbouring
// memory; the other keys (another bill type or project the same day, a day too far from
// the package's others for its array, a date of no day number) are in a map.
type keyIndex struct {
	pkgs []dayIndex    // by package number
	more map[key]int32 // the keys not in a package's day array
}

// dayIndex is one package's day array.
type dayIndex struct {
	first int32   // the day number (civil days) of at[0]
	at    []int32 // per day: 1 + the number of a key of that day; 0 when none
	keys  int32   // keys in at
	more  int32   // the package's keys in keyIndex.more: with none, a key not in at is new
}

func newKeyIndex(hint int) keyIndex {
	return keyIndex{more: make(map[key]int32, min(hint/16, maxHint))}
}

// get returns the number of key k; sums holds the keys numbered. The map is asked only
// for a package that has keys in it: most keys are new when first asked for (the
// export's, then the expected bills' of days the export does not have), and most
// packages have one key a day.
func (x *keyIndex) get(k key, sums *blocks[sides]) (int32, bool) {
	if int(k.pkg) >= len(x.pkgs) {
		return 0, false // put makes every numbered key's package's
	}
	di := &x.pkgs[k.pkg]
	if d, ok := dayNumber(k.day); ok && d >= di.first && d-di.first < int32(len(di.at)) {
		if v := di.at[d-di.first]; v != 0 && sums.at(v-1).k == k {
			return v - 1, true
		}
	}
	if di.more == 0 {
		return 0, false
	}
	i, ok := x.more[k]
	return i, ok
}

// put numbers k, a key not numbered yet, i.
func (x *keyIndex) put(k key, i int32) {
	for int(k.pkg) >= len(x.pkgs) {
		x.pkgs = append(x.pkgs, dayIndex{})
	}
	di := &x.pkgs[k.pkg]
	d, ok := dayNumber(k.day)
	switch {
	case !ok:
	case len(di.at) == 0:
		di.first, di.at = d, make([]int32, 1, 8)
	case d < di.first || d >= di.first+int32(len(di.at)):
		lo, hi := min(di.first, d), max(di.first+int32(len(di.at)), d+1)
		if hi-lo > maxSpan(di.keys+1) {
			ok = false // too far from the package's other days
			break
		}
		di.grow(lo, hi)
	}
	if ok {
		if slot := &di.at[d-di.first]; *slot == 0 {
			*slot, di.keys = i+1, di.keys+1
			return
		}
	}
	x.more[k], di.more = i, di.more+1
}

// maxSpan is the most days the array of a package with n keys may cover: a few per key
// (the days between a package's rows are mostly none), so that its memory stays within
// a small multiple of its keys'.
func maxSpan(n int32) int32 { return 64 + 8*n }

// grow makes di's array cover days lo … hi-1 (a span within maxSpan), with room on the
// side it grew for more of the same.
func (di *dayIndex) grow(lo, hi int32) {
	span := hi - lo
	room := min(span, maxSpan(di.keys+1)-span) // as much again, within maxSpan
	if lo < di.first {
		lo -= room
	} else {
		hi += room
	}
	at := make([]int32, hi-lo)
	copy(at[di.first-lo:], di.at)
	di.first, di.at = lo, at
}

// dayNumber is the number of the civil day yyyymmdd (days since 1970-01-01, proleptic
// Gregorian); ok is false for a day beyond years 1…9999 or not a calendar day, which
// keyOf never gives but for times outside those years.
func dayNumber(yyyymmdd int32) (int32, bool) {
	y, m, d := yyyymmdd/10000, yyyymmdd/100%100, yyyymmdd%100
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, false
	}
	// Howard Hinnant's days_from_civil.
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468, true
}
