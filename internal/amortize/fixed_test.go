package amortize

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// exact renders a decimal with its exponent: the fast paths must give the same value
// and the same representation as the decimal ones.
func exact(d decimal.Decimal) string { return fmt.Sprintf("%se%d", d.Coefficient(), d.Exponent()) }

func exactBill(b Bill) string {
	q := "-"
	if b.Quantity.Valid {
		q = exact(b.Quantity.Decimal)
	}
	return fmt.Sprintf("%s %s %s %s %d %d %s %s %s %s %s %s %s %s %v", b.Date.Format(time.RFC3339), b.Date.Location(),
		b.BillingCycle, b.PackageID, b.Type, b.Method, q, b.Unit, exact(b.Amount), b.Currency,
		b.PeriodStart.Format(time.RFC3339Nano), b.PeriodEnd.Format(time.RFC3339Nano), b.EnterpriseProject, b.Tags, b.Provisional)
}

func exactTotal(t Total) string {
	return fmt.Sprintf("%s %d %s %s %s %v", t.PackageID, t.Method, exact(t.Amortizable), exact(t.Amortized), t.Currency, t.Ended)
}

// Property: the int64 paths (linear runs, used rows, period amounts, sums) give exactly
// the rows and totals of the decimal paths, in any zone and precision, and fall back
// when numbers do not fit (huge fees and quantities).
func TestFastPathsMatchDecimals(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	zones := []*time.Location{sh, time.UTC, mustZone("America/New_York"), mustZone("Europe/London")}
	for iter := 0; iter < 400; iter++ {
		pkgs, recs := randPackages(r), randRecords(r)
		for i := range pkgs {
			if r.IntN(6) == 0 && pkgs[i].Fee.Valid {
				pkgs[i].Fee.Decimal = decimal.New(r.Int64N(1<<62), int32(r.IntN(5))-2)
			}
		}
		for i := range recs {
			if r.IntN(10) == 0 {
				recs[i].Quantity = model.NewAmount(r.Int64N(1<<62), -int32(r.IntN(4)))
			}
		}
		var asOf time.Time
		if r.IntN(2) == 0 {
			asOf = randTime(r, year, 600)
		}
		loc, prec := zones[r.IntN(len(zones))], int32(r.IntN(4))
		l, err := replay.Run(pkgs, recs, replay.Options{Location: loc, AsOf: asOf, Precision: prec})
		if err != nil {
			t.Fatal(err)
		}
		cfg := Config{Location: loc, Precision: prec, UsageBasedFrom: DefaultUsageBasedFrom(loc),
			UsageBasedProducts: DefaultUsageBasedProducts, AsOf: asOf}
		fast, err1 := run(l, cfg, false)
		slow, err2 := run(l, cfg, true)
		if err1 != nil || err2 != nil {
			t.Fatalf("iter %d: %v, %v", iter, err1, err2)
		}
		if len(fast.Bills) != len(slow.Bills) {
			t.Fatalf("iter %d: %d rows, decimals give %d", iter, len(fast.Bills), len(slow.Bills))
		}
		for i := range fast.Bills {
			if f, s := exactBill(fast.Bills[i]), exactBill(slow.Bills[i]); f != s {
				t.Fatalf("iter %d row %d:\n  int64s   %s\n  decimals %s", iter, i, f, s)
			}
		}
		for i := range fast.Totals {
			if f, s := exactTotal(fast.Totals[i]), exactTotal(slow.Totals[i]); f != s {
				t.Fatalf("iter %d total %d:\n  int64s   %s\n  decimals %s", iter, i, f, s)
			}
		}
	}
}

// Property: mulDivRound is DivRound's half-away-from-zero rounding of a×b/d, and it
// refuses rather than overflows.
func TestMulDivRoundMatchesDivRound(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for iter := 0; iter < 20000; iter++ {
		a := r.Int64N(maxFixed) >> r.IntN(62)
		if r.IntN(2) == 0 {
			a = -a
		}
		b, d := r.Int64N(1<<62)>>r.IntN(62), 1+r.Int64N(1<<62)>>r.IntN(62)
		got, ok := mulDivRound(a, b, d)
		want := decimal.NewFromInt(a).Mul(decimal.NewFromInt(b)).DivRound(decimal.NewFromInt(d), 0)
		if !ok {
			if want.Abs().LessThanOrEqual(decimal.NewFromInt(maxFixed / 2)) {
				t.Fatalf("mulDivRound(%d, %d, %d) refused %s", a, b, d, want)
			}
			continue
		}
		if !want.Equal(decimal.NewFromInt(got)) {
			t.Fatalf("mulDivRound(%d, %d, %d) = %d, want %s", a, b, d, got, want)
		}
	}
}

// Property: qtySum and decSum are a chain of Decimal{}.Add, value and exponent alike.
func TestSumsMatchAddChain(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 1))
	for iter := 0; iter < 2000; iter++ {
		var q qtySum
		d := decSum{exp: -2}
		want, wantD := decimal.Decimal{}, decimal.Decimal{}
		for range r.IntN(8) {
			x := decimal.New(r.Int64N(1<<62)>>r.IntN(62)-1<<20, int32(r.IntN(7))-4)
			q.add(x)
			want = want.Add(x)
			c := r.Int64N(maxFixed) >> r.IntN(62)
			d.addFixed(c)
			wantD = wantD.Add(decimal.New(c, -2))
		}
		if got := q.value(); exact(got) != exact(want) {
			t.Fatalf("qtySum = %s, Add chain %s", exact(got), exact(want))
		}
		if got := d.value(); exact(got) != exact(wantD) {
			t.Fatalf("decSum = %s, Add chain %s", exact(got), exact(wantD))
		}
	}
}
