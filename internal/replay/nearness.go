package replay

import (
	"cmp"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/pkgctl/pkgctl/internal/model"
)

// Nearness ranks the packages of a record's product by how close each came to
// deducting it: the closest-package order (fewest failing checks; then the
// first failing check latest in the order; then the earlier validity end, effective
// time, order time and package id). It names the few closest packages with their
// failing checks and counts the rest by their first failing check, without examining
// every package of the product for every record:
//
//   - per record class (the attribute texts records share), the product's packages are
//     split once into those that pass every attribute check (the matching packages) and
//     buckets of the others by how many attribute checks they fail and which first;
//     a bucket's time checks are only looked at when its packages can be among the
//     closest (the classes are kept for the next records up to classBudget);
//   - the matching packages are kept in the tie order (validity end first) with their
//     effective times sorted, so that how many have not started, have ended (by end
//     cause) or are valid at the record's times is a few binary searches;
//   - a record crosses a reset of some matching package only if a reset boundary of any
//     package lies strictly inside its consumption (one binary search); only then are
//     the valid matching packages looked at one by one.
//
// The work per record is then proportional to the packages it is close to (and a
// logarithm), and no message is formatted (Ledger.Failures does that for what is
// printed). A Nearness is safe for concurrent use.
type Nearness struct {
	l         *Ledger
	crank     []int32           // per package: its place in the tie order
	eff, end  []int64           // per package: effective time and validity end (nsOf)
	byProduct map[int32][]int32 // per interned product: its packages in the tie order
	bounds    []int64           // every reset boundary strictly inside an inside package's validity (nsOf), sorted, distinct

	prepared atomic.Pointer[map[*model.RecordAttrs]*nearClass] // Prepare's, read-only
	byAttrs  sync.Map                                          // *model.RecordAttrs → *nearClass, the others
	mu       sync.Mutex
	classes  map[nearKey]*nearClass // under mu
	held     int64                  // under mu: the bytes of classes (nearClass.bytes)
	nclasses atomic.Int64           // classes made (their ids)
}

// nsOf is an instant as nanoseconds since 1970, clamped to int64: it compares with
// every record instant (model.Stamp) as the instant does.
func nsOf(a instant) int64 {
	const lim = math.MaxInt64 / int64(1e9)
	switch {
	case a.sec > lim-1:
		return math.MaxInt64
	case a.sec < -lim+1:
		return math.MinInt64
	}
	return a.sec*1e9 + int64(a.nsec)
}

// OtherCodes are the first failing checks by which Ranking.Others counts packages, in
// check order; "" (last) counts the packages with no failing check.
var OtherCodes = [...]string{CodeBillingItem, CodeSpecification, CodeRegion, CodeEnterpriseProject, CodeUnit,
	CodeNotYetEffective, CodeExpired, CodeDestroyed, CodeSuperseded, CodeCrossesResetPeriod, CodeExhausted, ""}

// Indices into OtherCodes.
const (
	otherNotYet     = 5
	otherExpired    = 6
	otherDestroyed  = 7
	otherSuperseded = 8
	otherCrosses    = 9
	otherExhausted  = 10
	otherNone       = 11
)

// Ranked is one package of a ranking.
type Ranked struct {
	Package  int    // index into Ledger.Packages
	Checks   Checks // every failing check (Ledger.Failures formats them)
	Deducted bool   // the record was deducted from it
}

// Ranking is what Rank finds for a record.
type Ranking struct {
	// Listed is the packages the record was deducted from and the n closest others,
	// closest first.
	Listed []Ranked
	// Others counts the packages of the product not listed, by first failing check
	// (indexed as OtherCodes).
	Others [len(OtherCodes)]int
	// Packages is the number of packages of the record's product.
	Packages int
	// AttrMatch reports whether some package of the product passes every attribute
	// check (billing item, specification, region, project and unit).
	AttrMatch bool

	rk *ranker // working memory, kept for the next Rank into the same Ranking
}

// Nearness returns the ledger's closest-package index, made on first use (cheap: the
// record classes are indexed as they are met, or ahead with Prepare).
func (l *Ledger) Nearness() *Nearness {
	l.nearOnce.Do(func() { l.near = newNearness(l) })
	return l.near
}

func newNearness(l *Ledger) *Nearness {
	nx := &Nearness{l: l, byProduct: map[int32][]int32{}, classes: map[nearKey]*nearClass{}}
	m := l.match
	order := make([]int32, len(l.Packages))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return l.tieOrder(int(a), int(b)) })
	nx.crank = make([]int32, len(order))
	for r, p := range order {
		nx.crank[p] = int32(r)
		pr := m.info[p].product
		nx.byProduct[pr] = append(nx.byProduct[pr], p)
	}
	nx.eff, nx.end = make([]int64, len(m.times)), make([]int64, len(m.times))
	for p := range m.times {
		pt := &m.times[p]
		nx.eff[p], nx.end[p] = nsOf(pt.eff), nsOf(pt.end)
		if pt.inside && len(pt.starts) > 1 {
			for _, b := range pt.starts[1:] {
				nx.bounds = append(nx.bounds, nsOf(b))
			}
		}
	}
	slices.Sort(nx.bounds)
	nx.bounds = slices.Compact(nx.bounds)
	return nx
}

// tieOrder compares packages a and b by the last keys of the closest-package order:
// validity end, effective_time, order_time (a blank one last), package id.
func (l *Ledger) tieOrder(a, b int) int {
	pa, pb := &l.Packages[a], &l.Packages[b]
	if c := pa.End.Compare(pb.End); c != 0 {
		return c
	}
	return comparePackages(l.match.times, a, b) // effective_time, order_time (blank last), id
}

// Closer reports whether package a with failing checks ca is closer to deducting a
// record than package b with cb (the closest-package order).
func (nx *Nearness) Closer(a int, ca Checks, b int, cb Checks) bool {
	return nx.compare(int32(a), ca, int32(b), cb) < 0
}

func (nx *Nearness) compare(a int32, ca Checks, b int32, cb Checks) int {
	if c := cmp.Compare(ca.Len(), cb.Len()); c != 0 {
		return c
	}
	if c := cmp.Compare(ca.First(), cb.First()); c != 0 && ca != 0 {
		return -c // a later first check is closer
	}
	return cmp.Compare(nx.crank[a], nx.crank[b])
}

// boundaryIn reports whether some reset boundary lies strictly inside (s, e).
func (nx *Nearness) boundaryIn(s, e int64) bool {
	j := after(nx.bounds, s)
	return j < len(nx.bounds) && nx.bounds[j] < e
}

// after is the first position of sorted xs holding a value above t (len(xs) if none).
func after(xs []int64, t int64) int {
	lo, hi := 0, len(xs)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if xs[h] <= t {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo
}

// afterNear is after(xs, t) searched from position h, an answer for a nearby t (the
// records of a class come in time order): galloping away from h, then bisecting.
func afterNear(xs []int64, t int64, h int) int {
	n := len(xs)
	h = min(max(h, 0), n)
	if h < n && xs[h] <= t { // past h
		lo, step := h+1, 1
		for lo+step <= n && xs[lo+step-1] <= t {
			lo += step
			step <<= 1
		}
		hi := min(lo+step-1, n)
		return lo + after(xs[lo:hi], t)
	}
	hi, step := h, 1 // at h or before
	for hi-step >= 0 && xs[hi-step] > t {
		hi -= step
		step <<= 1
	}
	lo := max(hi-step+1, 0)
	return lo + after(xs[lo:hi], t)
}
