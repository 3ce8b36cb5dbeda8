package amortize

import (
	"encoding/json"
	"iter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// FocusHeader is the header of the FOCUS 1.2 export; pkgctl's own columns start with x_.
var FocusHeader = []string{
	"BilledCost", "BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd",
	"ChargeCategory", "ChargeDescription", "ChargeFrequency", "ChargePeriodStart", "ChargePeriodEnd",
	"CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountStatus",
	"CommitmentDiscountType", "ConsumedQuantity", "ConsumedUnit", "ContractedCost",
	"EffectiveCost", "ListCost", "RegionId", "ServiceName", "Tags",
	"x_AmortizationMethod", "x_BillType", "x_EnterpriseProject", "x_Quantity", "x_Unit",
}

// Focus maps the result to FOCUS 1.2 rows (SPEC §4.2), header first: one Purchase row per
// amortized package effective by the as-of day (BilledCost = fee, EffectiveCost 0), then
// one Usage row per final bill row (BilledCost 0, EffectiveCost = amount,
// CommitmentDiscountStatus Unused for unused rows, else Used) and a Credit row per refund
// (BilledCost = EffectiveCost = −refund). Times are UTC with Z. Per ended package without
// moved remainders, EffectiveCost sums to BilledCost.
func Focus(res *Result, l *replay.Ledger) [][]string {
	rows := make([][]string, 0, 1+len(res.Totals)+len(res.Bills))
	for row := range FocusRows(res, l) {
		rows = append(rows, row)
	}
	return rows
}

// FocusRows yields the rows of Focus one at a time (a fresh slice each), so that a
// writer need not hold them all.
func FocusRows(res *Result, l *replay.Ledger) iter.Seq[[]string] {
	return func(yield func([]string) bool) {
		if !yield(FocusHeader) {
			return
		}
		f := newFocuser(res)
		for _, tot := range res.Totals {
			i := l.Package(tot.PackageID)
			if i < 0 {
				continue
			}
			p := l.Packages[i].Pkg
			if !res.asOf.IsZero() && !p.Effective.Before(res.asOf) {
				continue
			}
			fee := p.Fee.Decimal.Round(res.prec)
			c := focusCharge{
				category: "Purchase", frequency: "One-Time", billed: fee, effective: decimal.Zero,
				start: p.Effective, end: p.Expiration, method: tot.Method, billType: linearType(p.OrderType).String(),
				project: p.EnterpriseProject, tags: p.Tags,
			}
			if !yield(f.row(p, c, f.times(c.start, c.end))) {
				return
			}
		}
		last, li := "", -1
		for k := range res.Bills {
			b := &res.Bills[k]
			if b.PackageID != last || li < 0 {
				last, li = b.PackageID, l.Package(b.PackageID)
			}
			if b.Provisional || li < 0 {
				continue
			}
			if !yield(f.row(l.Packages[li].Pkg, res.billCharge(b), f.dayTimes(b.Date))) {
				return
			}
		}
	}
}

// focusCharge is what differs between FOCUS rows.
type focusCharge struct {
	category, frequency, status string
	billed, effective           decimal.Decimal
	start, end                  time.Time
	consumed, qty               decimal.NullDecimal
	unit                        string
	method                      model.Method
	billType, project           string
	tags                        model.Tags
}

func (r *Result) billCharge(b *Bill) focusCharge {
	c := focusCharge{
		category: "Usage", frequency: "Usage-Based", status: "Used", billed: decimal.Zero,
		effective: b.Amount, start: b.Date, end: b.Date.AddDate(0, 0, 1), qty: b.Quantity,
		method: b.Method, billType: b.Type.String(), project: b.EnterpriseProject, tags: b.Tags,
	}
	if b.Quantity.Valid {
		c.unit = b.Unit
	}
	switch b.Type {
	case model.BillUnused:
		c.status = "Unused"
	case model.BillUsed:
		c.consumed = b.Quantity
	case model.BillRefund:
		c.category, c.frequency, c.status, c.billed = "Credit", "One-Time", "", b.Amount
	}
	return c
}

func (r *Result) zone() *time.Location {
	if r.loc == nil {
		return time.UTC
	}
	return r.loc
}

func utc(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

func nullDec(d decimal.NullDecimal) string {
	if !d.Valid {
		return ""
	}
	return d.Decimal.String()
}

// tagsJSON renders tags as a JSON object with sorted keys ("" when there are none).
func tagsJSON(t model.Tags) string {
	if len(t) == 0 {
		return ""
	}
	m := make(map[string]string, len(t))
	for _, tag := range t {
		m[tag.Key] = tag.Value
	}
	b, _ := json.Marshal(m) // a map of strings always marshals
	return string(b)
}
