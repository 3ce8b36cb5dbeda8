package sample

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/load"
)

// Options past the bounds are refused (an *UsageError, exit 2) before a byte is
// written, and a huge --packages is refused after drawing no more packages than load.
func TestGenerateRefusesWhatWouldNotLoad(t *testing.T) {
	for _, tc := range []struct {
		opt       GenOptions
		msg, hint string
	}{
		{GenOptions{Packages: -1}, "--packages and --records must not be negative", ""},
		{GenOptions{Records: 100_000_001},
			"--records 100000001 is more than 100,000,000, the most sample generate writes",
			"past 16.7M records each further 16.7M draw the whole account again, so the time grows with the square of --records (100M: about 2 minutes and 15.6 GB of CSV)"},
		{GenOptions{Packages: math.MaxInt, Records: 1, Seed: 3, MaxPeriods: 1000},
			"--packages 9223372036854775807 with --seed 3 would not load: its first 189 packages make 1,025 reset periods, more than the 1,000 pkgctl reads (limits.total_periods)",
			"use --packages 188 or fewer with this seed (the packages make about 5 reset periods each)"},
	} {
		var p, u bytes.Buffer
		err := Generate(tc.opt, &p, &u)
		var oe *UsageError
		if !errors.As(err, &oe) || oe.Msg != tc.msg || oe.Hint != tc.hint {
			t.Errorf("%+v: %#v\nwant %q, hint %q", tc.opt, err, tc.msg, tc.hint)
		}
		if p.Len()+u.Len() != 0 {
			t.Errorf("%+v: wrote %d and %d bytes", tc.opt, p.Len(), u.Len())
		}
	}
	// The packages of a seed are drawn in the same order whatever their number: the
	// hint's count is the most that stay within the bound.
	p, _ := generate(t, GenOptions{Packages: 188, Records: 1, Seed: 3, MaxPeriods: 1000})
	if n := bytes.Count(p, []byte{'\n'}); n != 189 {
		t.Errorf("%d lines, want 188 packages and a header", n)
	}
	if err := Generate(GenOptions{Packages: 189, Seed: 3, MaxPeriods: 1000}, &bytes.Buffer{}, &bytes.Buffer{}); err == nil {
		t.Error("189 packages of 1,025 periods: no error")
	}
}

// The generator counts the packages' reset periods as the loader does, so that a set
// within limits.total_periods loads and one past it would be refused: a file of exactly
// the counted total loads with that limit, and not with one less, in any zone.
func TestGeneratedPeriodsAreTheLoaders(t *testing.T) {
	if got := load.DefaultLimits().TotalPeriods; got != DefaultMaxPeriods {
		t.Fatalf("DefaultMaxPeriods %d, the loader's default limits.total_periods %d", DefaultMaxPeriods, got)
	}
	opt := GenOptions{Packages: 3000, Seed: 5}
	g, err := newGen(opt)
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	cycles := map[string]bool{}
	for i := range g.pkgs {
		total += resetPeriods(&g.pkgs[i])
		cycles[g.pkgs[i].cycle+"/"+g.pkgs[i].anchor] = true
	}
	if len(cycles) != 7 || total < 3000 {
		t.Fatalf("%d periods of %v: not every kind of reset", total, cycles)
	}
	p, _ := generate(t, opt)
	for _, zone := range []string{"Asia/Shanghai", "America/New_York", "UTC"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		for _, most := range []int64{total, total - 1} {
			_, _, err := load.Packages("packages.csv", bytes.NewReader(p), load.Options{Location: loc, Limits: load.Limits{TotalPeriods: most}})
			if refused := err != nil && strings.Contains(err.Error(), "limits.total_periods"); refused != (most < total) || (err != nil && !refused) {
				t.Errorf("%s, limits.total_periods %d (the generator counts %d): %v", zone, most, total, err)
			}
		}
	}
}

// The generator counts the days of linear amortization as the loader does, under the
// same configuration (which packages are linear depends on the zone, through
// usage_based_from): a file of exactly the counted total loads with that limit, and not
// with one less, in any zone; a --packages past the limit is refused at the first
// package that passes it.
func TestGeneratedLinearDaysAreTheLoaders(t *testing.T) {
	if got := load.DefaultLimits().LinearDays; got != DefaultMaxLinearDays {
		t.Fatalf("DefaultMaxLinearDays %d, the loader's default limits.linear_days %d", DefaultMaxLinearDays, got)
	}
	for _, zone := range []string{"Asia/Shanghai", "America/New_York", "UTC"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		linear := amortize.Linear(amortize.Config{UsageBasedFrom: amortize.DefaultUsageBasedFrom(loc),
			UsageBasedProducts: amortize.DefaultUsageBasedProducts})
		opt := GenOptions{Packages: 3000, Seed: 5, Linear: linear, Location: loc}
		g, err := newGen(opt)
		if err != nil {
			t.Fatal(err)
		}
		var total, linears int64
		for i := range g.pkgs {
			if n := linearDays(&g.pkgs[i], linear, loc); n > 0 {
				total, linears = total+n, linears+1
			}
		}
		if linears < 1000 || linears == 3000 {
			t.Fatalf("%s: %d of 3000 packages linear: not a mix", zone, linears)
		}
		p, _ := generate(t, opt)
		for _, most := range []int64{total, total - 1} {
			_, _, err := load.Packages("packages.csv", bytes.NewReader(p), load.Options{Location: loc, Linear: linear, Limits: load.Limits{LinearDays: most}})
			if refused := err != nil && strings.Contains(err.Error(), "limits.linear_days"); refused != (most < total) || (err != nil && !refused) {
				t.Errorf("%s, limits.linear_days %d (the generator counts %d): %v", zone, most, total, err)
			}
		}
		opt.Packages, opt.MaxLinearDays = math.MaxInt, total-1
		var oe *UsageError
		if err := Generate(opt, &bytes.Buffer{}, &bytes.Buffer{}); !errors.As(err, &oe) ||
			!strings.HasPrefix(oe.Msg, fmt.Sprintf("--packages %d with --seed 5 would not load: its first 3,000 packages span %s days of linear amortization, more than the %s pkgctl reads (limits.linear_days)",
				math.MaxInt, thousands(total), thousands(total-1))) || oe.Hint != "use --packages 2999 or fewer with this seed" {
			t.Errorf("%s: %v", zone, err)
		}
	}
}
