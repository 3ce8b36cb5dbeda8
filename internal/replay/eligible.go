package replay

import (
	"slices"

	"github.com/pkgctl/pkgctl/internal/value"
)

// Eligible is a package that may deduct a record, and the period that would take it.
type Eligible struct {
	Package int // index into Ledger.Packages
	Period  int // index into that package's Periods
}

// EligibleAmong appends to dst the packages among pkgs (ledger indices) that may deduct
// replayed record rec under the matching rules (attributes, unit, time rule), whatever
// capacity they had left, each with the period that would take the record, in the
// deduction order (the earlier of package end and period end, then effective time,
// order time, package id). These are the checks Diagnose makes, without formatting
// messages: a package is eligible exactly when Diagnose reports nothing or only
// EXHAUSTED.
func (l *Ledger) EligibleAmong(rec int, pkgs []int, dst []Eligible) []Eligible {
	n := len(dst)
	r := l.Records[rec].Rec
	ra := l.match.attrs(r)
	rt := timesOfRecord(r)
	for _, pkg := range pkgs {
		if !attrsMatch(&l.match.info[pkg], ra) {
			continue
		}
		k, fails := slot(&l.match.times[pkg], &rt)
		if fails != 0 {
			continue
		}
		if _, ok := value.NewConversion(r.Unit, l.Packages[pkg].Pkg.Unit); !ok {
			continue
		}
		dst = append(dst, Eligible{Package: pkg, Period: k})
	}
	found := dst[n:]
	slices.SortFunc(found, func(a, b Eligible) int {
		ta, tb := &l.match.times[a.Package], &l.match.times[b.Package]
		if c := ta.periodEnd(a.Period).compare(tb.periodEnd(b.Period)); c != 0 {
			return c
		}
		return comparePackages(l.match.times, a.Package, b.Package)
	})
	return dst
}

// attrsMatch reports whether a record of attributes ra may deduct from package pi but
// for time and unit: the same product, an item among the package's, and the attributes
// the package sets.
func attrsMatch(pi *pkgInfo, ra recAttrs) bool {
	return pi.product == ra.product && itemOK(pi, ra.item) && attrOK(pi.spec, ra.spec) &&
		attrOK(pi.region, ra.region) && attrOK(pi.project, ra.project)
}

// AttrClass is a record's attributes as packages match them (product, billing item,
// specification, region, project): the records of one class match the same packages
// but for time and unit, so a caller may keep MatchingAttrs per class.
type AttrClass struct{ a recAttrs }

// AttrClass is record rec's class.
func (l *Ledger) AttrClass(rec int) AttrClass { return AttrClass{l.match.attrs(l.Records[rec].Rec)} }

// MatchingAttrs appends to dst, in order, the packages of pkgs whose attributes the
// records of class c match (EligibleAmong then looks at those alone).
func (l *Ledger) MatchingAttrs(c AttrClass, pkgs, dst []int) []int {
	for _, pkg := range pkgs {
		if attrsMatch(&l.match.info[pkg], c.a) {
			dst = append(dst, pkg)
		}
	}
	return dst
}

// CutShort reports whether period k of package pi ends before it would without a cut:
// before its next reset boundary (or its expiration, when it does not reset), because
// an upgrade or a destruction ended the validity inside it. A period that ends exactly
// when an upgrade takes effect is complete.
func (l *Ledger) CutShort(pi, k int) bool {
	ps := &l.Packages[pi]
	p, per := ps.Pkg, &ps.Periods[k]
	full := p.Expiration
	if p.Resettable() {
		loc := l.Options.Location
		anchor := anchorOf(p, loc)
		if b := boundary(anchor, p.ResetCycle, firstK(anchor, p.Effective, p.ResetCycle, loc)+per.Index+1, loc); b.Before(full) {
			full = b
		}
	}
	return per.End.Before(full)
}
