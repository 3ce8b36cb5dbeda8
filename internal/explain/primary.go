package explain

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// primary picks the record's primary reason (§2.6): the first failing check of the
// closest package, or NO_PACKAGE_FOR_PRODUCT when the product has no package.
func primary(l *replay.Ledger, e *Explanation) Primary {
	best := -1
	for k := range e.Packages {
		if len(e.Packages[k].Failures) == 0 {
			continue // cannot happen for a record with a pay-per-use part; be safe
		}
		if best < 0 || closer(l, &e.Packages[k], &e.Packages[best]) {
			best = k
		}
	}
	if best < 0 {
		f := replay.Failure{Code: replay.CodeNoPackage,
			Message: fmt.Sprintf("no package of product %q", e.Rec.Product)}
		return Primary{Code: f.Code, Message: f.Message, Failure: f}
	}
	pc := &e.Packages[best]
	f := pc.Failures[0]
	return Primary{Code: f.Code, Message: f.Message, PackageID: pc.PackageID, Failure: f}
}

// closer reports whether package a is closer to deducting the record than b: fewer
// failing checks; then a first failing check later in the §2.6 order; then the earlier
// validity end, effective_time, order_time, and the lower package id.
func closer(l *replay.Ledger, a, b *PackageCheck) bool {
	if c := cmp.Compare(len(a.Failures), len(b.Failures)); c != 0 {
		return c < 0
	}
	if c := cmp.Compare(checkRank(a.Failures[0].Code), checkRank(b.Failures[0].Code)); c != 0 {
		return c > 0
	}
	pa, pb := &l.Packages[a.Package], &l.Packages[b.Package]
	for _, c := range []int{pa.End.Compare(pb.End), pa.Pkg.Effective.Compare(pb.Pkg.Effective),
		model.CompareOrderTime(pa.Pkg.OrderTime, pb.Pkg.OrderTime)} {
		if c != 0 {
			return c < 0
		}
	}
	return pa.Pkg.ID < pb.Pkg.ID
}

// suggest is the advice for a record with a pay-per-use part, or "" when none helps.
func suggest(l *replay.Ledger, e *Explanation) string {
	if !anyAttributesMatch(e) {
		r := e.Rec
		return fmt.Sprintf("buy a package for product=%s, billing_item=%s, region=%s, enterprise_project=%s, specification=%s",
			orAny(r.Product), orAny(r.BillingItem), orAny(r.Region), orAny(r.EnterpriseProject), orAny(r.Specification))
	}
	p, f := e.Primary.PackageID, e.Primary.Failure
	switch e.Primary.Code {
	case replay.CodeExhausted:
		used := ""
		if len(f.FirstRecords) > 0 {
			used = " (first used by " + strings.Join(f.FirstRecords, ", ") + ")"
		}
		if f.ExhaustedAt.IsZero() {
			return fmt.Sprintf("%s had no capacity left%s: add capacity or buy another package", p, used)
		}
		return fmt.Sprintf("%s ran out at %s%s: add capacity or buy another package",
			p, fmtTime(l, f.ExhaustedAt), used)
	case replay.CodeCrossesResetPeriod:
		return fmt.Sprintf("the consumption crosses %s's reset at %s: only usage inside one reset period is deducted; report usage split at the reset",
			p, fmtTime(l, f.Boundary))
	case replay.CodeNotYetEffective, replay.CodeExpired, replay.CodeDestroyed, replay.CodeSuperseded:
		ps := &l.Packages[l.Package(p)]
		return fmt.Sprintf("%s is valid %s → %s; usage outside it needs another package",
			p, fmtTime(l, ps.Pkg.Effective), fmtTime(l, ps.End))
	}
	return ""
}

// anyAttributesMatch reports whether some package of the product passes every
// attribute check (billing item, specification, region, project, unit).
func anyAttributesMatch(e *Explanation) bool {
	for _, pc := range e.Packages {
		ok := true
		for _, f := range pc.Failures {
			if attributeCode(f.Code) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func orAny(s string) string {
	if strings.TrimSpace(s) == "" {
		return "any"
	}
	return s
}

// fmtTime prints an instant as Diagnose messages do, in the ledger's zone.
func fmtTime(l *replay.Ledger, t time.Time) string {
	return t.In(l.Options.Location).Format(replay.TimeLayout)
}
