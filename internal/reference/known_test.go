package reference

import (
	"slices"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
)

// knownDefects is THE switch: the engine defects the differential test still finds
// today. A scenario that hits one of them (its predicate below) is not held against the
// engine for the commands that defect touches: its disagreements are counted, shown
// with -difftest.show-known, and fail nothing. Every other disagreement fails.
//
// It is empty: the engine agrees with the reference on every scenario. A name goes here
// only while a defect the test found is being fixed, and is removed with the fix; the
// defects below are the feature classes of defects found and fixed, kept so that one
// can be switched on by name while a regression is chased.
var knownDefects = []string{}

// run is what a predicate may look at: the scenario, the reference's ledger and bills,
// and the export check was given with its tolerance.
type run struct {
	sc     Scenario
	l      *Ledger
	am     Amortization
	export []model.BillRow
	tol    decimal.Decimal
}

// defect is a known defect's feature class: the commands it touches, and whether a
// scenario has the feature (a predicate as narrow as the defect, so that most
// scenarios are still compared strictly).
type defect struct {
	commands []string
	hits     func(x *run) bool
}

func zeroRecord(x *run) bool {
	return slices.ContainsFunc(x.l.Records, func(r *RecordResult) bool { return r.Quantity.IsZero() })
}

var defects = map[string]defect{
	// A replayed zero-quantity record is missing from deduct's records, and a
	// level package's latest window skips a window whose only record is zero.
	"zero-quantity-records": {[]string{"deduct", "overview", "overview-parts"}, zeroRecord},
	// The zero-quantity records as check sees them: a level package's exported used/remaining are compared with
	// that latest window.
	"zero-quantity-records-check": {[]string{"check"}, func(x *run) bool {
		return zeroRecord(x) && slices.ContainsFunc(x.l.Pkgs, func(p *Pkg) bool {
			return p.Type.IsLevel() && (p.Used.Valid || p.Remaining.Valid)
		})
	}},
	// as of before an upgrade takes effect, the upgrade's amortizable total
	// already holds its original's remainder.
	"upgrade-amortizable-early": {[]string{"amortize"}, func(x *run) bool {
		return slices.ContainsFunc(x.l.Pkgs, func(p *Pkg) bool {
			return p.CutOriginal != nil && p.Fee.Valid && p.CutOriginal.Fee.Valid && !x.l.Cfg.reached(p.CutOriginal.End)
		})
	}},
	// a blank order_time sorts before a given one (deduction order, why's
	// closest package). It can matter only between packages of one product with the same
	// effective time.
	"blank-order-time-first": {commands, func(x *run) bool {
		for _, a := range x.l.Pkgs {
			for _, b := range x.l.Pkgs {
				if norm(a.Product) == norm(b.Product) && a.Effective.Equal(b.Effective) && a.OrderTime.IsZero() && !b.OrderTime.IsZero() {
					return true
				}
			}
		}
		return false
	}},
	// a package destroyed at its effective instant books its closing row on the
	// day before.
	"empty-validity-day-before": {[]string{"amortize", "amortize-by", "check"}, func(x *run) bool {
		return slices.ContainsFunc(x.l.Pkgs, func(p *Pkg) bool { return p.Fee.Valid && p.End.Equal(p.Effective) })
	}},
	// a linear package whose remainder joins its last day's row (destroyed, or
	// cut by an upgrade without a fee) loses that day's row while its end is after as-of.
	"linear-day-held-back": {[]string{"amortize", "amortize-by", "check"}, func(x *run) bool {
		c := x.l.Cfg
		return slices.ContainsFunc(x.l.Pkgs, func(p *Pkg) bool {
			return p.Fee.Valid && c.Method(p.Package) == model.MethodLinear && keepsRemainder(p) &&
				!c.reached(p.End) && !c.lastDay(p.Effective, p.End).After(c.asOfDay())
		})
	}},
	// allocation compares projects byte for byte: two spellings of one project
	// make two rows, and rows run in byte order rather than in the normalized order.
	"projects-byte-order": {[]string{"amortize", "amortize-by", "check"}, func(x *run) bool {
		for _, p := range x.l.Pkgs {
			if !p.Fee.Valid || x.l.Cfg.Method(p.Package) != model.MethodUsage {
				continue
			}
			var spellings []string
			for _, rr := range x.l.Records {
				for _, e := range rr.Entries {
					if e.Pkg == p && !slices.Contains(spellings, rr.Rec.EnterpriseProject) {
						spellings = append(spellings, rr.Rec.EnterpriseProject)
					}
				}
			}
			for _, a := range spellings {
				for _, b := range spellings {
					if a != b && (norm(a) == norm(b) || (a < b) != (norm(a) < norm(b))) {
						return true
					}
				}
			}
		}
		return false
	}},
	// TOTAL_NOT_FEE ignores --tolerance.
	"check-total-ignores-tolerance": {[]string{"check"}, func(x *run) bool {
		sums := map[string]decimal.Decimal{}
		for _, r := range x.export {
			sums[r.PackageID] = sums[r.PackageID].Add(x.l.Cfg.denoise(r.Amount))
		}
		for _, t := range x.am.Totals {
			s, ok := sums[t.Pkg.ID]
			off := s.Sub(t.Amortizable).Abs()
			if ok && x.l.Cfg.reached(t.Pkg.End) && off.Sign() > 0 && !off.GreaterThan(x.tol) {
				return true
			}
		}
		return false
	}},
	// an exported amount with float noise is read as a difference.
	"check-float-noise": {[]string{"check"}, func(x *run) bool { return x.sc.Check.Perturb == "noise" }},

	// A resettable or level package destroyed at its effective instant
	// has no period at all in the engine (a non-resettable one has one empty period): the
	// overview shows no period, and why adds DESTROYED to every record before it.
	"resettable-empty-validity": {commands, func(x *run) bool {
		return slices.ContainsFunc(x.l.Pkgs, func(p *Pkg) bool {
			return (p.Resettable() || p.Type.IsLevel()) && p.End.Equal(p.Effective)
		})
	}},
	// A refund that rounds to zero at the precision (0.01 at precision
	// 0) still books a Refund-unsubscription row of 0.
	"refund-rounds-to-zero": {[]string{"amortize", "amortize-by", "check"}, func(x *run) bool {
		return slices.ContainsFunc(x.l.Pkgs, func(p *Pkg) bool {
			return p.Fee.Valid && p.Cause == EndDestroyed && p.Refund.Valid && p.Refund.Decimal.Sign() > 0 &&
				x.l.Cfg.round(p.Refund.Decimal).IsZero()
		})
	}},
}

// knownHits lists the known defects of the switch that the scenario hits and that
// touch cmd.
func knownHits(cmd string, x *run) []string {
	var out []string
	for _, name := range knownDefects {
		d, ok := defects[name]
		if !ok {
			panic("knownDefects names an unknown defect " + name)
		}
		if slices.Contains(d.commands, cmd) && d.hits(x) {
			out = append(out, name)
		}
	}
	return out
}
