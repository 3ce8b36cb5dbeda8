package load

import (
	"strings"

	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/value"
	"github.com/shopspring/decimal"
)

// exported parses an as-exported quantity (used, remaining), which may carry the
// package's unit ("23.2 GB"); a different unit is a problem.
func exported(rr *rowReader, slot int, unit string) decimal.NullDecimal {
	s := rr.str(slot)
	if s == "" {
		return decimal.NullDecimal{}
	}
	q, own, err := value.ParseQuantity(s)
	if err == nil {
		err = rr.commaOf(s) // as every number of a ";" file (rules.md §1.7)
	}
	if !rr.check(slot, err) {
		return decimal.NullDecimal{}
	}
	if own != "" && unit != "" && !value.SameUnit(own, unit) {
		rr.fail(slot, "unit %s of %s differs from the package unit %s", value.Quote(own), value.Quote(s), value.Quote(unit))
	}
	return decimal.NullDecimal{Decimal: q, Valid: true}
}

// checkPackage applies the single-row rules of rules.md §1.5 to a mapped package.
func checkPackage(rr *rowReader, p *model.Package) {
	if !p.Effective.IsZero() && !p.Expiration.IsZero() && !p.Expiration.After(p.Effective) {
		rr.fail(pExpiration, "expiration_time %s is not after effective_time %s", stamps(p.Expiration, p.Effective)...)
	}
	if !p.Effective.IsZero() && !p.Destroyed.IsZero() && p.Destroyed.Before(p.Effective) {
		rr.fail(pDestroyed, "destroyed_time %s is before effective_time %s", stamps(p.Destroyed, p.Effective)...)
	}
	if p.Refund.Valid && p.Fee.Valid && p.Refund.Decimal.Cmp(p.Fee.Decimal) > 0 {
		rr.fail(pRefund, "refund %s is larger than the fee %s", p.Refund.Decimal, p.Fee.Decimal)
	}
	if p.Amortization == model.MethodUsage && p.Type.IsLevel() {
		rr.fail(pAmortization, "amortization=usage is not allowed on a %s package (it is always linear)", p.Type)
	}
}

// checkPeriods refuses a resettable package with more than most reset periods
// (limits.periods): the replay would hold every one. They are counted from the anchor
// (replay.PeriodCount), before any is built, and only in a row otherwise valid; the
// count is returned (0 for a package that does not reset, or an invalid row).
func checkPeriods(rr *rowReader, p *model.Package, most int64) (n int64) {
	if !rr.ok() || !p.Resettable() {
		return 0
	}
	if n = int64(replay.PeriodCount(p, rr.loc)); n > most {
		rr.fail(pExpiration, "a reset every %s from %s to %s makes %s periods; pkgctl takes at most %s a package (limits.periods)",
			p.ResetCycle, stamp(p.Effective), stamp(p.Expiration), value.Thousands(n), value.Thousands(most))
		rr.probs[len(rr.probs)-1].Hint = "if the package is genuine, raise limits.periods in the config file (pkgctl.yaml)"
		return 0
	}
	return n
}

// checkTotals refuses packages whose reset periods together pass lim.TotalPeriods, or
// whose days of linear amortization together pass lim.LinearDays, naming the package
// with the most: a problem of the whole file.
func checkTotals(file string, rows []pkgRow, kept []bool, lim Limits) error {
	var periods, days int64
	topP, topD := -1, -1
	for i := range rows {
		if !kept[i] {
			continue
		}
		periods += rows[i].periods
		days += rows[i].days
		if topP < 0 || rows[i].periods > rows[topP].periods {
			topP = i
		}
		if topD < 0 || rows[i].days > rows[topD].days {
			topD = i
		}
	}
	var errs Errors // both, when both are past: raising one limit would meet the other
	if periods > lim.TotalPeriods {
		p := &rows[topP].p
		errs.join(fatal(model.Source{File: file},
			"if the packages are genuine, raise limits.total_periods in the config file (pkgctl.yaml), or split the account by product (docs/performance.md)",
			"the packages make %s reset periods in all (the most, %s at %s: a reset every %s, %s periods); pkgctl takes at most %s (limits.total_periods)",
			value.Thousands(periods), value.Quote(p.ID), place(p.Src), p.ResetCycle, value.Thousands(rows[topP].periods), value.Thousands(lim.TotalPeriods)))
	}
	if days > lim.LinearDays {
		p := &rows[topD].p
		errs.join(fatal(model.Source{File: file},
			"if the packages are genuine, raise limits.linear_days in the config file (pkgctl.yaml), or split the account by product (docs/performance.md)",
			"the packages amortized linearly span %s days in all (the most, %s at %s: %s to %s, %s days); pkgctl amortizes at most %s (limits.linear_days)",
			value.Thousands(days), value.Quote(p.ID), place(p.Src), stamp(p.Effective), stamp(p.Expiration), value.Thousands(rows[topD].days), value.Thousands(lim.LinearDays)))
	}
	if errs.Len() > 0 {
		return errs
	}
	return nil
}

// linearDays is the days of p's validity (replay.DayCount) when p has a fee and linear
// says it is amortized linearly; else 0. Amortization walks each of them (rules.md §3.3).
func linearDays(rr *rowReader, p *model.Package, linear func(*model.Package) bool) int64 {
	if linear == nil || !rr.ok() || !p.Fee.Valid || !linear(p) {
		return 0
	}
	return replay.DayCount(p, rr.loc)
}

// pkgRow is a mapped package row awaiting the checks across rows.
type pkgRow struct {
	p       model.Package
	cells   []string
	probs   []Problem // the row's own problems
	periods int64     // its reset periods (checkPeriods)
	days    int64     // its days of linear amortization (linearDays)
}

// crossCheck applies the rules across rows (duplicate ids; original packages of renewals
// and upgrades), files the problems and warnings, and returns the packages kept and
// which rows they are.
func crossCheck(l *loader, rows []pkgRow) ([]model.Package, []bool) {
	first := map[string]int{} // package_id → index of its first occurrence
	for i, row := range rows {
		if _, dup := first[row.p.ID]; !dup && row.p.ID != "" {
			first[row.p.ID] = i
		}
	}
	rr := &l.rr
	skip := l.opt.SkipInvalid
	var rejected []bool
	if skip {
		rejected = rejectedChains(rows, first, func(i int) bool {
			checkAcross(rr, rows, i, first, true, nil)
			return !rr.ok()
		})
	}
	out := mem.MakeHuge[model.Package](len(rows))[:0]
	kept := make([]bool, len(rows))
	for i := range rows {
		row := &rows[i]
		checkAcross(rr, rows, i, first, skip, rejected)
		if !rr.ok() {
			l.bad(row.p.Src, row.cells, rr.probs)
			continue
		}
		warnPackage(l, &row.p)
		out = append(out, row.p)
		kept[i] = true
	}
	return out, kept
}

// checkAcross resets rr to row i with its own problems and adds those across rows.
// rejected, when skipping, says which rows are set aside (rejectedChains); nil, only
// the originals with problems of their own count as rejected.
func checkAcross(rr *rowReader, rows []pkgRow, i int, first map[string]int, skip bool, rejected []bool) {
	row := &rows[i]
	rr.reset(row.cells, row.p.Src)
	rr.probs = append(rr.probs, row.probs...)
	if j, ok := first[row.p.ID]; ok && j != i {
		rr.fail(pID, "duplicate package_id %s (first at %s)", value.Quote(row.p.ID), place(rows[j].p.Src))
	}
	if orig, ok := original(rr, row.p, rows, first, skip, rejected); ok {
		checkAgainstOriginal(rr, row.p, orig)
	}
}

// rejectedChains returns which rows --skip-invalid sets aside: those bad reports a
// problem of (their own or across rows), and every renewal or upgrade whose original is
// set aside, down chains of any length. Each row is decided once: a chain is followed
// to a row already decided, a bad row, or its end; a cycle of renewals none of which is
// bad is kept, each naming a valid original.
func rejectedChains(rows []pkgRow, first map[string]int, bad func(int) bool) []bool {
	const (
		undecided = iota
		walking   // on the chain being followed
		keep
		reject
	)
	state := make([]uint8, len(rows))
	var chain []int
	for i := range rows {
		chain = chain[:0]
		verdict := uint8(keep)
		for k := i; ; {
			if s := state[k]; s != undecided {
				if s == reject {
					verdict = reject
				}
				break // walking: a cycle, none of it bad
			}
			if bad(k) {
				state[k], verdict = reject, reject
				break
			}
			state[k] = walking
			chain = append(chain, k)
			j, ok := originalIndex(rows[k].p, first)
			if !ok {
				break
			}
			k = j
		}
		for _, k := range chain {
			state[k] = verdict
		}
	}
	out := make([]bool, len(rows))
	for i, s := range state {
		out[i] = s == reject
	}
	return out
}

// originalIndex is the row of p's original package, when p is a renewal or upgrade
// naming another package of the file.
func originalIndex(p model.Package, first map[string]int) (int, bool) {
	if p.OriginalID == "" || p.OrderType == model.OrderNew || p.OriginalID == p.ID {
		return 0, false
	}
	j, ok := first[p.OriginalID]
	return j, ok
}

// original finds the original package of a renewal or upgrade, to be checked against
// when its own row has no problem; a missing one is a problem, and so is a rejected one
// when skipping (the renewal or upgrade goes with it): one with problems of its own, or,
// given rejected, any set aside.
func original(rr *rowReader, p model.Package, rows []pkgRow, first map[string]int, skip bool, rejected []bool) (*model.Package, bool) {
	if p.OriginalID == "" || p.OrderType == model.OrderNew {
		return nil, false
	}
	if p.OriginalID == p.ID {
		rr.fail(pOriginal, "the %s refers to itself", p.OrderType)
		return nil, false
	}
	j, ok := first[p.OriginalID]
	if !ok {
		rr.fail(pOriginal, "original package %s is not in the packages file", value.Quote(p.OriginalID))
		return nil, false
	}
	own := len(rows[j].probs) > 0
	if skip && (own || rejected != nil && rejected[j]) {
		rr.fail(pOriginal, "original package %s (%s) is invalid and was rejected", value.Quote(p.OriginalID), place(rows[j].p.Src))
	}
	if own {
		return nil, false // its values may be wrong: its own problems are reported
	}
	// An original set aside only across rows has sound values: checked against them, a
	// renewal in a cycle still tells its own problem.
	return &rows[j].p, true
}

// checkAgainstOriginal applies the rules between a renewal or upgrade and its original.
func checkAgainstOriginal(rr *rowReader, p model.Package, orig *model.Package) {
	if p.Unit != "" && orig.Unit != "" {
		if _, ok := value.NewConversion(p.Unit, orig.Unit); !ok {
			rr.fail(pUnit, "unit %s of the %s does not convert to unit %s of original package %s",
				value.Quote(p.Unit), p.OrderType, value.Quote(orig.Unit), value.Quote(orig.ID))
		}
	}
	// An upgrade takes its original's unamortized remainder into its own amount (rules.md
	// §3.5): in another currency the two could only be added as if they were one.
	if p.OrderType == model.OrderUpgrade && !strings.EqualFold(p.Currency, orig.Currency) {
		rr.fail(pCurrency, "the upgrade is billed in %s but its original %s in %s: the remainder it takes over cannot change currency",
			value.Quote(p.Currency), value.Quote(orig.ID), value.Quote(orig.Currency))
	}
	if p.OrderType == model.OrderUpgrade && !p.Effective.IsZero() && !p.Effective.After(orig.Effective) {
		rr.fail(pEffective, "the upgrade takes effect at %s, not after its original %s (effective %s)",
			stamp(p.Effective), value.Quote(orig.ID), stamp(orig.Effective))
	}
}

// warnPackage records the warnings of rules.md §1.5 for a valid package.
func warnPackage(l *loader, p *model.Package) {
	if p.Refund.Valid && p.Destroyed.IsZero() {
		l.warn(p.Src, "refund", "refund %s without destroyed_time", p.Refund.Decimal)
	}
	if p.Capacity.IsZero() { // most often a capacity lost on export; kept: it may be a placeholder
		l.warn(p.Src, "capacity", "capacity is 0: the package deducts nothing (a usage-amortized fee is all unused)")
	}
	if p.OriginalID != "" && p.OrderType == model.OrderNew {
		l.warn(p.Src, "original_package_id", "original_package_id %s is set on a new order (it is not a renewal or upgrade)", value.Quote(p.OriginalID))
	}
	if p.OriginalID == "" && p.OrderType == model.OrderUpgrade { // most often the column lost on export
		l.warn(p.Src, "original_package_id", "the upgrade names no original_package_id: it cuts no package short and takes no remainder over")
	}
}
