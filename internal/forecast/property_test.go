package forecast

import (
	"bytes"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/sample"
	"github.com/pkgctl/pkgctl/internal/value"
)

// Over generated exports and several as-of instants and windows: the invariants of
// every forecast (checkInvariants); only usage packages valid at as-of are forecast,
// each once; no burn rate, no spill; waste is never negative nor above what the package
// has left to amortize; and a chart has a point per day of validity.
func TestPropertiesGenerated(t *testing.T) {
	total := 0
	for seed := int64(1); seed <= 10; seed++ {
		var pb, ub bytes.Buffer
		if err := sample.Generate(sample.GenOptions{Packages: 60, Records: 4000, Seed: seed}, &pb, &ub); err != nil {
			t.Fatal(err)
		}
		opt := load.Options{Location: sh}
		pkgs, _, err := load.Packages("p.csv", bytes.NewReader(pb.Bytes()), opt)
		if err != nil {
			t.Fatal(err)
		}
		recs, _, err := load.Usage("u.csv", bytes.NewReader(ub.Bytes()), opt)
		if err != nil {
			t.Fatal(err)
		}
		for i, asOf := range []time.Time{at("2024-07-01"), at("2025-03-15 09:30"), at("2025-11-20")} {
			l, err := replay.Run(pkgs, recs, replay.Options{Location: sh, AsOf: asOf, Precision: 2})
			if err != nil {
				t.Fatal(err)
			}
			am, err := amortize.Run(l, amortize.Config{Location: sh, Precision: 2, AsOf: asOf,
				UsageBasedFrom: amortize.DefaultUsageBasedFrom(sh), UsageBasedProducts: amortize.DefaultUsageBasedProducts})
			if err != nil {
				t.Fatal(err)
			}
			in := inputs{l, am}
			res := in.run(t, asOf, []int{7, 30, 90}[i], "at_stake>0")
			total += len(res.Forecasts)
			checkGenerated(t, seed, asOf, in, res)
		}
	}
	if total < 200 {
		t.Fatalf("only %d forecasts", total)
	}
}

func checkGenerated(t *testing.T, seed int64, asOf time.Time, in inputs, res *Result) {
	t.Helper()
	seen := map[int]bool{}
	amortizable := map[string]string{}
	for _, tot := range in.am.Totals {
		amortizable[tot.PackageID] = tot.Amortizable.String()
	}
	for i := range res.Forecasts {
		f := &res.Forecasts[i]
		ps := &in.l.Packages[f.Package]
		if seen[f.Package] || ps.Pkg.Type.IsLevel() || ps.Pkg.Effective.After(asOf) || !ps.End.After(asOf) {
			t.Fatalf("seed %d %s: %s forecast (twice, a level package, or not valid at as-of)", seed, asOf, f.PackageID)
		}
		seen[f.Package] = true
		if f.Rate.IsZero() && f.Spill.Sign() != 0 {
			t.Fatalf("seed %d %s: %s spills %s without a burn rate", seed, asOf, f.PackageID, f.Spill)
		}
		if f.Unused.Sign() < 0 || f.Projected.GreaterThan(f.Offered) {
			t.Fatalf("seed %d %s: %s: %s", seed, asOf, f.PackageID, summary(f))
		}
		if f.Waste.Valid && (f.Waste.Decimal.Sign() < 0 || f.Waste.Decimal.GreaterThan(dec(amortizable[f.PackageID]))) {
			t.Fatalf("seed %d %s: %s: waste %s of an amortizable %s", seed, asOf, f.PackageID, f.Waste.Decimal, amortizable[f.PackageID])
		}
		if (len(f.Alerts) > 0) != (f.AtStake.Sign() > 0) {
			t.Fatalf("seed %d %s: %s: at stake %s, alerts %v", seed, asOf, f.PackageID, f.AtStake, f.Alerts)
		}
		if f.Recommendation == "" || f.Outlook == "" {
			t.Fatalf("seed %d %s: %s without an outlook", seed, asOf, f.PackageID)
		}
		if i%7 == 0 {
			first := f.End // the days from the effective day to the last
			n := 0
			for d := value.Midnight(ps.Pkg.Effective, sh, 0); d.Before(first); d = d.AddDate(0, 0, 1) {
				n++
			}
			if pts := Series(in.l, f, asOf, sh); len(pts) != n {
				t.Fatalf("seed %d %s: %s: %d points for %d days", seed, asOf, f.PackageID, len(pts), n)
			}
		}
	}
	for pi := range in.l.Packages {
		ps := &in.l.Packages[pi]
		if !seen[pi] && !ps.Pkg.Type.IsLevel() && len(ps.Periods) > 0 && !ps.Pkg.Effective.After(asOf) && ps.End.After(asOf) {
			t.Fatalf("seed %d %s: %s valid at as-of but not forecast", seed, asOf, ps.Pkg.ID)
		}
	}
}
