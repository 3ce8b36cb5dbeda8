package replay

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/pkgctl/pkgctl/internal/model"
)

// Run replays recs against pkgs (SPEC §2.1–2.4) and returns the ledger. Only records
// with deduct_time <= opt.AsOf are replayed (all when AsOf is zero). The ledger points
// into pkgs and recs, which must not change afterwards. Run fails only on a missing
// location or a duplicate package id; the rest is the loader's job to validate.
func Run(pkgs []model.Package, recs []model.Record, opt Options) (*Ledger, error) {
	if opt.Location == nil {
		return nil, errors.New("replay: no location")
	}
	l := &Ledger{Options: opt, byID: make(map[string]int, len(pkgs))}
	l.Packages = make([]PackageState, len(pkgs))
	for i := range pkgs {
		l.Packages[i] = PackageState{Pkg: &pkgs[i]}
	}
	slices.SortFunc(l.Packages, func(a, b PackageState) int { return cmp.Compare(a.Pkg.ID, b.Pkg.ID) })
	for i := range l.Packages {
		id := l.Packages[i].Pkg.ID
		if _, dup := l.byID[id]; dup {
			return nil, fmt.Errorf("replay: duplicate package id %q", id)
		}
		l.byID[id] = i
	}
	cutValidity(l.Packages, l.byID)
	for i := range l.Packages {
		buildPeriods(&l.Packages[i], opt.Location)
	}
	l.match = newMatcher(l.Packages)
	l.match.index = buildIndex(l.Packages, l.match.info)
	r := replayer{l: l, m: l.match}
	r.run(ordered(recs, opt, l.match))
	finish(l)
	return l, nil
}

// queued is a record to replay with its replay-order key (§2.4) and its interned
// attributes, computed in one sequential pass over the input.
type queued struct {
	rt  recTimes
	ra  recAttrs
	rec *model.Record
}

// ordered is the records to replay, in replay order (§2.4).
func ordered(recs []model.Record, opt Options, m *matcher) []queued {
	out := make([]queued, 0, len(recs))
	for i := range recs {
		r := &recs[i]
		if opt.AsOf.IsZero() || !r.Deduct.After(opt.AsOf) {
			out = append(out, queued{timesOfRecord(r), m.attrsCached(r), r})
		}
	}
	slices.SortFunc(out, func(a, b queued) int {
		if c := a.rt.deduct.compare(b.rt.deduct); c != 0 {
			return c
		}
		if c := a.rt.start.compare(b.rt.start); c != 0 {
			return c
		}
		if c := a.rt.end.compare(b.rt.end); c != 0 {
			return c
		}
		return cmp.Compare(a.rec.ID, b.rec.ID)
	})
	return out
}
