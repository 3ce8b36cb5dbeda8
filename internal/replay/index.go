package replay

import (
	"slices"
	"time"
)

// index finds the candidate packages of a record without scanning all packages: a map by
// (product, billing item or 0 for "every item"), then one sub-bucket per (specification,
// region, project) filtered with attrOK, then a time grid over the packages' validities.
// Attribute matching is exact here (the group key is the product and item, buckets are
// filtered with attrOK); the time grid only narrows: its candidates are checked with
// slot, and every package that could pass is returned (the grid's condition, that
// [effective, end] meets [start_time, deduct_time], is necessary for the time rule).
type index struct {
	groups map[[2]int32][]*bucket
	stamp  []uint32 // per package: last query that returned it
	query  uint32
}

// bucket is the packages of one attribute combination, on a grid of time cells.
type bucket struct {
	spec, region, project int32
	pkgs                  []int32
	origin, width         int64     // seconds
	cells                 [][]int32 // nil: return every package
	long                  []int32   // packages spanning too many cells
}

const (
	gridMin   = 4       // buckets smaller than this are scanned whole
	gridCells = 1 << 16 // at most this many cells per bucket
	longSpan  = 256     // a package over more cells goes to long
)

func buildIndex(states []PackageState, info []pkgInfo) *index {
	x := &index{groups: map[[2]int32][]*bucket{}, stamp: make([]uint32, len(states))}
	for i := range info {
		pi := &info[i]
		items := pi.items
		if len(items) == 0 {
			items = []int32{0}
		}
		for _, it := range items {
			k := [2]int32{pi.product, it}
			j := slices.IndexFunc(x.groups[k], func(b *bucket) bool {
				return b.spec == pi.spec && b.region == pi.region && b.project == pi.project
			})
			if j < 0 {
				x.groups[k] = append(x.groups[k], &bucket{spec: pi.spec, region: pi.region, project: pi.project})
				j = len(x.groups[k]) - 1
			}
			b := x.groups[k][j]
			b.pkgs = append(b.pkgs, int32(i))
		}
	}
	for _, bs := range x.groups {
		for _, b := range bs {
			b.grid(states)
		}
	}
	return x
}

// grid lays the bucket's packages on time cells of about an eighth of their median
// validity.
func (b *bucket) grid(states []PackageState) {
	if len(b.pkgs) < gridMin {
		return
	}
	lo, hi := int64(1<<62), int64(-1<<62)
	spans := make([]int64, 0, len(b.pkgs))
	for _, i := range b.pkgs {
		s, e := states[i].Pkg.Effective.Unix(), states[i].End.Unix()
		lo, hi = min(lo, s), max(hi, e)
		spans = append(spans, e-s)
	}
	slices.Sort(spans)
	b.origin, b.width = lo, max(spans[len(spans)/2]/8, 1)
	if (hi-lo)/b.width >= gridCells {
		b.width = (hi-lo)/(gridCells-1) + 1
	}
	b.cells = make([][]int32, (hi-lo)/b.width+1)
	for _, i := range b.pkgs {
		c0, c1 := b.cell(states[i].Pkg.Effective), b.cell(states[i].End)
		if c1-c0 >= longSpan {
			b.long = append(b.long, i)
			continue
		}
		for c := c0; c <= c1; c++ {
			b.cells[c] = append(b.cells[c], i)
		}
	}
}

func (b *bucket) cell(t time.Time) int { return b.cellOf(t.Unix()) }

// cellOf is the cell of Unix second sec, clamped to the grid.
func (b *bucket) cellOf(sec int64) int {
	c := (sec - b.origin) / b.width
	return int(max(0, min(c, int64(len(b.cells)-1))))
}

// candidates appends to buf the packages that may deduct a record with attributes ra
// consumed from start and deducted at deduct.
func (x *index) candidates(ra *recAttrs, start, deduct instant, buf []int32) []int32 {
	if x.query++; x.query == 0 {
		clear(x.stamp)
		x.query = 1
	}
	items := [2]int32{0, ra.item} // every-item packages, then those listing the item
	n := 1
	if ra.item > 0 {
		n = 2
	}
	for _, it := range items[:n] {
		for _, b := range x.groups[[2]int32{ra.product, it}] {
			if attrOK(b.spec, ra.spec) && attrOK(b.region, ra.region) && attrOK(b.project, ra.project) {
				buf = b.collect(x, start, deduct, buf)
			}
		}
	}
	return buf
}

func (b *bucket) collect(x *index, start, deduct instant, buf []int32) []int32 {
	if b.cells == nil {
		return x.add(buf, b.pkgs)
	}
	buf = x.add(buf, b.long)
	s, d := start.sec, deduct.sec
	last := b.origin + int64(len(b.cells))*b.width
	if d < b.origin || s >= last {
		return buf
	}
	for c, c1 := b.cellOf(s), b.cellOf(d); c <= c1; c++ {
		buf = x.add(buf, b.cells[c])
	}
	return buf
}

func (x *index) add(buf, pkgs []int32) []int32 {
	for _, i := range pkgs {
		if x.stamp[i] != x.query {
			x.stamp[i] = x.query
			buf = append(buf, i)
		}
	}
	return buf
}
