package reference

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pkgctl/pkgctl/internal/model"
)

// features names what a scenario exercises, as the reference sees it: statuses, reason
// codes, bill types, end causes, reset cycles and anchors, check codes. TestDifferential
// counts them over its scenarios and requires the core ones to appear, so that a change
// to the generator cannot quietly stop producing them.
func features(x *run, chk CheckResult) []string {
	l, c := x.l, x.l.Cfg
	set := map[string]bool{}
	for _, o := range l.Overview() {
		set["status:"+o.Status] = true
	}
	for _, p := range l.Pkgs {
		set["type:"+p.Type.String()] = true
		set["cycle:"+p.ResetCycle.String()] = true
		if p.Resettable() {
			set[fmt.Sprintf("anchor:%d", p.ResetAnchor.Kind)] = true
		}
		switch p.Cause {
		case EndDestroyed:
			set["end:destroyed"] = true
			if p.Refund.Valid && p.Refund.Decimal.Sign() > 0 {
				set["end:destroyed-refund"] = true
			}
			if p.Resettable() && p.FullPeriods > len(p.Periods) {
				set["end:destroyed-periods-never-reached"] = true
			}
		case EndUpgraded:
			if p.UpgradedBy.Fee.Valid {
				set["end:upgraded"] = true
			} else {
				set["end:upgraded-feeless"] = true
			}
			if !c.reached(p.End) {
				set["asof:before-upgrade"] = true
			}
		}
		if p.Fee.Valid {
			set["method:"+c.Method(p.Package).String()] = true
		}
		if p.OrderType == model.OrderRenewal {
			set["order:renewal"] = true
		}
	}
	for _, rr := range l.Records {
		set["outcome:"+rr.Outcome()] = true
		for _, e := range rr.Entries {
			if e.Pkg != nil && norm(e.Pkg.Unit) != norm(rr.Rec.Unit) {
				set["units:converted"] = true
			}
		}
	}
	recs, _ := l.Why()
	for _, w := range recs {
		if w.Primary != "" {
			set["reason:"+w.Primary] = true
		}
	}
	for _, b := range x.am.Bills {
		set["bill:"+b.Type.String()] = true
		if b.Provisional {
			set["bill:provisional"] = true
		}
	}
	for _, d := range chk.Differences {
		set["check:"+d.Code] = true
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	return out
}

// mustCover are the features a default run of TestDifferential must exercise.
var mustCover = []string{
	"status:Destroyed", "status:Expired", "status:Exhausted", "status:Active", "status:Created", "status:Arrears",
	"reason:BILLING_ITEM_MISMATCH", "reason:REGION_MISMATCH", "reason:UNIT_MISMATCH", "reason:NOT_YET_EFFECTIVE",
	"reason:EXPIRED", "reason:CROSSES_RESET_PERIOD", "reason:EXHAUSTED", "reason:NO_PACKAGE_FOR_PRODUCT",
	"bill:" + model.BillUsed.String(), "bill:" + model.BillUnused.String(), "bill:" + model.BillPurchase.String(),
	"bill:" + model.BillRenewal.String(), "bill:" + model.BillChange.String(), "bill:" + model.BillRefund.String(),
	"bill:provisional", "end:destroyed", "end:destroyed-refund", "end:destroyed-periods-never-reached",
	"end:upgraded", "end:upgraded-feeless", "asof:before-upgrade", "method:usage", "method:linear",
	"type:storage", "type:reserved_instance", "cycle:hour", "cycle:day", "cycle:week", "cycle:month", "cycle:year",
	"anchor:0", "anchor:1", "anchor:2", "anchor:3", "units:converted",
	"outcome:deducted", "outcome:partially_deducted", "outcome:not_deducted",
	"check:MISSING_IN_EXPORT", "check:UNEXPECTED_IN_EXPORT", "check:AMOUNT_DIFFERS", "check:QUANTITY_DIFFERS",
	"check:TOTAL_NOT_FEE", "check:STATUS_DIFFERS", "check:USED_DIFFERS", "check:REMAINING_DIFFERS",
}

func coverageReport(seen map[string]int) string {
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, seen[k])
	}
	return "coverage (scenarios per feature): " + strings.Join(parts, " ")
}
