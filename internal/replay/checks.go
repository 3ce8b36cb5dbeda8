package replay

import (
	"fmt"
	"math/bits"
	"strings"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

// Check is one of the checks a package must pass to deduct a record, in the order reasons
// are reported. CheckEnded is the one check that
// reports EXPIRED, DESTROYED or SUPERSEDED, by which event ended the package's validity.
type Check uint8

const (
	CheckItem Check = iota
	CheckSpecification
	CheckRegion
	CheckProject
	CheckUnit
	CheckNotYet
	CheckEnded
	CheckCrosses
	CheckExhausted
	numChecks
)

// Checks is a set of failing checks.
type Checks uint16

// Has reports whether c is in the set.
func (cs Checks) Has(c Check) bool { return cs&(1<<c) != 0 }

// Len is the number of failing checks.
func (cs Checks) Len() int { return bits.OnesCount16(uint16(cs)) }

// First is the first failing check in that order; numChecks when none fails.
func (cs Checks) First() Check {
	if cs == 0 {
		return numChecks
	}
	return Check(bits.TrailingZeros16(uint16(cs)))
}

// attrChecks are the checks on attributes and unit: a package failing one could never
// deduct the record.
const attrChecks = 1<<CheckItem | 1<<CheckSpecification | 1<<CheckRegion | 1<<CheckProject | 1<<CheckUnit

// timeChecks are the checks slot decides.
const timeChecks = 1<<CheckNotYet | 1<<CheckEnded | 1<<CheckCrosses

// checksOfTime turns slot's failure bits into Checks.
func checksOfTime(fails uint8) Checks {
	var cs Checks
	if fails&failNotYet != 0 {
		cs |= 1 << CheckNotYet
	}
	if fails&failEnded != 0 {
		cs |= 1 << CheckEnded
	}
	if fails&failCrosses != 0 {
		cs |= 1 << CheckCrosses
	}
	return cs
}

// failsOfChecks is the inverse of checksOfTime.
func failsOfChecks(cs Checks) uint8 {
	var f uint8
	if cs.Has(CheckNotYet) {
		f |= failNotYet
	}
	if cs.Has(CheckEnded) {
		f |= failEnded
	}
	if cs.Has(CheckCrosses) {
		f |= failCrosses
	}
	return f
}

// Code is the reason code of check c for package pkg (the end cause decides CheckEnded);
// "" for numChecks (no failing check).
func (l *Ledger) Code(pkg int, c Check) string {
	switch c {
	case CheckItem:
		return CodeBillingItem
	case CheckSpecification:
		return CodeSpecification
	case CheckRegion:
		return CodeRegion
	case CheckProject:
		return CodeEnterpriseProject
	case CheckUnit:
		return CodeUnit
	case CheckNotYet:
		return CodeNotYetEffective
	case CheckEnded:
		return endCode(l.Packages[pkg].EndCause)
	case CheckCrosses:
		return CodeCrossesResetPeriod
	case CheckExhausted:
		return CodeExhausted
	}
	return ""
}

func endCode(c EndCause) string {
	switch c {
	case EndDestroyed:
		return CodeDestroyed
	case EndUpgraded:
		return CodeSuperseded
	}
	return CodeExpired
}

// Failures returns the failures of package pkg for record rec named by cs (as Checks
// of the same package and record give them), with their messages, in check order: what
// Diagnose returns when cs is every failing check. Only what is asked is formatted.
func (l *Ledger) Failures(pkg, rec int, cs Checks) []Failure {
	if cs == 0 {
		return nil
	}
	ps, r := &l.Packages[pkg], l.Records[rec].Rec
	p := ps.Pkg
	out := make([]Failure, 0, cs.Len())
	add := func(code, format string, args ...any) {
		out = append(out, Failure{Code: code, Message: fmt.Sprintf(format, args...)})
	}
	q := value.Quote // a value of thousands of characters is not repeated in every message
	if cs.Has(CheckItem) {
		add(CodeBillingItem, "billing item %s is not among the package's deductible items %s",
			q(r.BillingItem), q(strings.Join(p.DeductibleItems, ";")))
	}
	if cs.Has(CheckSpecification) {
		add(CodeSpecification, "specification %s ≠ package specification %s", q(r.Specification), q(p.Specification))
	}
	if cs.Has(CheckRegion) {
		add(CodeRegion, "region %s ≠ package region %s", q(r.Region), q(p.Region))
	}
	if cs.Has(CheckProject) {
		add(CodeEnterpriseProject, "enterprise project %s ≠ package enterprise project %s",
			q(r.EnterpriseProject), q(p.EnterpriseProject))
	}
	if cs.Has(CheckUnit) {
		add(CodeUnit, "unit %s does not convert to package unit %s", q(r.Unit), q(p.Unit))
	}
	if cs&(timeChecks|1<<CheckExhausted) == 0 {
		return out
	}
	rt := timesOfRecord(r)
	k, _ := slot(&l.match.times[pkg], &rt)
	var b time.Time
	if cs.Has(CheckCrosses) {
		b = ps.Periods[k].End
	}
	out = append(out, l.timeFailures(ps, r, failsOfChecks(cs), b)...)
	if cs.Has(CheckExhausted) {
		out = append(out, l.exhausted(pkg, k, r))
	}
	return out
}

// checksOf is every failing check of package pkg for record rec (same product), the
// attribute checks decided by attrs (the record's interned attributes) and unitOK.
func (l *Ledger) checksOf(pkg, rec int, ra recAttrs, unitOK bool) Checks {
	pi := &l.match.info[pkg]
	var cs Checks
	if !itemOK(pi, ra.item) {
		cs |= 1 << CheckItem
	}
	if !attrOK(pi.spec, ra.spec) {
		cs |= 1 << CheckSpecification
	}
	if !attrOK(pi.region, ra.region) {
		cs |= 1 << CheckRegion
	}
	if !attrOK(pi.project, ra.project) {
		cs |= 1 << CheckProject
	}
	if !unitOK {
		cs |= 1 << CheckUnit
	}
	rt := timesOfRecord(l.Records[rec].Rec)
	_, fails := slot(&l.match.times[pkg], &rt)
	cs |= checksOfTime(fails)
	if cs == 0 && l.Records[rec].PayPerUse.Sign() > 0 {
		cs |= 1 << CheckExhausted
	}
	return cs
}

// Checks is every failing check of package pkg against replayed record rec (same
// product), as Diagnose reports them, without formatting a message.
func (l *Ledger) Checks(pkg, rec int) Checks {
	r := l.Records[rec].Rec
	_, ok := value.NewConversion(r.Unit, l.Packages[pkg].Pkg.Unit)
	return l.checksOf(pkg, rec, l.match.attrs(r), ok)
}

// diagnose is Diagnose for a package of the record's product.
func (l *Ledger) diagnose(pkg, rec int, r *model.Record) []Failure {
	return l.Failures(pkg, rec, l.Checks(pkg, rec))
}
