package kpi

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/sample"
	"github.com/pkgctl/pkgctl/internal/value"
)

// generated loads a generated export (pkgctl sample generate).
func generated(t *testing.T, pkgs, recs int, seed int64) ([]model.Package, []model.Record) {
	t.Helper()
	var pb, ub bytes.Buffer
	if err := sample.Generate(sample.GenOptions{Packages: pkgs, Records: recs, Seed: seed}, &pb, &ub); err != nil {
		t.Fatal(err)
	}
	opt := load.Options{Location: sh}
	ps, _, err := load.Packages("packages.csv", &pb, opt)
	if err != nil {
		t.Fatal(err)
	}
	rs, _, err := load.Usage("usage.csv", &ub, opt)
	if err != nil {
		t.Fatal(err)
	}
	return ps, rs
}

// Over generated exports and several as-of instants: coverage never exceeds 100% (the
// invariants checked by compute); coverage by any grouping adds up to the same totals;
// and the utilization of every usage-amortized package that has ended is its used share
// of its amortization: its unused capacity is the unused quantity of its final bills,
// its amounts theirs, and the money share is within a cent a period of the quantity
// share.
func TestPropertiesGenerated(t *testing.T) {
	checked := 0
	for seed := int64(1); seed <= 12; seed++ {
		pkgs, recs := generated(t, 40, 2500, seed)
		for _, asOf := range []time.Time{at("2024-09-01"), at("2025-07-15 13:30"), at("2026-03-01")} {
			in := replayed(t, pkgs, recs, asOf)
			byPkg := in.compute(t, asOf, "package")
			checked += checkEndedPackages(t, seed, asOf, in, byPkg)
			checkSameTotals(t, seed, byPkg, in.compute(t, asOf, "month", "product", "region"))
			checkSameTotals(t, seed, byPkg, in.compute(t, asOf, "project", "tag:team"))
		}
	}
	if checked < 100 {
		t.Fatalf("only %d ended usage-amortized packages checked", checked)
	}
}

// booked sums quantities and amounts of a package's final used and unused bills.
type booked struct {
	usedQty, allQty    decimal.Decimal
	usedAmt, unusedAmt decimal.Decimal
}

// checkEndedPackages returns the number of packages it checked.
func checkEndedPackages(t *testing.T, seed int64, asOf time.Time, in inputs, res *Result) int {
	t.Helper()
	books := map[string]*booked{}
	for _, b := range in.am.Bills {
		if b.Provisional || b.Method != model.MethodUsage {
			continue
		}
		bk := books[b.PackageID]
		if bk == nil {
			bk = &booked{}
			books[b.PackageID] = bk
		}
		switch b.Type {
		case model.BillUsed:
			bk.usedQty = bk.usedQty.Add(b.Quantity.Decimal)
			bk.allQty = bk.allQty.Add(b.Quantity.Decimal)
			bk.usedAmt = bk.usedAmt.Add(b.Amount)
		case model.BillUnused:
			bk.allQty = bk.allQty.Add(b.Quantity.Decimal)
			bk.unusedAmt = bk.unusedAmt.Add(b.Amount)
		}
	}
	rows := map[string]Row{}
	for _, r := range res.Rows {
		if r.Periods > 0 {
			rows[r.Keys[0]] = r
		}
	}
	checked := 0
	for _, tot := range in.am.Totals {
		pi := in.l.Package(tot.PackageID)
		ps := &in.l.Packages[pi]
		if tot.Method != model.MethodUsage || !tot.Ended || len(ps.Periods) == 0 {
			continue
		}
		bk, row := books[tot.PackageID], rows[tot.PackageID]
		if bk == nil {
			bk = &booked{}
		}
		conv, ok := value.NewConversion(ps.Pkg.Unit, row.Unit)
		if !ok {
			t.Fatalf("seed %d %s: %s: unit %s of the row, package unit %s", seed, asOf, tot.PackageID, row.Unit, ps.Pkg.Unit)
		}
		// A used row that rounds to 0.00 is left out of the bills with its quantity: the
		// bills' used quantity may fall short of the ledger's, their unused one may not.
		unusedQty := bk.allQty.Sub(bk.usedQty)
		if !row.Unused().Equal(conv.Apply(unusedQty)) || conv.Apply(bk.usedQty).GreaterThan(row.Used) ||
			!row.UsedAmount.Equal(bk.usedAmt) || !row.UnusedAmount.Equal(bk.unusedAmt) {
			t.Fatalf("seed %d %s: %s: kpi used %s of %s (%s + %s), bills %s of %s (%s + %s)", seed, asOf, tot.PackageID,
				row.Used, row.Capacity, row.UsedAmount, row.UnusedAmount, bk.usedQty, bk.allQty, bk.usedAmt, bk.unusedAmt)
		}
		u, ok1 := row.Utilization()
		mu, ok2 := row.MoneyUtilization()
		if ps.EndCause == replay.EndExpired && ok1 && ok2 {
			// per period the used rows are round(amount × used ÷ capacity); amounts differ
			// by a cent at most between periods
			total := row.UsedAmount.Add(row.UnusedAmount)
			exact := total.Mul(row.Used).Div(row.Capacity)
			if diff := row.UsedAmount.Sub(exact).Abs(); diff.GreaterThan(decimal.New(15, -3).Mul(decimal.NewFromInt(int64(row.Periods)))) {
				t.Fatalf("seed %d %s: %s: used %s of %s booked, %s by quantity (%s%% vs %s%%)", seed, asOf,
					tot.PackageID, row.UsedAmount, total, exact, mu, u)
			}
		}
		checked++
	}
	return checked
}

// checkSameTotals: two groupings of one result add up to the same totals per currency.
func checkSameTotals(t *testing.T, seed int64, a, b *Result) {
	t.Helper()
	sum := func(res *Result) map[string][6]string {
		acc := map[string]*[6]exact.QtySum{}
		for _, r := range res.Rows {
			s := acc[r.Currency]
			if s == nil {
				s = &[6]exact.QtySum{}
				acc[r.Currency] = s
			}
			for i, d := range []decimal.Decimal{r.UsedAmount, r.UnusedAmount, r.UsageValue, r.CoveredValue,
				decimal.NewFromInt(int64(r.Records)), decimal.NewFromInt(int64(r.Periods))} {
				s[i].Add(d)
			}
		}
		out := map[string][6]string{}
		for c, s := range acc {
			var v [6]string
			for i := range s {
				v[i] = s[i].Value().String()
			}
			out[c] = v
		}
		return out
	}
	sa, sb := sum(a), sum(b)
	for c, v := range sa {
		w := sb[c]
		// records: by package a record split over packages counts in each of its rows
		w[4], v[4] = "", ""
		if v != w {
			t.Fatalf("seed %d: %s: totals %v by %v, %v by %v", seed, c, v, a.Keys, w, b.Keys)
		}
	}
}

// randomScenario builds usage-amortized packages of every shape the rules know —
// resettable or not, upgraded (with or without a fee), destroyed with a refund — and
// records around them.
func randomScenario(r *rand.Rand) ([]model.Package, []model.Record) {
	year := at("2024-01-01")
	randTime := func(days int) time.Time { return year.Add(time.Duration(r.IntN(days*24*60)) * time.Minute) }
	var pkgs []model.Package
	for i := range 1 + r.IntN(6) {
		eff := randTime(200)
		p := model.Package{ID: fmt.Sprintf("p%d", i), Product: "OBS", Effective: eff,
			Expiration: eff.Add(time.Duration(1+r.IntN(300))*24*time.Hour + time.Duration(r.IntN(1440))*time.Minute),
			Capacity:   decimal.NewFromInt(int64(r.IntN(4) * 50)), Unit: []string{"GB", "TB"}[r.IntN(2)], Currency: "USD",
			ResetCycle:   []model.ResetCycle{model.ResetNone, model.ResetDay, model.ResetWeek, model.ResetMonth}[r.IntN(4)],
			Fee:          decimal.NewNullDecimal(decimal.New(r.Int64N(1_000_000), -2)),
			Amortization: model.MethodUsage}
		if r.IntN(8) == 0 {
			p.Fee.Valid = false
		}
		if i > 0 && r.IntN(3) == 0 {
			o := pkgs[r.IntN(len(pkgs))]
			p.OrderType, p.OriginalID, p.Unit = model.OrderUpgrade, o.ID, o.Unit
			p.Effective = o.Effective.Add(time.Duration(1+r.IntN(200*24)) * time.Hour)
			if r.IntN(2) == 0 { // at a reset boundary of the original: its period is complete
				p.Effective = o.Effective.AddDate(0, 1+r.IntN(3), 0)
			}
			p.Expiration = p.Effective.Add(time.Duration(1+r.IntN(300)) * 24 * time.Hour)
		}
		if r.IntN(4) == 0 {
			p.Destroyed = p.Effective.Add(time.Duration(r.Int64N(int64(p.Expiration.Sub(p.Effective)))))
			if p.Fee.Valid && r.IntN(2) == 0 {
				p.Refund = decimal.NewNullDecimal(p.Fee.Decimal.Mul(decimal.New(int64(r.IntN(101)), -2)).Round(2))
			}
		}
		pkgs = append(pkgs, p)
	}
	recs := make([]model.Record, r.IntN(80))
	for i := range recs {
		end := randTime(500)
		recs[i] = model.Record{
			RecordAttrs: &model.RecordAttrs{Product: "OBS", BillingItem: "item", Unit: []string{"GB", "MB"}[r.IntN(2)],
				Currency: "USD", UnitPrice: decimal.NewNullDecimal(decimal.New(int64(r.IntN(100)), -2))},
			ID: fmt.Sprintf("r%03d", i), Quantity: exact.NewAmount(r.Int64N(8000), -2),
		}.WithTimes(end.Add(-time.Duration(r.IntN(180))*time.Minute), end, end)
	}
	return pkgs, recs
}

func TestPropertiesRandomScenarios(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 5))
	checked := 0
	for seed := int64(0); seed < 400; seed++ {
		pkgs, recs := randomScenario(r)
		for _, asOf := range []time.Time{at("2024-05-01"), at("2026-01-01")} {
			in := replayed(t, pkgs, recs, asOf)
			byPkg := in.compute(t, asOf, "package")
			checked += checkEndedPackages(t, seed, asOf, in, byPkg)
			checkSameTotals(t, seed, byPkg, in.compute(t, asOf, "month"))
		}
	}
	if checked < 300 {
		t.Fatalf("only %d ended packages checked", checked)
	}
}
