package replay

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/pkgctl/pkgctl/internal/model"
)

// Run replays recs against pkgs (rules.md §2.1–2.4) and returns the ledger. Only records
// with deduct_time <= opt.AsOf are replayed (all when AsOf is zero). The ledger points
// into pkgs and recs, which must not change afterwards. Run fails only on a missing
// location or a duplicate package id; the rest is the loader's job to validate.
func Run(pkgs []model.Package, recs []model.Record, opt Options) (*Ledger, error) {
	return runWorkers(pkgs, recs, opt, 0)
}

// runWorkers is Run with up to workers goroutines (0: as many as GOMAXPROCS, one for small
// inputs).
func runWorkers(pkgs []model.Package, recs []model.Record, opt Options, workers int) (*Ledger, error) {
	l, err := newLedger(pkgs, opt)
	if err != nil {
		return nil, err
	}
	rp := newReplayer(l)
	rp.release, rp.states = opt.Release, opt.States
	if opt.EntriesOf != nil && !opt.States {
		rp.keep = make([]bool, len(l.Packages))
		for i := range l.Packages {
			rp.keep[i] = opt.EntriesOf(l.Packages[i].Pkg)
		}
	}
	ws := rp.run(recs, opt, workers)
	rp.dropLists()
	finish(l, rp, ws)
	if replayed != nil {
		replayed(rp, ws)
	}
	return l, nil
}

// newLedger is the ledger of pkgs before any record: packages sorted by id, validity
// cuts, periods and the matcher.
func newLedger(pkgs []model.Package, opt Options) (*Ledger, error) {
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
	inParts(partsOf(len(l.Packages), packagesPartMin), len(l.Packages), func(_, from, to int) {
		var buf []Period
		for i := from; i < to; i++ {
			buildPeriods(&l.Packages[i], opt.Location, &buf)
		}
	})
	l.match = newMatcher(l.Packages)
	return l, nil
}

// replayed, when set (by tests), sees each replay's replayer and workers once the
// ledger is finished: the ledger must not keep them.
var replayed func(*replayer, []*worker)

// packagesPartMin is the fewest packages worth a part of their own when their periods
// and times are worked out.
var packagesPartMin = 1 << 11
