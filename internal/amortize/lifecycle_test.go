package amortize

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

func TestDestroyedLinearWithRefund(t *testing.T) {
	p := pkg("d", "ECS", "2024-01-01 00:00", "2024-01-31 00:00", "1", "unit", "300", model.ResetNone)
	p.Amortization, p.Destroyed, p.Refund = model.MethodLinear, at("2024-01-11 00:00"), fee("50")
	res := amortize(t, []model.Package{p}, nil, time.Time{})
	var want []string
	for d := 1; d <= 9; d++ {
		want = append(want, time.Date(2024, 1, d, 0, 0, 0, 0, sh).Format("2006-01-02")+" d purchase - 10.00")
	}
	// destroyed at midnight: the last day is Jan 10, which takes the 200.00 remainder
	want = append(want, "2024-01-10 d purchase - 210.00", "2024-01-10 d refund - -50.00")
	expectLines(t, res.Bills, want)
	checkTotals(t, res)
	if !res.Totals[0].Amortizable.Equal(dec("250")) {
		t.Errorf("amortizable %s, want 250", res.Totals[0].Amortizable)
	}
}

// A linear package's last day shows that day's share until the destruction is at or
// before as-of; then the remainder joins it. The day's row never disappears.
func TestDestroyedLinearLastDayBeforeDestruction(t *testing.T) {
	p := pkg("d", "ECS", "2024-01-01 00:00", "2024-01-31 00:00", "1", "unit", "300", model.ResetNone)
	p.Amortization, p.Destroyed, p.Refund = model.MethodLinear, at("2024-01-08 00:00"), fee("50")
	var days []string
	for d := 1; d <= 6; d++ {
		days = append(days, time.Date(2024, 1, d, 0, 0, 0, 0, sh).Format("2006-01-02")+" d purchase - 10.00")
	}
	for _, decimalOnly := range []bool{false, true} {
		for _, c := range []struct {
			asOf string
			last []string
		}{
			{"2024-01-07 09:54", []string{"2024-01-07 d purchase - 10.00"}},
			{"2024-01-08 00:00", []string{"2024-01-07 d purchase - 240.00", "2024-01-07 d refund - -50.00"}},
		} {
			l, err := replay.Run([]model.Package{p}, nil, replay.Options{Location: sh, AsOf: at(c.asOf), Precision: 2})
			if err != nil {
				t.Fatal(err)
			}
			res, err := run(l, cfgAsOf(at(c.asOf)), decimalOnly)
			if err != nil {
				t.Fatal(err)
			}
			expectLines(t, res.Bills, append(slices.Clone(days), c.last...))
			checkTotals(t, res)
		}
	}
}

// A refund that rounds to zero at the precision books no row and takes nothing off.
func TestRefundRoundingToZero(t *testing.T) {
	p := pkg("d", "ECS", "2024-01-01 00:00", "2024-01-11 00:00", "1", "unit", "10", model.ResetNone)
	p.Amortization, p.Destroyed, p.Refund = model.MethodLinear, at("2024-01-06 00:00"), fee("0.01")
	l, err := replay.Run([]model.Package{p}, nil, replay.Options{Location: sh, Precision: 0})
	if err != nil {
		t.Fatal(err)
	}
	cfg := cfgAsOf(time.Time{})
	cfg.Precision = 0
	res, err := Run(l, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range res.Bills {
		if b.Type == model.BillRefund {
			t.Errorf("refund row %q", line(b))
		}
	}
	if !res.Totals[0].Amortizable.Equal(dec("10")) {
		t.Errorf("amortizable %s, want 10", res.Totals[0].Amortizable)
	}
	checkTotals(t, res)
}

func TestDestroyedResettable(t *testing.T) {
	p := pkg("d", "OBS", "2024-01-01 00:00", "2025-01-01 00:00", "10", "GB", "120", model.ResetMonth)
	p.Destroyed, p.Refund = at("2024-03-15 12:00"), fee("20")
	recs := []model.Record{use("r", "OBS", "2024-03-10 11:00", "5", "GB")}
	res := amortize(t, []model.Package{p}, recs, time.Time{})
	expectLines(t, res.Bills, []string{
		"2024-01-31 d unused 10 10.00",
		"2024-02-29 d unused 10 10.00",
		"2024-03-10 d used 5 5.00",
		"2024-03-15 d unused 95 95.00", // 5 GB left of March + 9 periods never reached
		"2024-03-15 d refund - -20.00",
	})
	checkTotals(t, res)
	// as of mid-March the remainder and refund are not final; a provisional row shows March
	mid := amortize(t, []model.Package{p}, recs, at("2024-03-12 08:00"))
	expectLines(t, mid.Bills, []string{
		"2024-01-31 d unused 10 10.00", "2024-02-29 d unused 10 10.00",
		"2024-03-10 d used 5 5.00", "2024-03-12 d unused 5 5.00 P",
	})
	checkTotals(t, mid)
}

// A package destroyed at its effective instant has an empty validity: its whole amount is
// one closing row on the effective day, never on the day before it existed.
func TestEmptyValidityOnEffectiveDay(t *testing.T) {
	mk := func(id string, m model.Method, reset model.ResetCycle) model.Package {
		p := pkg(id, "OBS", "2024-01-31 00:00", "2024-03-01 00:00", "100", "GB", "100", reset)
		p.Amortization, p.Destroyed = m, at("2024-01-31 00:00")
		return p
	}
	pkgs := []model.Package{mk("a", model.MethodUsage, model.ResetNone), mk("b", model.MethodLinear, model.ResetNone),
		mk("c", model.MethodUsage, model.ResetMonth)}
	res := amortize(t, pkgs, nil, time.Time{})
	expectLines(t, res.Bills, []string{
		"2024-01-31 a unused 100 100.00",
		"2024-01-31 b purchase - 100.00",
		"2024-01-31 c unused 200 100.00", // periods Jan 31 → Feb 29 → Mar 1, neither reached
	})
	checkTotals(t, res)
	// rows are listed up to the as-of day: as of Jan 31 00:00 (the day is Jan 30) not yet
	expectLines(t, amortize(t, pkgs[:1], nil, at("2024-01-31 00:00")).Bills, nil)
	expectLines(t, amortize(t, pkgs[:1], nil, at("2024-01-31 12:00")).Bills, []string{"2024-01-31 a unused 100 100.00"})
}

func TestUpgradeNonResettableMidValidity(t *testing.T) {
	orig := pkg("a", "OCR", "2024-01-01 00:00", "2025-01-01 00:00", "1000", "calls", "100", model.ResetNone)
	up := pkg("b", "OCR", "2024-03-10 12:00", "2025-01-01 00:00", "1000", "calls", "50", model.ResetNone)
	up.OrderType, up.OriginalID = model.OrderUpgrade, "a"
	recs := []model.Record{use("r", "OCR", "2024-01-05 11:00", "100", "calls")}
	res := amortize(t, []model.Package{up, orig}, recs, time.Time{})
	// the original's validity is cut: only its used row; 90.00 moves to the upgrade
	expectLines(t, res.Bills, []string{"2024-01-05 a used 100 10.00", "2024-12-31 b unused 1000 140.00"})
	checkTotals(t, res)
}

func TestUpgradeResettableMidPeriod(t *testing.T) {
	orig := pkg("a", "OBS", "2024-01-01 00:00", "2025-01-01 00:00", "100", "GB", "120", model.ResetMonth)
	up := pkg("b", "OBS", "2024-02-10 12:00", "2025-01-01 00:00", "500", "GB", "60", model.ResetMonth)
	up.OrderType, up.OriginalID = model.OrderUpgrade, "a"
	recs := []model.Record{use("r", "OBS", "2024-02-03 11:00", "10", "GB")}
	res := amortize(t, []model.Package{orig, up}, recs, time.Time{})
	g := lines(res.Bills)
	want := []string{"2024-01-31 a unused 100 10.00", "2024-02-03 a used 10 1.00"}
	if len(g) != 2+11 || g[0] != want[0] || g[1] != want[1] {
		t.Fatalf("rows %q", g)
	}
	for _, l := range g[2:] {
		if !strings.Contains(l, " b unused 500 ") {
			t.Errorf("upgrade row %q", l)
		}
	}
	checkTotals(t, res)
	for _, tot := range res.Totals {
		if want := map[string]string{"a": "11", "b": "169"}[tot.PackageID]; !tot.Amortizable.Equal(dec(want)) {
			t.Errorf("%s amortizable %s, want %s", tot.PackageID, tot.Amortizable, want)
		}
	}
}

// Before the upgrade is effective, the remainder is still the original's: the upgrade's
// amortizable amount is its fee alone (not fee + remainder, which would count it twice).
func TestAmortizableBeforeUpgradeEffective(t *testing.T) {
	orig := pkg("a", "OBS", "2024-01-01 00:00", "2025-01-01 00:00", "100", "GB", "480", model.ResetMonth)
	up := pkg("b", "OBS", "2024-02-01 00:00", "2025-01-01 00:00", "500", "GB", "550", model.ResetMonth)
	up.OrderType, up.OriginalID = model.OrderUpgrade, "a"
	for _, c := range []struct{ asOf, a, b string }{
		{"2024-01-15 00:00", "480", "550"}, // neither event yet
		{"2024-02-01 00:00", "40", "990"},  // the upgrade took effect: 440 moved
		{"2024-03-01 00:00", "40", "990"},
	} {
		res := amortize(t, []model.Package{orig, up}, nil, at(c.asOf))
		for _, tot := range res.Totals {
			if want := map[string]string{"a": c.a, "b": c.b}[tot.PackageID]; !tot.Amortizable.Equal(dec(want)) {
				t.Errorf("as of %s: %s amortizable %s, want %s", c.asOf, tot.PackageID, tot.Amortizable, want)
			}
		}
		checkTotals(t, res)
	}
}

func TestUpgradeWithoutFeeKeepsRemainder(t *testing.T) {
	orig := pkg("a", "OCR", "2024-01-01 00:00", "2025-01-01 00:00", "1000", "calls", "100", model.ResetNone)
	up := pkg("b", "OCR", "2024-03-10 12:00", "2025-01-01 00:00", "1000", "calls", "0", model.ResetNone)
	up.OrderType, up.OriginalID = model.OrderUpgrade, "a"
	up.Fee.Valid = false
	res := amortize(t, []model.Package{orig, up}, nil, time.Time{})
	expectLines(t, res.Bills, []string{"2024-03-10 a unused 1000 100.00"})
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], `"b"`) {
		t.Errorf("warnings %q", res.Warnings)
	}
	checkTotals(t, res)
}

func TestResettableProvisional(t *testing.T) {
	pkgs, recs := obsJanuary()
	res := amortize(t, pkgs, recs, at("2024-01-20 12:00"))
	expectLines(t, res.Bills, []string{
		"2024-01-02 obs used 5 2.00", "2024-01-10 obs used 10 4.00", "2024-01-13 obs used 8 3.20",
		"2024-01-15 obs used 20 8.00", "2024-01-20 obs unused 57 22.80 P",
	})
	if !res.Totals[0].Amortized.Equal(dec("17.2")) {
		t.Errorf("amortized %s, want 17.20 (provisional excluded)", res.Totals[0].Amortized)
	}
}

func TestUsedRowDatesAndAllocation(t *testing.T) {
	p := pkg("p", "OBS", "2024-01-01 00:00", "2025-01-01 00:00", "300", "GB", "360", model.ResetMonth)
	late := use("late", "OBS", "2024-01-31 20:00", "30", "GB")
	late.SetDeduct(at("2024-02-03 09:00")) // consumed in January, deducted in February
	midnight := use("mid", "OBS", "2024-01-06 00:00", "3", "GB")
	b := use("b", "OBS", "2024-01-04 10:00", "6", "GB")
	b.EnterpriseProject, b.Tags = "beta", model.Tags{{Key: "team", Value: "x"}}
	a := use("a", "OBS", "2024-01-04 09:00", "9", "GB")
	a.EnterpriseProject = "alpha"
	res := amortize(t, []model.Package{p}, []model.Record{late, midnight, b, a}, at("2024-02-05 00:00"))
	expectLines(t, res.Bills, []string{
		"2024-01-04 p used 9 0.90",
		"2024-01-04 p used 6 0.60",
		"2024-01-05 p used 3 0.30",  // deducted at 00:00: the previous day
		"2024-01-31 p used 30 3.00", // late deduction clamped to the period's last day
		"2024-01-31 p unused 252 25.20",
		"2024-02-04 p unused 300 30.00 P",
	})
	if res.Bills[0].EnterpriseProject != "alpha" || res.Bills[1].Tags.String() != "team=x" {
		t.Errorf("allocation: %+v / %+v", res.Bills[0], res.Bills[1])
	}
	if res.Bills[4].EnterpriseProject != "" || res.Bills[0].BillingCycle != "2024-01" {
		t.Errorf("unused row carries the package's project; got %q", res.Bills[4].EnterpriseProject)
	}
}

// Projects compare as text attributes do: `ProjB` and `projb ` are one project, shown as
// the first spelling met; rows and the cumulative rounding run in normalized order, so
// `default` comes before `ProjB` and takes the first (rounded-down) share.
func TestAllocationProjectsCompareAsText(t *testing.T) {
	p := pkg("p", "OBS", "2024-01-01 00:00", "2025-01-01 00:00", "3", "GB", "1", model.ResetNone)
	mk := func(id, end, project string) model.Record {
		r := use(id, "OBS", end, "1", "GB")
		r.RecordAttrs = &model.RecordAttrs{Product: "OBS", BillingItem: "item", Unit: "GB", Currency: "USD",
			EnterpriseProject: project}
		return r
	}
	recs := []model.Record{mk("r1", "2024-01-04 09:00", "ProjB"), mk("r2", "2024-01-04 10:00", "default"),
		mk("r3", "2024-01-04 11:00", "projb ")}
	for _, decimalOnly := range []bool{false, true} {
		l, err := replay.Run([]model.Package{p}, recs, replay.Options{Location: sh, Precision: 2})
		if err != nil {
			t.Fatal(err)
		}
		res, err := run(l, cfgAsOf(time.Time{}), decimalOnly)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, b := range res.Bills {
			got = append(got, fmt.Sprintf("%s %s %s", line(b), b.EnterpriseProject, b.Quantity.Decimal))
		}
		want := []string{"2024-01-04 p used 1 0.33 default 1", "2024-01-04 p used 2 0.67 ProjB 2",
			"2024-12-31 p unused 0 0.00  0"}
		if !slices.Equal(got, want) {
			t.Errorf("decimalOnly=%v rows\n got %q\nwant %q", decimalOnly, got, want)
		}
		g, err := Group(res.Bills, []string{"enterprise_project"})
		if err != nil || len(g) != 3 || g[1].Keys[0] != "default" || g[2].Keys[0] != "ProjB" {
			t.Errorf("--by enterprise_project: %+v %v", g, err)
		}
	}
}
