package replay

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"time"

	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/par"
)

// The replay order (rules.md §2.4): deduct_time, start_time, end_time, record id. Records are
// sorted by a 64-bit deduct key (seconds since the earliest, then nanoseconds) with a
// stable radix sort; runs of equal deduct times are then sorted by the rest of the key.

// recKey is a record to replay: its deduct key, its index in the input and its class
// (index into replayer.classList).
type recKey struct {
	k uint64
	i int32
	c int32
}

// nsBits is the low part of a key, the nanoseconds (< 2^30): 32, so that times in
// whole seconds (most exports) leave the radix sort's two low digits alike, which it
// skips. Deduct times over more than 2^32 seconds (136 years) are sorted by comparison.
const nsBits = 32

// prepare returns the records to replay (deduct_time ≤ AsOf, all when AsOf is zero) in
// replay order, with their classes, found on every core in parts of the input.
func (rp *replayer) prepare(recs []model.Record, opt Options) []recKey {
	out := mem.MakeHuge[recKey](len(recs)) // 16 bytes a record, all written: fewer faults (docs/performance.md)
	parts := runtime.GOMAXPROCS(0)
	if len(recs) < sequentialBelow {
		parts = 1
	}
	kept := make([]int, parts)                           // per part: replayed records, at the start of its range
	lo, hi := make([]int64, parts), make([]int64, parts) // per part: deduct seconds' range
	limit := asOfLimit(opt.AsOf)
	caches := make([]*classCache, parts)
	inParts(parts, len(recs), func(p, from, to int) {
		cc := rp.classCache()
		caches[p] = cc
		n, l, h := from, int64(math.MaxInt64), int64(math.MinInt64)
		for i := from; i < to; i++ {
			r := &recs[i]
			if _, _, d := r.Stamps(); d <= limit {
				out[n] = recKey{i: int32(i), c: cc.class(r)}
				s, _ := d.Split()
				l, h = min(l, s), max(h, s)
				n++
			}
		}
		kept[p], lo[p], hi[p] = n-from, l, h
	})
	n := 0
	for p := range parts {
		from := p * len(recs) / parts
		n += copy(out[n:], out[from:from+kept[p]])
	}
	out = out[:n]
	// The first worker's entries take a region of the arena with room for the whole
	// ledger (split): it is made now and lends the radix sort its second array, so that the
	// entries are written over pages the sort already touched instead of fresh ones.
	var scratch []recKey
	if !rp.states { // else no entries: the sort makes its own
		rp.first = mem.MakeHuge[Entry](arenaRoom(n))
		scratch, _ = mem.View[recKey](rp.first, n)
	}
	// The candidate lists and the sort share nothing: made at once, each fills the other's
	// waits (a part of either finishing before the others).
	counts := make([][]int, parts)
	for p, cc := range caches {
		counts[p] = cc.n
	}
	var wg par.Group
	wg.Go(func() { rp.withLists(parts, counts...) })
	sortKeys(recs, out, scratch, slices.Min(lo), slices.Max(hi), parts)
	wg.Wait()
	return out
}

// asOfLimit is the last deduct instant replayed as of asOf (zero: all).
func asOfLimit(asOf time.Time) model.Stamp {
	if asOf.IsZero() {
		return math.MaxInt64
	}
	if s, ok := model.StampOf(asOf); ok {
		return s
	}
	if asOf.Year() < 1970 { // before every record's time
		return model.NoStamp
	}
	return math.MaxInt64
}

// partsOf is how many parts n items are worth when a part should hold at least each:
// at most one per core, at least one.
func partsOf(n, each int) int { return max(1, min(runtime.GOMAXPROCS(0), n/each)) }

// inParts calls fn(p, from, to) for the parts [from, to) of 0…n-1, one goroutine each.
func inParts(parts, n int, fn func(p, from, to int)) {
	var wg par.Group
	for p := range parts {
		wg.Go(func() { fn(p, p*n/parts, (p+1)*n/parts) })
	}
	wg.Wait()
}

// sortKeys puts out in replay order; lo and hi bound the records' deduct seconds. The
// keys and the runs of equal deduct times are done in parts, one goroutine each. scratch,
// when as long as out, is the radix sort's second array (its contents are garbage after).
func sortKeys(recs []model.Record, out, scratch []recKey, lo, hi int64, parts int) {
	tie := func(a, b recKey) int {
		ra, rb := &recs[a.i], &recs[b.i]
		sa, ea, _ := ra.Stamps()
		sb, eb, _ := rb.Stamps()
		if c := cmp.Compare(sa, sb); c != 0 {
			return c
		}
		if c := cmp.Compare(ea, eb); c != 0 {
			return c
		}
		return cmp.Compare(ra.ID, rb.ID)
	}
	if len(out) == 0 {
		return
	}
	if uint64(hi-lo) >= 1<<(64-nsBits) {
		slices.SortFunc(out, func(a, b recKey) int {
			_, _, da := recs[a.i].Stamps()
			_, _, db := recs[b.i].Stamps()
			if c := cmp.Compare(da, db); c != 0 {
				return c
			}
			return tie(a, b)
		})
		return
	}
	inParts(parts, len(out), func(_, from, to int) {
		for j := from; j < to; j++ {
			_, _, d := recs[out[j].i].Stamps()
			s, ns := d.Split()
			out[j].k = uint64(s-lo)<<nsBits | uint64(ns)
		}
	})
	radixSortParts(out, scratch, parts)
	// Parts for the runs of equal keys: each boundary moved on to where a run starts
	// (all found before any part is sorted).
	bound := make([]int, parts+1)
	for p := range bound {
		j := p * len(out) / parts
		for j > 0 && j < len(out) && out[j].k == out[j-1].k {
			j++
		}
		bound[p] = j
	}
	inParts(parts, len(out), func(p, _, _ int) {
		for i, to := bound[p], bound[p+1]; i < to; {
			j := i + 1
			for j < to && out[j].k == out[i].k {
				j++
			}
			if j-i > 1 {
				slices.SortFunc(out[i:j], tie)
			}
			i = j
		}
	})
}

// radixSort sorts keys by k, stably, 16 bits per pass, skipping digits all keys share.
func radixSort(keys []recKey) { radixSortParts(keys, nil, 1) }

// radixSortParts is radixSort on up to parts goroutines: each pass, every part counts
// its keys' digits, and scatters them to positions after those of lower digits and, for
// the same digit, of earlier parts (stable, as one goroutine would place them). The
// scatter's second array is scratch when that is as long as keys, else made.
func radixSortParts(keys, scratch []recKey, parts int) {
	if len(keys) < 2 {
		return
	}
	parts = max(1, min(parts, len(keys)/radixPartMin))
	dst := scratch
	if len(dst) != len(keys) {
		dst = mem.MakeHuge[recKey](len(keys)) // as the keys
	}
	src := keys
	count := make([][1 << 16]uint32, parts)
	for shift := 0; shift < 64; shift += 16 {
		inParts(parts, len(src), func(p, from, to int) {
			c := &count[p]
			clear(c[:])
			for _, x := range src[from:to] {
				c[uint16(x.k>>shift)]++
			}
		})
		d0 := uint16(src[0].k >> shift)
		var same uint32
		for p := range count {
			same += count[p][d0]
		}
		if same == uint32(len(src)) {
			continue
		}
		var sum uint32
		for d := range 1 << 16 {
			for p := range count {
				c := count[p][d]
				count[p][d] = sum
				sum += c
			}
		}
		inParts(parts, len(src), func(p, from, to int) {
			c := &count[p]
			for _, x := range src[from:to] {
				d := uint16(x.k >> shift)
				dst[c[d]] = x
				c[d]++
			}
		})
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}

// radixPartMin is the fewest keys worth a part of their own in radixSortParts.
var radixPartMin = 1 << 16
