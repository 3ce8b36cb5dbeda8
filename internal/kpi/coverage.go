package kpi

import (
	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// recInfo is what records sharing their attributes (model.RecordAttrs) share here: the
// ids of their key values, their unit and currency, and their price.
type recInfo struct {
	vals   [MaxKeys]int32 // the month and package slots are set per record
	unit   *unitInfo
	cur    int32
	priced bool
	price  decimal.Decimal
	// The rows of the billing cycle met last (calendar epoch), when not by package:
	// records of one class come in runs of a cycle.
	epoch     int
	main, sum *acc
}

// coverage adds every record replayed in l to its row: its quantity and what packages
// deducted of it, and, when it has a unit price, the value of each of its ledger
// entries at that price (rounded to the precision, as a pay-per-use cost is).
func (e *engine) coverage(l *replay.Ledger) {
	infos := map[*model.RecordAttrs]*recInfo{}
	pkgSlot, monthSlot := -1, -1
	for i, k := range e.opt.Keys {
		switch k.Kind {
		case KeyPackage:
			pkgSlot = i
		case KeyMonth:
			monthSlot = i
		}
	}
	pkgIDs := make([]int32, len(l.Packages)) // package index → id in the package slot, +1
	noPkg := int32(-1)
	prec := e.opt.Precision
	epoch, month, monthVal := -1, int32(0), int32(0) // the cycle's ids, while the calendar's epoch holds
	for ri := range l.Records {
		rr := &l.Records[ri]
		r := rr.Rec
		info := infos[r.RecordAttrs]
		if info == nil {
			info = e.recInfo(r)
			infos[r.RecordAttrs] = info
		}
		_, _, d := r.Stamps()
		if mname := e.cal.monthStamp(d); e.cal.epoch != epoch {
			epoch, month = e.cal.epoch, e.months.id(mname)
			if monthSlot >= 0 {
				monthVal = e.vals[monthSlot].id(mname)
			}
		}
		if pkgSlot < 0 && info.main != nil && info.epoch == epoch {
			e.addRecord(l, rr, info, info.main, info.sum)
			continue
		}
		key := gkey{k: info.vals, unit: info.unit.ref, cur: info.cur}
		if monthSlot >= 0 {
			key.k[monthSlot] = monthVal
		}
		sum := e.summary.get(gkey{k: [MaxKeys]int32{month}, cur: info.cur})
		if pkgSlot < 0 {
			info.epoch, info.main, info.sum = epoch, e.main.get(key), sum
			e.addRecord(l, rr, info, info.main, sum)
			continue
		}
		sum.records++
		// By package: each entry goes to the row of the package that took it (the
		// pay-per-use part to the row without a package); a zero-quantity record, which
		// has no entry, to the row without a package.
		if info.priced {
			sum.priced++
		}
		last := (*acc)(nil)
		if rr.NumEntries() == 0 {
			if noPkg < 0 {
				noPkg = e.vals[pkgSlot].id("")
			}
			key.k[pkgSlot] = noPkg
			a := e.main.get(key)
			a.unit(info.unit)
			a.records++
			if info.priced {
				a.priced++
			}
			continue
		}
		for en := range rr.Entries() {
			x := &l.Entries[en]
			if x.Package >= 0 {
				if pkgIDs[x.Package] == 0 {
					pkgIDs[x.Package] = e.vals[pkgSlot].id(l.Packages[x.Package].Pkg.ID) + 1
				}
				key.k[pkgSlot] = pkgIDs[x.Package] - 1
			} else {
				if noPkg < 0 {
					noPkg = e.vals[pkgSlot].id("")
				}
				key.k[pkgSlot] = noPkg
			}
			a := e.main.get(key)
			a.unit(info.unit)
			if a != last {
				a.records++
				if info.priced {
					a.priced++
				}
				last = a
			}
			a.addAmount(&a.usage, x.RecordQuantity, info.unit)
			if x.Package >= 0 {
				a.addAmount(&a.deducted, x.RecordQuantity, info.unit)
			}
			if info.priced {
				v := x.RecordQuantity.MulRound(info.price, prec)
				a.value.AddAmount(v)
				sum.value.AddAmount(v)
				if x.Package >= 0 {
					a.covered.AddAmount(v)
					sum.covered.AddAmount(v)
				}
			}
		}
	}
}

// addRecord adds a record of l to its row and its cycle's summary (not by package).
func (e *engine) addRecord(l *replay.Ledger, rr *replay.RecordResult, info *recInfo, a, sum *acc) {
	r := rr.Rec
	sum.records++
	a.unit(info.unit)
	a.records++
	a.addAmount(&a.usage, r.Quantity, info.unit)
	a.addAmount(&a.deducted, rr.Deducted(), info.unit)
	if !info.priced {
		return
	}
	a.priced++
	sum.priced++
	for en := range rr.Entries() {
		x := &l.Entries[en]
		v := x.RecordQuantity.MulRound(info.price, e.opt.Precision)
		a.value.AddAmount(v)
		sum.value.AddAmount(v)
		if x.Package >= 0 {
			a.covered.AddAmount(v)
			sum.covered.AddAmount(v)
		}
	}
}

// recInfo computes the shared part of a record's row key.
func (e *engine) recInfo(r *model.Record) *recInfo {
	info := &recInfo{unit: e.units.of(r.Unit), cur: e.curs.id(r.Currency)}
	if r.UnitPrice.Valid {
		info.priced, info.price = true, r.UnitPrice.Decimal
	}
	for i, k := range e.opt.Keys {
		var s string
		switch k.Kind {
		case KeyMonth, KeyPackage:
			continue
		case KeyProduct:
			s = r.Product
		case KeyRegion:
			s = r.Region
		case KeyProject:
			s = r.EnterpriseProject
		case KeyTag:
			s, _ = r.Tags.Get(k.Tag)
		}
		info.vals[i] = e.vals[i].id(s)
	}
	return info
}
