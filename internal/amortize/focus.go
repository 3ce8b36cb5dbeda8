package amortize

import (
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// FOCUS 1.2 export (docs/focus.md). Every amortized package is a commitment discount
// whose id is the package id; its rows are:
//
//   - a Purchase row when it takes effect: BilledCost = fee, EffectiveCost 0;
//   - one Usage row per final bill row: BilledCost 0, EffectiveCost = the amount,
//     CommitmentDiscountStatus Used (used and linear rows) or Unused (unused rows);
//   - when its unamortized remainder moves to an upgrade, a Purchase row of −remainder
//     on it and one of +remainder on the upgrade (EffectiveCost 0), dated when the
//     upgrade takes effect;
//   - when it is refunded, a Purchase row of −refund (the money back) and, for the
//     Refund-unsubscription bill row, a Usage row of EffectiveCost −refund, Unused
//     (the unused commitment returned).
//
// So, once a package has ended, the EffectiveCost of its Usage rows sums to the
// BilledCost of its Purchase rows, and both to what its bill rows sum to.

// FocusConfig is what the exports do not carry: who provides and invoices the
// packages, and to which account.
type FocusConfig struct {
	Provider, Publisher, InvoiceIssuer   string
	BillingAccountID, BillingAccountName string
	// Services maps a product (model.Norm form) to its service category and
	// subcategory; products not in it use DefaultServices, else Other.
	Services map[string]Service
	// RegionNames maps a region id (model.Norm form) to its display name; regions not
	// in it use DefaultRegionNames, else their id.
	RegionNames map[string]string
	// From and To keep the rows whose charge starts on a day within [From, To]
	// (midnights in the amortization's zone, inclusive); zero bounds are open.
	From, To time.Time
}

// FocusRow is one FOCUS row. An empty string and an invalid NullDecimal are nulls.
type FocusRow struct {
	BilledCost, EffectiveCost, ListCost, ContractedCost decimal.Decimal

	BillingAccountID, BillingAccountName, BillingCurrency string
	BillingPeriodStart, BillingPeriodEnd                  time.Time
	ChargePeriodStart, ChargePeriodEnd                    time.Time
	ChargeCategory, ChargeClass, ChargeDescription        string
	ChargeFrequency                                       string

	CommitmentDiscountCategory, CommitmentDiscountID, CommitmentDiscountName string
	CommitmentDiscountStatus, CommitmentDiscountType, CommitmentDiscountUnit string
	CommitmentDiscountQuantity                                               decimal.NullDecimal

	ConsumedQuantity decimal.NullDecimal
	ConsumedUnit     string

	InvoiceIssuerName, ProviderName, PublisherName string
	PricingCategory, PricingUnit                   string
	PricingQuantity                                decimal.NullDecimal

	RegionID, RegionName                                string
	ResourceID, ResourceName, ResourceType              string
	ServiceCategory, ServiceName, ServiceSubcategory    string
	SkuID, SkuMeter, SubAccountID, SubAccountName, Tags string
	AmortizationMethod, BillType                        string // x_AmortizationMethod, x_BillType
}

// Focus is the FOCUS export of an amortization: Len rows, row i by Row. Rows come in
// order: the Purchase rows (by package id: purchase, remainder moved in, remainder
// moved out, refund), then one row per final bill row in bill order.
type Focus struct {
	res     *Result
	l       *replay.Ledger
	cfg     FocusConfig
	pre     []focusPre
	bills   *Window        // the final bill rows of the window, walked
	nBills  int            // how many
	pkgs    []*focusPkg    // by ledger index, of the amortized packages: made once, then only read
	methods []model.Method // by ledger index, of the amortized packages
	fmt     focusCache     // the prelude's
	readers sync.Pool      // *focusReader: what one goroutine reading rows keeps
}

// focusReader is what a goroutine reading rows (Row) keeps between them: its caches of
// days, months and tag sets, and the package of the last bill row and its ledger index.
type focusReader struct {
	fmt     focusCache
	lastID  string
	lastIdx int
}

// focusPre is a row before the bill rows.
type focusPre struct {
	kind   preKind
	pkg    int // ledger index
	other  int // the other package of a moved remainder
	amount decimal.Decimal
	start  time.Time
	end    time.Time
}

type preKind uint8

const (
	prePurchase preKind = iota
	preMovedIn
	preMovedOut
	preRefund
)

// NewFocus prepares the FOCUS export of res, amortized from l. It refuses (a *FocusError) what FOCUS
// cannot hold: a package currency that is not an ISO 4217 code, an empty provider,
// publisher, invoice issuer or billing account id, or a service category that FOCUS
// does not define.
func NewFocus(res *Result, l *replay.Ledger, cfg FocusConfig) (*Focus, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	f := &Focus{res: res, l: l, cfg: cfg, pkgs: make([]*focusPkg, len(l.Packages)),
		methods: make([]model.Method, len(l.Packages)), fmt: newFocusCache(res)}
	for _, tot := range res.Totals {
		i := l.Package(tot.PackageID)
		if i < 0 {
			continue
		}
		f.methods[i] = tot.Method
		if p := l.Packages[i].Pkg; !ISO4217(p.Currency) {
			return nil, &FocusError{Src: p.Src, Column: "currency",
				Msg: fmt.Sprintf("%q is not an ISO 4217 currency code (FOCUS BillingCurrency)", p.Currency)}
		}
		f.pkgs[i] = f.pkg(i)
	}
	f.readers.New = func() any { return &focusReader{fmt: newFocusCache(res)} }
	f.prelude()
	_, f.nBills = res.Count(cfg.From, cfg.To)
	f.bills = res.window(cfg.From, cfg.To, 1, true) // read in order, by one reader, unless ReadAhead says
	return f, nil
}

// ReadAhead prepares f for readers that ask, at any one moment, for rows among the span
// from the first still wanted (Row is safe on several goroutines at once; a table
// formatted in blocks on every core asks for report.OutOfOrder()).
func (f *Focus) ReadAhead(span int) {
	f.bills = f.res.window(f.cfg.From, f.cfg.To, min(span, max(f.nBills, 1)), true)
}

// FocusError is a value FOCUS cannot hold; Src locates it when it comes from an input.
type FocusError struct {
	Src    model.Source
	Column string
	Msg    string
}

func (e *FocusError) Error() string {
	if e.Src.File == "" {
		return "focus: " + e.Msg
	}
	return fmt.Sprintf("%s: column %q: %s", e.Src, e.Column, e.Msg)
}

// prelude lists the Purchase rows: one per amortized package effective by the as-of
// instant, the moved remainders of upgraded packages that have ended, and refunds.
func (f *Focus) prelude() {
	res, l := f.res, f.l
	tot := map[string]*Total{}
	for k := range res.Totals {
		tot[res.Totals[k].PackageID] = &res.Totals[k]
	}
	refunds := map[string]decimal.Decimal{} // final refunds by package, positive
	for b := range res.Walk(time.Time{}, time.Time{}) {
		if b.Type == model.BillRefund && !b.Provisional {
			refunds[b.PackageID] = refunds[b.PackageID].Sub(b.Amount)
			if i := l.Package(b.PackageID); i >= 0 {
				f.add(focusPre{kind: preRefund, pkg: i, amount: b.Amount, start: b.Date, end: f.fmt.nextDay(b.Date)})
			}
		}
	}
	byPkg := map[int][]moved{} // the moved remainders each package takes part in
	for _, m := range f.movedRemainders(tot, refunds) {
		byPkg[m.from] = append(byPkg[m.from], m)
		byPkg[m.to] = append(byPkg[m.to], m)
	}
	for k := range res.Totals {
		t := &res.Totals[k]
		i := l.Package(t.PackageID)
		if i < 0 {
			continue
		}
		ps := &l.Packages[i]
		p := ps.Pkg
		if !res.asOf.IsZero() && p.Effective.After(res.asOf) { // not in effect by as-of: nothing bought yet to show
			continue
		}
		f.add(focusPre{kind: prePurchase, pkg: i, amount: p.Fee.Decimal.Round(res.prec), start: p.Effective, end: p.Expiration})
		for _, m := range byPkg[i] {
			if i == m.to {
				f.add(focusPre{kind: preMovedIn, pkg: i, other: m.from, amount: m.amount, start: p.Effective, end: p.Expiration})
			} else {
				f.add(focusPre{kind: preMovedOut, pkg: i, other: m.to, amount: m.amount.Neg(), start: ps.End, end: p.Expiration})
			}
		}
	}
	sort.SliceStable(f.pre, func(a, b int) bool {
		x, y := &f.pre[a], &f.pre[b]
		if idx, idy := l.Packages[x.pkg].Pkg.ID, l.Packages[y.pkg].Pkg.ID; idx != idy {
			return idx < idy
		}
		return x.kind < y.kind
	})
}

// add keeps a prelude row whose charge starts within the configured days.
func (f *Focus) add(r focusPre) {
	if r.amount.IsZero() && r.kind != prePurchase {
		return
	}
	d := f.fmt.dayOf(r.start)
	if (!f.cfg.From.IsZero() && d.Before(f.cfg.From)) || (!f.cfg.To.IsZero() && d.After(f.cfg.To)) {
		return
	}
	f.pre = append(f.pre, r)
}

// moved is a remainder moved from an upgraded package to its upgrade.
type moved struct {
	from, to int
	amount   decimal.Decimal
}

// movedRemainders finds, for every amortized package that an amortized upgrade cut and
// that has ended, what moved: its amortizable amount (fee + what moved in − refund)
// less what its final rows amortized. Packages are taken in effective order, so a
// chain of upgrades moves each remainder on.
func (f *Focus) movedRemainders(tot map[string]*Total, refunds map[string]decimal.Decimal) []moved {
	l := f.l
	idx := make([]int, 0, len(tot))
	for id := range tot {
		if i := l.Package(id); i >= 0 {
			idx = append(idx, i)
		}
	}
	sort.Slice(idx, func(a, b int) bool {
		x, y := l.Packages[idx[a]].Pkg, l.Packages[idx[b]].Pkg
		if !x.Effective.Equal(y.Effective) {
			return x.Effective.Before(y.Effective)
		}
		return x.ID < y.ID
	})
	in := map[int]decimal.Decimal{}
	var out []moved
	for _, i := range idx {
		ps := &l.Packages[i]
		t := tot[ps.Pkg.ID]
		if ps.EndCause != replay.EndUpgraded || !t.Ended {
			continue
		}
		j := l.Package(ps.UpgradedBy)
		if j < 0 || tot[ps.UpgradedBy] == nil {
			continue
		}
		w := ps.Pkg.Fee.Decimal.Round(f.res.prec).Add(in[i])
		rem := w.Sub(refunds[ps.Pkg.ID]).Sub(t.Amortized)
		if rem.IsPositive() {
			in[j] = in[j].Add(rem)
			out = append(out, moved{from: i, to: j, amount: rem})
		}
	}
	return out
}

// Len is the number of rows.
func (f *Focus) Len() int { return len(f.pre) + f.nBills }

// Row fills r with row i. Several goroutines may call it at once.
func (f *Focus) Row(i int, r *FocusRow) {
	rd := f.readers.Get().(*focusReader)
	defer f.readers.Put(rd)
	if i < len(f.pre) {
		f.preRow(&f.pre[i], r, &rd.fmt)
		return
	}
	b, ref := f.bills.at(i-len(f.pre), true)
	pkg := int(ref.pkg)
	if ref.held != nil { // a held bill: its package by id
		if b.PackageID != rd.lastID || rd.lastID == "" {
			rd.lastID, rd.lastIdx = b.PackageID, f.l.Package(b.PackageID)
		}
		pkg = rd.lastIdx
	}
	f.billRow(&b, pkg, r, &rd.fmt)
}
