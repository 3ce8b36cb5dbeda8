package amortize

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

var year = at("2024-01-01 00:00")

func randTime(r *rand.Rand, from time.Time, days int) time.Time {
	return from.Add(time.Duration(r.IntN(days*24*60)) * time.Minute)
}

// randPackages builds valid packages: resettable or not, usage or linear, some destroyed
// randLedger replays a random scenario (randPackages, randRecords) in sh, as of a random
// instant half of the time (zero, the other half).
func randLedger(t testing.TB, r *rand.Rand) (*replay.Ledger, time.Time) {
	t.Helper()
	pkgs, recs := randPackages(r), randRecords(r)
	var asOf time.Time
	if r.IntN(2) == 0 {
		asOf = randTime(r, year, 600)
	}
	l, err := replay.Run(pkgs, recs, replay.Options{Location: sh, AsOf: asOf, Precision: 2})
	if err != nil {
		t.Fatal(err)
	}
	return l, asOf
}

// with a refund, some upgrading an earlier one, some without a fee.
func randPackages(r *rand.Rand) []model.Package {
	var pkgs []model.Package
	for i := range 1 + r.IntN(6) {
		eff := randTime(r, year, 200)
		p := model.Package{
			ID: fmt.Sprintf("p%d", i), Product: "OBS", Effective: eff,
			Expiration: eff.Add(time.Duration(1+r.IntN(400)) * 24 * time.Hour).Add(time.Duration(r.IntN(1440)) * time.Minute),
			Capacity:   decimal.NewFromInt(int64(r.IntN(4) * 50)), Unit: "GB", Currency: "USD",
			ResetCycle:   []model.ResetCycle{model.ResetNone, model.ResetDay, model.ResetWeek, model.ResetMonth}[r.IntN(4)],
			Fee:          decimal.NewNullDecimal(decimal.New(r.Int64N(1_000_000), -2)),
			Amortization: []model.Method{model.MethodUsage, model.MethodLinear}[r.IntN(2)],
		}
		if r.IntN(8) == 0 {
			p.Fee.Valid = false
		}
		if i > 0 && r.IntN(3) == 0 {
			o := pkgs[r.IntN(len(pkgs))]
			p.OrderType, p.OriginalID = model.OrderUpgrade, o.ID
			p.Effective = o.Effective.Add(time.Duration(1+r.IntN(200*24)) * time.Hour)
			p.Expiration = p.Effective.Add(time.Duration(1+r.IntN(300)) * 24 * time.Hour)
		}
		if r.IntN(4) == 0 {
			p.Destroyed = p.Effective.Add(time.Duration(r.Int64N(int64(p.Expiration.Sub(p.Effective)))))
			if r.IntN(3) == 0 {
				p.Destroyed = time.Date(p.Destroyed.Year(), p.Destroyed.Month(), p.Destroyed.Day(), 0, 0, 0, 0, sh)
				p.Destroyed = maxTime(p.Destroyed, p.Effective)
			}
			if p.Fee.Valid && r.IntN(2) == 0 {
				p.Refund = decimal.NewNullDecimal(p.Fee.Decimal.Mul(decimal.New(int64(r.IntN(101)), -2)).Round(2))
			}
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

func randRecords(r *rand.Rand) []model.Record {
	recs := make([]model.Record, r.IntN(60))
	for i := range recs {
		end := randTime(r, year, 500)
		recs[i] = model.Record{
			RecordAttrs: &model.RecordAttrs{Product: "OBS", BillingItem: "item", Unit: "GB",
				EnterpriseProject: []string{"", "alpha", "beta"}[r.IntN(3)]},
			ID:       fmt.Sprintf("r%03d", i),
			Quantity: exact.NewAmount(r.Int64N(8000), -2),
		}.WithTimes(end.Add(-time.Duration(r.IntN(180))*time.Minute), end, end)
		if r.IntN(5) == 0 {
			recs[i].SetDeduct(end.Add(time.Duration(r.IntN(72)) * time.Hour))
		}
		if r.IntN(3) == 0 {
			recs[i].Tags = model.Tags{{Key: "team", Value: []string{"x", "y"}[r.IntN(2)]}}
		}
	}
	return recs
}

func TestPropertiesRandomScenarios(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for iter := 0; iter < 300; iter++ {
		pkgs, recs := randPackages(r), randRecords(r)
		var asOf time.Time
		if r.IntN(2) == 0 {
			asOf = randTime(r, year, 600)
		}
		res := amortize(t, pkgs, recs, asOf)
		checkTotals(t, res)
		checkAmortizableConserved(t, pkgs, res)
		for _, b := range res.Bills {
			if b.Type != model.BillRefund && b.Amount.IsNegative() {
				t.Fatalf("iter %d: negative row %q", iter, line(b))
			}
			if last := asOf.Add(-time.Nanosecond).In(sh); !asOf.IsZero() &&
				b.Date.After(time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, sh)) {
				t.Fatalf("iter %d: row after as-of %s: %q", iter, asOf, line(b))
			}
		}
		if asOf.IsZero() {
			checkNothingLost(t, pkgs, res)
		}
		r.Shuffle(len(pkgs), func(i, j int) { pkgs[i], pkgs[j] = pkgs[j], pkgs[i] })
		r.Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
		again := amortize(t, pkgs, recs, asOf)
		if !reflect.DeepEqual(lines(res.Bills), lines(again.Bills)) || !reflect.DeepEqual(res.Totals, again.Totals) {
			t.Fatalf("iter %d: output depends on input order", iter)
		}
		if t.Failed() {
			t.Fatalf("iter %d failed: packages %+v", iter, pkgs)
		}
	}
}

// checkNothingLost: with everything final, the amortized packages' totals add up to their
// fees less refunds: remainders move between packages but never vanish.
func checkNothingLost(t *testing.T, pkgs []model.Package, res *Result) {
	t.Helper()
	want, got := decimal.Zero, decimal.Zero
	for _, p := range pkgs {
		if p.Fee.Valid {
			want = want.Add(p.Fee.Decimal)
		}
	}
	for _, tot := range res.Totals {
		got = got.Add(tot.Amortized)
	}
	for _, b := range res.Bills {
		if b.Type == model.BillRefund {
			want = want.Add(b.Amount)
		}
	}
	if !got.Equal(want) {
		t.Errorf("amortized %s in all, want fees − refunds = %s", got, want)
	}
}

// checkAmortizableConserved: at any as-of, remainders move between packages but are
// counted once: the packages' amortizable amounts add up to their fees less the refunds
// of the packages destroyed by as-of (whose refund rows are final).
func checkAmortizableConserved(t *testing.T, pkgs []model.Package, res *Result) {
	t.Helper()
	want, got := decimal.Zero, decimal.Zero
	for _, p := range pkgs {
		if p.Fee.Valid {
			want = want.Add(p.Fee.Decimal.Round(2))
		}
	}
	for _, b := range res.Bills {
		if b.Type == model.BillRefund && !b.Provisional {
			want = want.Add(b.Amount)
		}
	}
	for _, tot := range res.Totals {
		got = got.Add(tot.Amortizable)
	}
	if !got.Equal(want) {
		t.Errorf("amortizable %s in all, want fees − refunds so far = %s (a remainder counted twice or lost)", got, want)
	}
}
