package explain

import (
	"fmt"
	"strings"
	"time"

	"github.com/pkgctl/pkgctl/internal/replay"
)

// suggest is the advice for a record with a pay-per-use part, or "" when none helps.
// attrMatch says whether some package of the product passes every attribute check.
func suggest(l *replay.Ledger, e *Explanation, attrMatch bool) string {
	if !attrMatch {
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

func orAny(s string) string {
	if strings.TrimSpace(s) == "" {
		return "any"
	}
	return s
}

// fmtTime prints an instant as Diagnose messages do, in the ledger's zone.
func fmtTime(l *replay.Ledger, t time.Time) string { return l.FormatTime(t) }
