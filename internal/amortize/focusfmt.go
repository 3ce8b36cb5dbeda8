package amortize

import (
	"encoding/json"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

// focusPkg is what every FOCUS row of one package shares, built once.
type focusPkg struct {
	name, typ, sku, meter       string
	category, subcategory       string
	regionName                  string
	unit                        string // the commitment unit: the package's, in FOCUS form, or Seconds (linear)
	termQty                     decimal.Decimal
	method                      model.Method
	purchaseLabel, purchaseText string
}

// pkg returns package i's shared values: those NewFocus made for every amortized
// package, else (never, but it would still be right) made again.
func (f *Focus) pkg(i int) *focusPkg {
	if fp := f.pkgs[i]; fp != nil {
		return fp
	}
	ps := &f.l.Packages[i]
	p := ps.Pkg
	fp := &focusPkg{method: f.methods[i], typ: commitmentType(p.Type)}
	fp.name = p.Product + " " + strings.TrimSpace(p.Configuration)
	if strings.TrimSpace(p.Configuration) == "" {
		fp.name = p.Product + " " + p.Capacity.String() + " " + p.Unit + " package"
	}
	fp.sku, fp.meter = skuOf(p)
	svc := f.cfg.service(p.Product)
	fp.category, fp.subcategory = svc.Category, svc.Subcategory
	if p.Region != "" {
		fp.regionName = f.cfg.regionName(p.Region)
	}
	if fp.method == model.MethodLinear {
		fp.unit = "Seconds"
		fp.termQty = nanosBetween(p.Effective, p.Expiration).Shift(-9) // exact past 292 years
	} else {
		fp.unit = FocusUnit(p.Unit)
		n := int64(ps.FullPeriods)
		if n < 1 || p.Type.IsLevel() {
			n = 1
		}
		fp.termQty = p.Capacity.Mul(decimal.NewFromInt(n))
	}
	fp.purchaseLabel = linearType(p.OrderType).String()
	fp.purchaseText = map[model.OrderType]string{model.OrderNew: "Resource package purchase",
		model.OrderRenewal: "Resource package renewal", model.OrderUpgrade: "Resource package upgrade"}[p.OrderType]
	return fp
}

// common fills what every row of package i carries.
func (f *Focus) common(i int, r *FocusRow) *focusPkg {
	p := f.l.Packages[i].Pkg
	fp := f.pkg(i)
	*r = FocusRow{
		BillingAccountID: f.cfg.BillingAccountID, BillingAccountName: f.cfg.BillingAccountName,
		BillingCurrency: p.Currency, ChargeClass: "",
		CommitmentDiscountCategory: "Usage", CommitmentDiscountID: p.ID, CommitmentDiscountName: fp.name,
		CommitmentDiscountType: CommitmentDiscountType, CommitmentDiscountUnit: fp.unit,
		InvoiceIssuerName: f.cfg.InvoiceIssuer, ProviderName: f.cfg.Provider, PublisherName: f.cfg.Publisher,
		PricingUnit: fp.unit, RegionID: p.Region, RegionName: fp.regionName,
		ResourceID: p.ID, ResourceName: fp.name, ResourceType: fp.typ,
		ServiceCategory: fp.category, ServiceName: p.Product, ServiceSubcategory: fp.subcategory,
		SkuID: fp.sku, SkuMeter: fp.meter, AmortizationMethod: fp.method.String(),
	}
	return fp
}

var zeroQty = decimal.NullDecimal{Decimal: decimal.Zero, Valid: true}

// preRow fills a Purchase row.
func (f *Focus) preRow(x *focusPre, r *FocusRow, c *focusCache) {
	fp := f.common(x.pkg, r)
	p := f.l.Packages[x.pkg].Pkg
	r.ChargeCategory, r.ChargeFrequency, r.PricingCategory = "Purchase", "One-Time", "Standard"
	r.BilledCost, r.EffectiveCost = x.amount, decimal.Zero
	r.ListCost, r.ContractedCost = x.amount, x.amount
	r.ChargePeriodStart, r.ChargePeriodEnd = periodSeconds(x.start, x.end)
	r.BillingPeriodStart, r.BillingPeriodEnd = c.month(x.start)
	r.CommitmentDiscountQuantity, r.PricingQuantity = zeroQty, zeroQty
	r.SubAccountID, r.SubAccountName = p.EnterpriseProject, p.EnterpriseProject
	r.Tags = c.tagsJSON(p.Tags)
	r.BillType = fp.purchaseLabel
	switch x.kind {
	case prePurchase:
		r.ChargeDescription = fp.purchaseText
		q := decimal.NullDecimal{Decimal: fp.termQty, Valid: true}
		r.CommitmentDiscountQuantity, r.PricingQuantity = q, q
	case preMovedIn:
		r.ChargeDescription = "Unamortized remainder moved in from " + f.l.Packages[x.other].Pkg.ID
	case preMovedOut:
		r.ChargeDescription = "Unamortized remainder moved to upgrade " + f.l.Packages[x.other].Pkg.ID
		r.BillType = f.pkg(x.other).purchaseLabel
	case preRefund:
		r.ChargeDescription = "Refund on unsubscription"
		r.BillType = model.BillRefund.String()
	}
}

// periodSeconds is the charge period [start, end) in the whole seconds FOCUS writes
// (YYYY-MM-DDTHH:mm:ssZ): the start rounded down, the exclusive end up, so that the
// period holds all of the charge and is never empty (rules.md §4.7). A bill day's
// bounds are midnights and stay as they are.
func periodSeconds(start, end time.Time) (time.Time, time.Time) {
	s, e := start.Truncate(time.Second), end.Truncate(time.Second)
	if e.Before(end) {
		e = e.Add(time.Second)
	}
	return s, e
}

// billRow fills the Usage row of a final bill row.
func (f *Focus) billRow(b *Bill, i int, r *FocusRow, c *focusCache) {
	fp := f.common(i, r)
	r.ChargeCategory, r.ChargeFrequency, r.PricingCategory = "Usage", "Usage-Based", "Committed"
	r.BilledCost, r.ListCost, r.ContractedCost, r.EffectiveCost = decimal.Zero, decimal.Zero, decimal.Zero, b.Amount
	r.ChargePeriodStart, r.ChargePeriodEnd = b.Date, c.nextDay(b.Date)
	r.BillingPeriodStart, r.BillingPeriodEnd = c.month(b.Date)
	r.SubAccountID, r.SubAccountName = b.EnterpriseProject, b.EnterpriseProject
	r.Tags = c.tagsJSON(b.Tags)
	r.BillType = b.Type.String()
	qty := b.Quantity
	switch b.Type {
	case model.BillUsed:
		r.CommitmentDiscountStatus, r.ChargeDescription = "Used", "Resource package used"
		r.ConsumedQuantity, r.ConsumedUnit = qty, fp.unit
	case model.BillUnused:
		r.CommitmentDiscountStatus, r.ChargeDescription = "Unused", "Resource package unused"
	case model.BillRefund:
		r.CommitmentDiscountStatus, r.ChargeFrequency = "Unused", "One-Time"
		r.ChargeDescription = "Refund on unsubscription: the unused commitment returned"
		qty = zeroQty
	default: // linear: the seconds of validity in the day
		r.CommitmentDiscountStatus, r.ChargeDescription = "Used", "Resource package amortized linearly"
		ps := &f.l.Packages[i]
		lo, hi := maxTime(b.Date, ps.Pkg.Effective), minTime(r.ChargePeriodEnd, ps.End)
		secs := decimal.Zero
		if hi.After(lo) {
			secs = decimal.New(hi.Sub(lo).Nanoseconds(), -9)
		}
		qty = decimal.NullDecimal{Decimal: secs, Valid: true}
		r.ConsumedQuantity, r.ConsumedUnit = qty, fp.unit
	}
	if !qty.Valid {
		qty = zeroQty
	}
	r.CommitmentDiscountQuantity, r.PricingQuantity = qty, qty
}

// focusCache formats what repeats between rows: days, months, tag sets.
type focusCache struct {
	loc              *time.Location
	lastDay, nextMid time.Time
	lastMon          time.Time
	monStart, monEnd time.Time
	tags             map[tagsID]string
}

// tagsID identifies a tag set by its backing array (rows of a package share it).
type tagsID struct {
	first *model.Tag
	n     int
}

func newFocusCache(r *Result) focusCache {
	return focusCache{loc: r.zone(), tags: map[tagsID]string{}}
}

// dayOf is the midnight of t's day.
func (c *focusCache) dayOf(t time.Time) time.Time {
	return value.Midnight(t, c.loc, 0)
}

// nextDay is the midnight after the midnight mid.
func (c *focusCache) nextDay(mid time.Time) time.Time {
	if !mid.Equal(c.lastDay) || c.nextMid.IsZero() {
		c.lastDay, c.nextMid = mid, value.Midnight(mid, c.loc, 1)
	}
	return c.nextMid
}

// month is the billing period of t: its calendar month in the zone.
func (c *focusCache) month(t time.Time) (time.Time, time.Time) {
	if t.Before(c.lastMon) || !t.Before(c.monEnd) || c.monEnd.IsZero() {
		y, m, _ := value.DayOf(t, c.loc)
		c.monStart = value.Wall(y, m, 1, 0, 0, 0, 0, c.loc)
		c.monEnd = value.Wall(y, m+1, 1, 0, 0, 0, 0, c.loc)
		c.lastMon = c.monStart
	}
	return c.monStart, c.monEnd
}

func (c *focusCache) tagsJSON(t model.Tags) string {
	if len(t) == 0 {
		return ""
	}
	id := tagsID{&t[0], len(t)}
	s, ok := c.tags[id]
	if !ok {
		s = tagsJSON(t)
		c.tags[id] = s
	}
	return s
}

// tagsJSON renders tags as a JSON object with sorted keys, values as strings.
func tagsJSON(t model.Tags) string {
	m := make(map[string]string, len(t))
	for _, tag := range t {
		m[tag.Key] = tag.Value
	}
	b, _ := json.Marshal(m) // a map of strings always marshals; keys come sorted
	return string(b)
}

func (r *Result) zone() *time.Location {
	if r.loc == nil {
		return time.UTC
	}
	return r.loc
}

// CommitmentDiscountType is the FOCUS CommitmentDiscountType of every package: what
// the consoles sell them as. ResourceType tells the kinds apart (commitmentType).
const CommitmentDiscountType = "Resource Package"

// commitmentType names a package type as the consoles do.
func commitmentType(t model.PackageType) string {
	switch t {
	case model.TypeStorage:
		return "Storage Package"
	case model.TypeReservedInstance:
		return "Reserved Instance"
	}
	return "Usage Package"
}

// skuOf is pkgctl's SKU id of a package, from what defines the offer: product, type,
// deductible items, specification, capacity and unit, reset cycle
// ("OBS/usage/Outbound internet traffic/100 GB/month"); and its meter, the deductible
// items ("Every billing item" when blank).
func skuOf(p *model.Package) (sku, meter string) {
	items := append([]string(nil), p.DeductibleItems...)
	sort.Strings(items)
	meter = strings.Join(items, "; ")
	parts := []string{p.Product, p.Type.String(), strings.Join(items, ";"), p.Specification,
		p.Capacity.String() + " " + p.Unit}
	if p.Resettable() {
		parts = append(parts, p.ResetCycle.String())
	}
	kept := parts[:0]
	for _, s := range parts {
		if strings.TrimSpace(s) != "" {
			kept = append(kept, s)
		}
	}
	if meter == "" {
		meter = "Every billing item"
	}
	return strings.Join(kept, "/"), meter
}
