package load

import (
	"io"

	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

// Packages reads a packages export (rules.md §1.2) and checks every rule of rules.md §1.5, including
// those across rows (duplicate ids, original packages of renewals and upgrades). Every
// problem of the file is returned as Errors, unless opt.SkipInvalid moves the bad rows to
// the report. Packages keep file order.
func Packages(file string, r io.Reader, opt Options) ([]model.Package, *Report, error) {
	l, err := newLoader(file, r, opt, &packageSchema)
	if err != nil {
		return nil, nil, err
	}
	defer l.close()
	l.deferBad = true
	cur, lim := opt.currency(), opt.limits()
	rows := mem.MakeHuge[pkgRow](hintCap(l.t.rowsHint))[:0] // 600 bytes a row
	err = l.each(func(rr *rowReader) {
		p := readPackage(rr, cur)
		n := checkPeriods(rr, &p, lim.Periods)
		rows = append(rows, pkgRow{p: p, cells: append([]string(nil), rr.cells...),
			probs: append([]Problem(nil), rr.probs...), periods: n, days: linearDays(rr, &p, opt.Linear)})
	})
	if err != nil {
		return nil, l.rep, err
	}
	out, kept := crossCheck(l, rows)
	if err := l.finish(); err != nil {
		return nil, l.rep, err
	}
	if err := checkTotals(file, rows, kept, lim); err != nil {
		return nil, l.rep, err
	}
	return out, l.rep, nil
}

// readPackage maps one package row; its problems are in rr.
func readPackage(rr *rowReader, currency string) model.Package {
	p := model.Package{
		Src:               rr.src,
		ID:                rr.need(pID),
		OrderID:           rr.str(pOrderID),
		OrderTime:         rr.time(pOrderTime, false),
		Product:           rr.need(pProduct),
		DeductibleItems:   distinctItems(value.ParseList(rr.str(pItems))),
		Specification:     rr.str(pSpec),
		Configuration:     rr.str(pConfig),
		Region:            rr.str(pRegion),
		EnterpriseProject: rr.str(pProject),
		Effective:         rr.time(pEffective, true),
		Expiration:        rr.end(pExpiration),
		Fee:               rr.amount(pFee, rr.currency(pCurrency, currency)),
		Currency:          rr.currency(pCurrency, currency),
		OriginalID:        rr.str(pOriginal),
		Status:            rr.str(pStatus),
		Destroyed:         rr.time(pDestroyed, false),
		Refund:            rr.amount(pRefund, rr.currency(pCurrency, currency)),
		Tags:              rr.tags(pTags),
	}
	var err error
	p.Type, err = value.ParsePackageType(rr.str(pType))
	rr.check(pType, err)
	capacity, unit := rr.quantity(pCapacity, pUnit, true)
	p.Capacity, p.Unit = capacity.Decimal, unit
	p.ResetCycle, err = value.ParseResetCycle(rr.str(pResetCycle))
	rr.check(pResetCycle, err)
	p.ResetAnchor, err = value.ParseResetAnchor(rr.str(pResetAnchor), rr.loc)
	rr.check(pResetAnchor, err)
	p.OrderType, err = value.ParseOrderType(rr.str(pOrderType))
	rr.check(pOrderType, err)
	p.Amortization, err = value.ParseMethod(rr.str(pAmortization))
	rr.check(pAmortization, err)
	p.Used = exported(rr, pUsed, p.Unit)
	p.Remaining = exported(rr, pRemaining, p.Unit)
	checkPackage(rr, &p)
	return p
}

// distinctItems is items with an item written again (as the rules compare items,
// model.Norm: "Traffic;traffic") kept once, in its first spelling: it is one item to
// match and to count (rules.md §3.1, exactly one deductible item).
func distinctItems(items []string) []string {
	if len(items) < 2 {
		return items
	}
	seen := make(map[string]bool, len(items))
	out := items[:0]
	for _, it := range items {
		if n := model.Norm(it); !seen[n] {
			seen[n] = true
			out = append(out, it)
		}
	}
	return out
}
