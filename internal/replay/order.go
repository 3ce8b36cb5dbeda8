package replay

import (
	"cmp"
	"runtime"
	"slices"
	"sync"

	"github.com/pkgctl/pkgctl/internal/model"
)

// The replay order (§2.4): deduct_time, start_time, end_time, record id. Records are
// sorted by a 64-bit deduct key (seconds since the earliest, then nanoseconds) with a
// stable radix sort; runs of equal deduct times are then sorted by the rest of the key.

// recKey is a record to replay: its deduct key and its index in the input.
type recKey struct {
	k uint64
	i int32
}

const nsBits = 30 // nanoseconds < 2^30

// recPre is what the replay needs of a record; c is nil for a record not replayed.
type recPre struct {
	rt recTimes
	c  *recClass
}

// prepare returns the records to replay (deduct_time ≤ AsOf, all when AsOf is zero) in
// replay order, and what the replay needs of each (by input index), gathered on every
// core in parts of the input.
func (rp *replayer) prepare(recs []model.Record, opt Options) ([]recKey, []recPre) {
	pre := make([]recPre, len(recs))
	parts := runtime.GOMAXPROCS(0)
	if len(recs) < sequentialBelow {
		parts = 1
	}
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() {
			cc := rp.classCache()
			for i := p * len(recs) / parts; i < (p+1)*len(recs)/parts; i++ {
				if r := &recs[i]; opt.AsOf.IsZero() || !r.Deduct.After(opt.AsOf) {
					pre[i] = recPre{timesOfRecord(r), cc.class(r)}
				}
			}
		})
	}
	wg.Wait()
	n := 0
	for i := range pre {
		if pre[i].c != nil {
			n++
		}
	}
	out := make([]recKey, 0, n)
	for i := range pre {
		if pre[i].c != nil { // replayed
			out = append(out, recKey{i: int32(i)})
		}
	}
	sortKeys(recs, out, pre)
	return out, pre
}

// sortKeys puts out in replay order.
func sortKeys(recs []model.Record, out []recKey, pre []recPre) {
	lo, hi := int64(1<<62), int64(-1<<62)
	for _, k := range out {
		lo, hi = min(lo, pre[k.i].rt.deduct.sec), max(hi, pre[k.i].rt.deduct.sec)
	}
	tie := func(a, b recKey) int {
		ta, tb := &pre[a.i].rt, &pre[b.i].rt
		if c := ta.start.compare(tb.start); c != 0 {
			return c
		}
		if c := ta.end.compare(tb.end); c != 0 {
			return c
		}
		return cmp.Compare(recs[a.i].ID, recs[b.i].ID)
	}
	if len(out) > 0 && uint64(hi-lo) >= 1<<(64-nsBits) {
		slices.SortFunc(out, func(a, b recKey) int {
			if c := pre[a.i].rt.deduct.compare(pre[b.i].rt.deduct); c != 0 {
				return c
			}
			return tie(a, b)
		})
		return
	}
	for j := range out {
		d := pre[out[j].i].rt.deduct
		out[j].k = uint64(d.sec-lo)<<nsBits | uint64(d.nsec)
	}
	radixSort(out)
	for i := 0; i < len(out); {
		j := i + 1
		for j < len(out) && out[j].k == out[i].k {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(out[i:j], tie)
		}
		i = j
	}
}

// radixSort sorts keys by k, stably, 16 bits per pass, skipping digits all keys share.
func radixSort(keys []recKey) {
	if len(keys) < 2 {
		return
	}
	src, dst := keys, make([]recKey, len(keys))
	var count [1 << 16]uint32
	for shift := 0; shift < 64; shift += 16 {
		clear(count[:])
		for _, x := range src {
			count[uint16(x.k>>shift)]++
		}
		if count[uint16(src[0].k>>shift)] == uint32(len(src)) {
			continue
		}
		var sum uint32
		for d, c := range count {
			count[d] = sum
			sum += c
		}
		for _, x := range src {
			d := uint16(x.k >> shift)
			dst[count[d]] = x
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}
