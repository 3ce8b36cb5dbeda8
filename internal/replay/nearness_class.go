package replay

import (
	"maps"
	"math"
	"slices"

	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

// nearClass is what the records of one class (attribute texts) share.
type nearClass struct {
	id       int // distinct per class
	ra       recAttrs
	unitOK   []bool // per unit id of the matcher: the record unit converts to it
	packages int    // packages of the product
	first    [5]int // packages failing an attribute check, by the first they fail
	out, in  subList
	odd      []int32           // matching packages without a period or valid at no instant (ending when or before they start), tie order
	buckets  [6][5]*nearBucket // [failing attribute checks][first]; nil when empty
	bytes    int64             // about what it holds
	kept     bool              // kept for the next records of the class (classBudget)
}

// nearBucket is the packages failing a attribute checks, first the one its place in
// nearClass.buckets says, in the tie order.
type nearBucket struct {
	a     int
	first Check
	pkgs  []int32
}

// subList is matching packages of one kind (inside or not), in the tie order, with what
// counting them at a record's times needs.
type subList struct {
	pkgs     []int32
	ends     []int64 // of pkgs (ascending), nsOf
	effs     []int64 // their effective times, sorted, nsOf
	des, sup []int32 // prefix counts of packages destroyed / superseded; nil when none
	started  minTree // over the packages' effective times, in pkgs' order
}

// minTree finds, from a position on, the first value at most t: a walk over packages in
// the tie order skips those that have not started without looking at each.
type minTree struct {
	leaf int     // the first leaf (a power of two ≥ the values)
	tree []int64 // tree[leaf+j]: value j (MaxInt64 past the end); inner nodes: the min of both children
}

func newMinTree(vs []int64) minTree {
	t := minTree{leaf: 1}
	for t.leaf < len(vs) {
		t.leaf *= 2
	}
	t.tree = make([]int64, 2*t.leaf)
	for j := range t.leaf {
		t.tree[t.leaf+j] = math.MaxInt64
		if j < len(vs) {
			t.tree[t.leaf+j] = vs[j]
		}
	}
	for i := t.leaf - 1; i > 0; i-- {
		t.tree[i] = min(t.tree[2*i], t.tree[2*i+1])
	}
	return t
}

// first is the first position at or after j whose value is at most v; n (the number
// of values) when none is.
func (t *minTree) first(j, n int, v int64) int {
	if j >= n {
		return n
	}
	i := t.leaf + j
	for t.tree[i] > v {
		for i&1 == 1 { // a right child (or the root): climb
			i >>= 1
		}
		if i == 0 {
			return n
		}
		i++ // the subtree right of i
	}
	for i < t.leaf {
		if i *= 2; t.tree[i] > v {
			i++
		}
	}
	return min(i-t.leaf, n)
}

func (sl *subList) add(p int32, nx *Nearness) {
	sl.pkgs = append(sl.pkgs, p)
	sl.ends = append(sl.ends, nx.end[p])
	sl.effs = append(sl.effs, nx.eff[p])
}

func (sl *subList) finish(l *Ledger) {
	sl.started = newMinTree(sl.effs) // in pkgs' order, before sorting
	slices.Sort(sl.effs)
	var des, sup int32
	for j, p := range sl.pkgs {
		switch l.Packages[p].EndCause {
		case EndDestroyed:
			if sl.des == nil {
				sl.des = make([]int32, len(sl.pkgs)+1)
			}
			des++
		case EndUpgraded:
			if sl.sup == nil {
				sl.sup = make([]int32, len(sl.pkgs)+1)
			}
			sup++
		}
		if sl.des != nil {
			sl.des[j+1] = des
		}
		if sl.sup != nil {
			sl.sup[j+1] = sup
		}
	}
}

// causes counts the packages of positions [0, x) by end cause.
func (sl *subList) causes(x int) (exp, des, sup int) {
	if sl.des != nil {
		des = int(sl.des[x])
	}
	if sl.sup != nil {
		sup = int(sl.sup[x])
	}
	return x - des - sup, des, sup
}

// nearKey is what tells a record class's ranking: its attributes as the packages'
// texts know them (a text no package of any product names is -1, whatever it says) and
// its unit. Records whose region or project no package names share one class, however
// many different texts they carry: a class holds as much as its product has packages.
type nearKey struct {
	ra   recAttrs
	unit string
}

// class returns the index of r's class, made on first use.
func (nx *Nearness) class(r *model.Record) *nearClass {
	if m := nx.prepared.Load(); m != nil {
		if c, ok := (*m)[r.RecordAttrs]; ok {
			return c
		}
	}
	if c, ok := nx.byAttrs.Load(r.RecordAttrs); ok {
		return c.(*nearClass)
	}
	k := nearKey{nx.l.match.attrs(r), r.Unit}
	nx.mu.Lock()
	c, ok := nx.classes[k]
	if !ok {
		if nx.held >= classBudget {
			nx.mu.Unlock()
			return nx.newClass(r) // not kept
		}
		c = nx.newClass(r)
		c.kept = true
		nx.classes[k] = c
		nx.held += c.bytes
	}
	nx.mu.Unlock()
	nx.byAttrs.Store(r.RecordAttrs, c)
	return c
}

// classBudget is about how many bytes the record classes kept for the next records may
// hold: a quarter of the machine's memory, at least 256 MB (a variable: tests set it).
// A class holds every package of its product, so an export whose many distinct
// attribute texts each meet a product of thousands of packages needs their product
// (10,000 × 10,000: about 400 MB); past the budget, a class is made for each record that
// needs it and dropped after: time instead of memory.
var classBudget = func() int64 {
	const least = 256 << 20
	if t := mem.TotalMemory(); t > 0 {
		return max(least, t/4)
	}
	return least
}()

// full reports whether the classes kept have reached classBudget.
func (nx *Nearness) full() bool {
	nx.mu.Lock()
	defer nx.mu.Unlock()
	return nx.held >= classBudget
}

// Prepare indexes the classes of records recs ahead of Rank (Rank does it on first
// use otherwise), on up to workers goroutines, and keeps them where Rank finds them
// fastest. It must not run concurrently with itself.
func (nx *Nearness) Prepare(recs []int, workers int) {
	m := map[*model.RecordAttrs]*nearClass{}
	if old := nx.prepared.Load(); old != nil {
		maps.Copy(m, *old)
	}
	var firsts []int
	for _, i := range recs {
		if a := nx.l.Records[i].Rec.RecordAttrs; m[a] == nil {
			m[a] = &nearClass{} // a placeholder until the class is made
			firsts = append(firsts, i)
		}
	}
	classes := make([]*nearClass, len(firsts))
	inParts(max(1, min(workers, len(firsts))), len(firsts), func(_, from, to int) {
		for k := from; k < to && !nx.full(); k++ { // past the budget, Rank makes its records' classes itself
			if c := nx.class(nx.l.Records[firsts[k]].Rec); c.kept {
				classes[k] = c
			}
		}
	})
	for k, i := range firsts {
		if a := nx.l.Records[i].Rec.RecordAttrs; classes[k] != nil {
			m[a] = classes[k]
		} else {
			delete(m, a)
		}
	}
	nx.prepared.Store(&m)
}

func (nx *Nearness) newClass(r *model.Record) *nearClass {
	l, m := nx.l, nx.l.match
	c := &nearClass{ra: m.attrs(r), id: int(nx.nclasses.Add(1))}
	pkgs := nx.byProduct[c.ra.product]
	if c.ra.product <= 0 || len(pkgs) == 0 {
		return c
	}
	c.packages = len(pkgs)
	c.unitOK = make([]bool, len(m.units.Texts))
	known := make([]bool, len(m.units.Texts))
	for _, p := range pkgs {
		if u := m.info[p].unit; !known[u] {
			_, c.unitOK[u] = value.NewConversion(r.Unit, m.units.Texts[u])
			known[u] = true
		}
	}
	// The packages failing attribute checks go to their buckets, all in one array (a
	// record whose attributes no package has puts every package of the product there):
	// counted first, then placed.
	checks := make([]Checks, len(pkgs))
	var counts [6][5]int
	n := 0
	for k, p := range pkgs {
		cs := c.attrChecks(&m.info[p])
		checks[k] = cs
		if cs == 0 {
			pt := &m.times[p]
			switch {
			case !pt.eff.before(pt.end) || pt.inside && len(pt.starts) == 0: // an empty validity: slot decides
				c.odd = append(c.odd, p)
			case !pt.inside:
				c.out.add(p, nx)
			default:
				c.in.add(p, nx)
			}
			continue
		}
		counts[cs.Len()][cs.First()]++
		n++
	}
	bucketed, off := make([]int32, n), 0
	for a := range counts {
		for f, k := range counts[a] {
			if k > 0 {
				c.buckets[a][f] = &nearBucket{a: a, first: Check(f), pkgs: bucketed[off : off : off+k]}
				off += k
			}
		}
	}
	for k, p := range pkgs {
		if cs := checks[k]; cs != 0 {
			f := cs.First()
			c.first[f]++
			b := c.buckets[cs.Len()][f]
			b.pkgs = append(b.pkgs, p)
		}
	}
	c.out.finish(l)
	c.in.finish(l)
	matching := len(c.out.pkgs) + len(c.in.pkgs) + len(c.odd)
	c.bytes = int64(4*len(bucketed) + 64*matching + 512)
	return c
}

// attrChecks is the attribute checks package pi fails for the class's records.
func (c *nearClass) attrChecks(pi *pkgInfo) Checks {
	var cs Checks
	if !itemOK(pi, c.ra.item) {
		cs |= 1 << CheckItem
	}
	if !attrOK(pi.spec, c.ra.spec) {
		cs |= 1 << CheckSpecification
	}
	if !attrOK(pi.region, c.ra.region) {
		cs |= 1 << CheckRegion
	}
	if !attrOK(pi.project, c.ra.project) {
		cs |= 1 << CheckProject
	}
	if !c.unitOK[pi.unit] {
		cs |= 1 << CheckUnit
	}
	return cs
}

// checks is every failing check of package p for a record of the class at times rt.
func (nx *Nearness) checks(c *nearClass, p int32, rt *recTimes, ppu bool) Checks {
	cs := c.attrChecks(&nx.l.match.info[p])
	_, fails := slot(&nx.l.match.times[p], rt)
	cs |= checksOfTime(fails)
	if cs == 0 && ppu {
		cs = 1 << CheckExhausted
	}
	return cs
}
