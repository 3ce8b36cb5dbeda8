package amortize

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// A linear package valid to 9999-12-31 (longer than the 292 years a time.Duration
// holds) is split by its whole span: the rows through a day sum to the fee times that
// day's share of the validity, rounded, on the int64 and the decimal paths alike.
func TestLinearLongerThanDuration(t *testing.T) {
	p := pkg("FOREVER", "ECS", "2024-01-01 00:00", "2024-01-01 00:00", "1", "instance", "1000.00", model.ResetNone)
	p.Expiration = time.Date(9999, 12, 31, 0, 0, 0, 0, sh)
	p.Amortization = model.MethodLinear
	asOf := at("2024-03-01 00:00")
	for _, decimalOnly := range []bool{false, true} {
		l := ledgerOf(t, []model.Package{p}, nil, asOf)
		res, err := run(l, cfgAsOf(asOf), decimalOnly)
		if err != nil {
			t.Fatal(err)
		}
		span := new(big.Rat).SetInt64(p.Expiration.Unix() - p.Effective.Unix())
		sum := decimal.Zero
		for _, b := range res.Bills {
			sum = sum.Add(b.Amount)
			through := new(big.Rat).SetInt64(b.Date.AddDate(0, 0, 1).Unix() - p.Effective.Unix())
			share := new(big.Rat).Mul(big.NewRat(1000, 1), through.Quo(through, span))
			want, _ := decimal.NewFromString(share.FloatString(10))
			if !sum.Equal(want.Round(2)) {
				t.Fatalf("decimalOnly=%v: rows through %s sum to %s, want %s", decimalOnly, b.Date.Format(time.DateOnly), sum, want.Round(2))
			}
		}
		if len(res.Bills) != 2 || res.Bills[0].Date.Day() != 15 {
			t.Errorf("decimalOnly=%v: %d rows, first on %s; want 2, the first on 2024-01-15", decimalOnly, len(res.Bills), res.Bills[0].Date)
		}
	}
}

// A linear package valid from 2024 to 9999-12-31, amortized as of its end, is split on
// int64s (its 2.9 million days in nanoseconds, past an int64 of them, counted in 128
// bits), whether or not its start has a fraction of a second, and its rows are
// generated as they are written, not held: 100,000 rows of a cent, summing to its fee.
func TestLinearPast292YearsNotHeld(t *testing.T) {
	for _, frac := range []time.Duration{0, time.Millisecond, time.Nanosecond} {
		p := pkg("FOREVER", "ECS", "2024-01-01 00:00", "2024-01-01 00:00", "1", "instance", "1000.00", model.ResetNone)
		p.Effective = p.Effective.Add(frac)
		p.Expiration = time.Date(9999, 12, 31, 0, 0, 0, 0, sh)
		p.Amortization = model.MethodLinear
		asOf := p.Expiration
		res, err := runLazy(ledgerOf(t, []model.Package{p}, nil, asOf), cfgAsOf(asOf), false)
		if err != nil {
			t.Fatal(err)
		}
		if pl := res.e.plans[0]; pl.lin == nil || len(pl.rows) != 0 {
			t.Fatalf("start +%v: split on decimals, %d rows held", frac, len(pl.rows))
		}
		n, sum := 0, decimal.Zero
		var first, last time.Time
		for b := range res.Walk(time.Time{}, time.Time{}) {
			if n == 0 {
				first = b.Date
			}
			n, sum, last = n+1, sum.Add(b.Amount), b.Date
			if !b.Amount.Equal(dec("0.01")) {
				t.Fatalf("start +%v: row of %s: %s, want 0.01", frac, b.Date.Format(time.DateOnly), b.Amount)
			}
		}
		if got := fmt.Sprintf("%d %s %s %s %s", n, sum.StringFixed(2), first.Format(time.DateOnly), last.Format(time.DateOnly),
			res.Totals[0].Amortized.StringFixed(2)); got != "100000 1000.00 2024-01-15 9999-12-16 1000.00" {
			t.Errorf("start +%v: rows, sum, first, last, amortized: %s", frac, got)
		}
	}
}

// Property: linear packages valid longer than 292 years, from any second of years 1000
// to 9999 (with no fraction of a second, or one of milliseconds, microseconds or
// nanoseconds), cut by an upgrade or not, get on int64s exactly the rows and totals they
// get on decimals, in zones with daylight saving; every one whose fee is whole at the
// currency's precision is split on int64s, a fee past an int64 there too.
func TestLinearPast292YearsMatchesDecimals(t *testing.T) {
	r := rand.New(rand.NewPCG(29, 2))
	zones := []*time.Location{sh, time.UTC, mustZone("America/New_York"), mustZone("Australia/Lord_Howe")}
	fraction := func() time.Duration {
		switch r.IntN(5) {
		case 0:
			return time.Duration(r.IntN(1000)) * time.Millisecond
		case 1:
			return time.Duration(r.IntN(1e6)) * time.Microsecond
		case 2:
			return time.Duration(r.IntN(1e9))
		}
		return 0
	}
	linear, fixed, wide := 0, 0, 0 // packages, split on int64s, of those with a W past an int64
	for iter := 0; iter < 120; iter++ {
		loc, prec := zones[r.IntN(len(zones))], int32(r.IntN(4))
		y := 1000 + r.IntN(8700)
		eff := time.Date(y, time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), 0, loc).Add(fraction())
		years := 250 + r.IntN(9999-y-250)
		exp := time.Date(y+years, time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), 0, 0, loc).Add(fraction())
		asOf := eff.AddDate(0, 0, r.IntN(1500)) // the decimal split walks every day to as-of
		if r.IntN(12) == 0 && years < 300 {
			asOf = exp
		}
		p := pkg("L", "ECS", "2024-01-01 00:00", "2024-01-01 00:00", "1", "instance", "0", model.ResetNone)
		p.Effective, p.Expiration, p.Amortization = eff, exp, model.MethodLinear
		p.Fee = decimal.NewNullDecimal(decimal.New(r.Int64N(1e12), -int32(r.IntN(4))))
		if r.IntN(8) == 0 {
			p.Fee.Decimal = decimal.New(r.Int64N(1<<62), -2) // past an int64 once multiplied
		}
		if r.IntN(6) == 0 { // up to 23 digits at the precision, past an int64 (a day's row fits one)
			c := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(7+r.IntN(4))), nil)
			p.Fee.Decimal = decimal.NewFromBigInt(c.Mul(c, big.NewInt(1+r.Int64N(1e12))), -prec)
		}
		pkgs := []model.Package{p}
		if r.IntN(2) == 0 {
			u := p
			u.ID, u.OrderType, u.OriginalID = "U", model.OrderUpgrade, p.ID
			u.Effective = eff.Add(time.Duration(1+r.Int64N(int64(asOf.Sub(eff)/time.Second+1))) * time.Second).Add(fraction())
			u.Fee = decimal.NewNullDecimal(decimal.New(r.Int64N(1e8), -2))
			pkgs = append(pkgs, u)
		}
		l, fast, slow := fastAndDecimal(t, pkgs, loc, prec, asOf)
		for k, pl := range fast.e.plans {
			linear++
			if pl.lin != nil {
				fixed++
				if _, ok := pl.lin.total.Int64(); !ok {
					wide++
				}
			} else if q := l.Packages[k].Pkg; q.OrderType != model.OrderUpgrade && fitsAt(q.Fee.Decimal, prec) {
				t.Errorf("iter %d: %s (fee %s at %d decimals, %s → %s) split on decimals", iter, q.ID, q.Fee.Decimal, prec,
					q.Effective, q.Expiration)
			}
		}
		i := 0
		for b := range fast.Walk(time.Time{}, time.Time{}) {
			if i >= len(slow.Bills) {
				t.Fatalf("iter %d: more rows on int64s than the %d on decimals", iter, len(slow.Bills))
			}
			if f, s := exactBill(*b), exactBill(slow.Bills[i]); f != s {
				t.Fatalf("iter %d row %d:\n  int64s   %s\n  decimals %s", iter, i, f, s)
			}
			i++
		}
		if i != len(slow.Bills) {
			t.Fatalf("iter %d: %d rows, decimals give %d", iter, i, len(slow.Bills))
		}
		for k := range fast.Totals {
			if f, s := exactTotal(fast.Totals[k]), exactTotal(slow.Totals[k]); f != s {
				t.Fatalf("iter %d total %d:\n  int64s   %s\n  decimals %s", iter, k, f, s)
			}
		}
	}
	if fixed < linear/2 || wide < 5 {
		t.Errorf("%d of %d packages split on int64s, %d of them with a W past an int64: want most, and some", fixed, linear, wide)
	}
}

// fitsAt reports whether w is whole at prec decimals (in a coefficient of up to 126
// bits).
func fitsAt(w decimal.Decimal, prec int32) bool {
	_, ok := exact.WideOf(w, -prec)
	return ok
}

// ledgerOf replays pkgs and recs as of asOf.
func ledgerOf(t testing.TB, pkgs []model.Package, recs []model.Record, asOf time.Time) *replay.Ledger {
	t.Helper()
	l, err := replay.Run(pkgs, recs, replay.Options{Location: sh, AsOf: asOf, Precision: 2})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// Property: linear packages whose daily rows pass an int64 at the precision (fees of up
// to 18 integer digits at 6 to 8 decimals, over days to years; a remainder kept or moved
// to an upgrade) are split on integers with each row a Wide and made again as the bills
// are walked, never held, and give exactly the bills, totals, counts and monthly sums
// that decimals give, whole and in any window.
func TestLinearRowsPastInt64MatchDecimals(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 7))
	zones := []*time.Location{sh, time.UTC, mustZone("Europe/Berlin"), mustZone("Pacific/Apia")}
	wideRuns := 0
	for iter := 0; iter < 60; iter++ {
		loc, prec := zones[r.IntN(len(zones))], int32(6+r.IntN(3))
		eff := time.Date(2010+r.IntN(5), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), 0, loc)
		exp := eff.Add(time.Duration(1+r.Int64N(int64(3*365*24*time.Hour/time.Second))) * time.Second)
		asOf := eff.Add(time.Duration(r.Int64N(int64(exp.Sub(eff)/time.Second)*5/4+1)) * time.Second)
		p := pkg("L", "ECS", "2024-01-01 00:00", "2024-01-01 00:00", "1", "instance", "0", model.ResetNone)
		p.Effective, p.Expiration, p.Amortization = eff, exp, model.MethodLinear
		c := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(14+r.IntN(4))), nil) // 15 to 18 integer digits
		c.Mul(c, big.NewInt(1+r.Int64N(9))).Mul(c, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(prec)), nil))
		p.Fee = decimal.NewNullDecimal(decimal.NewFromBigInt(c.Add(c, big.NewInt(r.Int64N(1e9))), -prec))
		pkgs := []model.Package{p}
		if r.IntN(2) == 0 { // an upgrade cuts it: its remainder moves, or stays for want of a fee
			u := p
			u.ID, u.OrderType, u.OriginalID = "U", model.OrderUpgrade, p.ID
			u.Effective = eff.Add(time.Duration(1+r.Int64N(int64(exp.Sub(eff)/time.Second))) * time.Second)
			u.Expiration = u.Effective.AddDate(0, 1+r.IntN(3), 0)
			u.Fee = decimal.NewNullDecimal(decimal.New(r.Int64N(1e8), -2))
			if r.IntN(3) == 0 {
				u.Fee = decimal.NullDecimal{}
			}
			pkgs = append(pkgs, u)
		}
		l, fast, slow := fastAndDecimal(t, pkgs, loc, prec, asOf)
		for k, pl := range fast.e.plans {
			if l.Packages[k].Pkg.ID != "L" {
				continue
			}
			if pl.lin == nil {
				t.Fatalf("iter %d: fee %s at %d decimals split on decimals", iter, p.Fee.Decimal, prec)
			}
			if pl.lin.wide {
				wideRuns++
				if len(pl.rows) != 0 {
					t.Fatalf("iter %d: a wide run holds %d rows", iter, len(pl.rows))
				}
			}
		}
		var from, to time.Time
		if r.IntN(2) == 0 {
			from = eff.Add(time.Duration(r.Int64N(int64(exp.Sub(eff)/time.Second)+1)) * time.Second)
			to = from.AddDate(0, 0, r.IntN(90))
		}
		want := slow.Between(from, to)
		i := 0
		for b := range fast.Walk(from, to) {
			if i >= len(want) {
				t.Fatalf("iter %d: more bills than the %d on decimals", iter, len(want))
			}
			if f, s := exactBill(*b), exactBill(want[i]); f != s {
				t.Fatalf("iter %d bill %d:\n  integers %s\n  decimals %s", iter, i, f, s)
			}
			i++
		}
		if i != len(want) {
			t.Fatalf("iter %d: %d bills, decimals give %d", iter, i, len(want))
		}
		w := fast.Window(from, to, 1) // as the writers read them: the walk on a fork of the engine
		for i := range want {
			b, amt, _, ok := w.AtExact(i)
			if ok {
				b.Amount = amt.Dec()
			}
			if f, s := exactBill(b), exactBill(want[i]); f != s {
				t.Fatalf("iter %d window bill %d:\n  integers %s\n  decimals %s", iter, i, f, s)
			}
		}
		for k := range fast.Totals {
			if f, s := exactTotal(fast.Totals[k]), exactTotal(slow.Totals[k]); f != s {
				t.Fatalf("iter %d total %d:\n  integers %s\n  decimals %s", iter, k, f, s)
			}
		}
		tl := fast.Tally(from, to)
		if c, cf := fast.Count(from, to); c != len(want) || cf != tl.Final || tl.Bills != len(want) {
			t.Fatalf("iter %d: Count %d (%d final), Tally %d (%d final); want %d", iter, c, cf, tl.Bills, tl.Final, len(want))
		}
		if wantSum := Summarize(want); !slices.EqualFunc(tl.Summary, wantSum, func(a, b SummaryRow) bool {
			return a.Month == b.Month && a.Currency == b.Currency && exactText(a.Linear) == exactText(b.Linear) &&
				exactText(a.Refund) == exactText(b.Refund) && exactText(a.Used) == exactText(b.Used)
		}) {
			t.Fatalf("iter %d: Tally %v, want %v", iter, tl.Summary, wantSum)
		}
	}
	if wideRuns < 40 {
		t.Errorf("%d of 60 runs with rows past an int64: want most", wideRuns)
	}
}

// fastAndDecimal replays pkgs as of asOf and amortizes them lazily with the int64 fast
// paths, and held on decimals alone.
func fastAndDecimal(t *testing.T, pkgs []model.Package, loc *time.Location, prec int32, asOf time.Time) (*replay.Ledger, *Result, *Result) {
	t.Helper()
	l, err := replay.Run(pkgs, nil, replay.Options{Location: loc, AsOf: asOf, Precision: prec})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Location: loc, Precision: prec, UsageBasedFrom: DefaultUsageBasedFrom(loc),
		UsageBasedProducts: DefaultUsageBasedProducts, AsOf: asOf}
	fast, err1 := runLazy(l, cfg, false)
	slow, err2 := run(l, cfg, true)
	if err1 != nil || err2 != nil {
		t.Fatalf("%v, %v", err1, err2)
	}
	return l, fast, slow
}
