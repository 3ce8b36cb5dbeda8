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

// recKey is a record to replay: its deduct key, its index in the input and its class
// (index into replayer.classList).
type recKey struct {
	k uint64
	i int32
	c int32
}

const nsBits = 30 // nanoseconds < 2^30

// prepare returns the records to replay (deduct_time ≤ AsOf, all when AsOf is zero) in
// replay order, with their classes, found on every core in parts of the input.
func (rp *replayer) prepare(recs []model.Record, opt Options) []recKey {
	out := make([]recKey, len(recs))
	parts := runtime.GOMAXPROCS(0)
	if len(recs) < sequentialBelow {
		parts = 1
	}
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() {
			cc := rp.classCache()
			for i := p * len(recs) / parts; i < (p+1)*len(recs)/parts; i++ {
				out[i] = recKey{i: int32(i), c: -1}
				if r := &recs[i]; opt.AsOf.IsZero() || !r.Deduct.After(opt.AsOf) {
					out[i].c = cc.class(r)
				}
			}
		})
	}
	wg.Wait()
	n := 0
	for _, k := range out {
		if k.c >= 0 { // replayed
			out[n] = k
			n++
		}
	}
	out = out[:n]
	sortKeys(recs, out)
	return out
}

// sortKeys puts out in replay order.
func sortKeys(recs []model.Record, out []recKey) {
	lo, hi := int64(1<<62), int64(-1<<62)
	for _, k := range out {
		s := recs[k.i].Deduct.Unix()
		lo, hi = min(lo, s), max(hi, s)
	}
	tie := func(a, b recKey) int {
		ra, rb := &recs[a.i], &recs[b.i]
		if c := ra.Start.Compare(rb.Start); c != 0 {
			return c
		}
		if c := ra.End.Compare(rb.End); c != 0 {
			return c
		}
		return cmp.Compare(ra.ID, rb.ID)
	}
	if len(out) > 0 && uint64(hi-lo) >= 1<<(64-nsBits) {
		slices.SortFunc(out, func(a, b recKey) int {
			if c := recs[a.i].Deduct.Compare(recs[b.i].Deduct); c != 0 {
				return c
			}
			return tie(a, b)
		})
		return
	}
	for j := range out {
		d := &recs[out[j].i].Deduct
		out[j].k = uint64(d.Unix()-lo)<<nsBits | uint64(d.Nanosecond())
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
