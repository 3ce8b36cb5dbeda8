package amortize

import (
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
)

// rules.md §5, PKG-OBS-100G: OBS $480/year, 100 GB a month, January 2024.
func obsJanuary() ([]model.Package, []model.Record) {
	p := pkg("obs", "OBS", "2024-01-01 00:00", "2025-01-01 00:00", "100", "GB", "480", model.ResetMonth)
	recs := []model.Record{
		use("r1", "OBS", "2024-01-02 11:00", "5", "GB"),
		use("r2", "OBS", "2024-01-10 11:00", "10", "GB"),
		use("r3", "OBS", "2024-01-13 11:00", "8", "GB"),
		use("r4", "OBS", "2024-01-15 11:00", "20", "GB"),
		use("r5", "OBS", "2024-01-31 23:00", "15", "GB"),
	}
	return []model.Package{p}, recs
}

var obsJanuaryRows = []string{
	"2024-01-02 obs used 5 2.00",
	"2024-01-10 obs used 10 4.00",
	"2024-01-13 obs used 8 3.20",
	"2024-01-15 obs used 20 8.00",
	"2024-01-31 obs used 15 6.00",
	"2024-01-31 obs unused 42 16.80",
}

func TestSeedResettableJanuary(t *testing.T) {
	pkgs, recs := obsJanuary()
	res := amortize(t, pkgs, recs, at("2024-02-01 00:00"))
	expectLines(t, res.Bills, obsJanuaryRows)
	checkTotals(t, res)
}

func TestSeedResettableWholeYear(t *testing.T) {
	pkgs, recs := obsJanuary()
	res := amortize(t, pkgs, recs, time.Time{})
	want := append([]string{}, obsJanuaryRows...)
	for m := 2; m <= 12; m++ {
		last := time.Date(2024, time.Month(m)+1, 0, 0, 0, 0, 0, sh)
		want = append(want, last.Format("2006-01-02")+" obs unused 100 40.00")
	}
	expectLines(t, res.Bills, want)
	checkTotals(t, res)
	if tot := res.Totals[0]; !tot.Ended || !tot.Amortizable.Equal(dec("480")) {
		t.Errorf("total %+v, want ended 480", tot)
	}
}

// rules.md §5, PKG-OBS-500G: upgrade on 2024-02-01 to 500 GB/month for $550 → $90.00 per period.
func TestSeedUpgrade(t *testing.T) {
	pkgs, recs := obsJanuary()
	up := pkg("obs-up", "OBS", "2024-02-01 00:00", "2025-01-01 00:00", "500", "GB", "550", model.ResetMonth)
	up.OrderType, up.OriginalID = model.OrderUpgrade, "obs"
	res := amortize(t, append(pkgs, up), recs, time.Time{})
	want := append([]string{}, obsJanuaryRows...)
	for m := 2; m <= 12; m++ {
		last := time.Date(2024, time.Month(m)+1, 0, 0, 0, 0, 0, sh)
		want = append(want, last.Format("2006-01-02")+" obs-up unused 500 90.00")
	}
	expectLines(t, res.Bills, want)
	checkTotals(t, res)
	wantTotals := map[string]string{"obs": "40", "obs-up": "990"}
	for _, tot := range res.Totals {
		if !tot.Amortizable.Equal(dec(wantTotals[tot.PackageID])) || !tot.Ended {
			t.Errorf("%s: amortizable %s ended %v, want %s", tot.PackageID, tot.Amortizable, tot.Ended, wantTotals[tot.PackageID])
		}
	}
}

// rules.md §5, PKG-OCR-10K: OCR 10,000 calls for $520, non-resettable, 2024; remaining 70 on Dec 31.
func ocrYear() ([]model.Package, []model.Record) {
	p := pkg("ocr", "OCR", "2024-01-01 00:00", "2025-01-01 00:00", "10000", "calls", "520", model.ResetNone)
	recs := []model.Record{
		use("j1", "OCR", "2024-01-02 11:00", "50", "calls"),
		use("j2", "OCR", "2024-01-10 11:00", "30", "calls"),
		use("j3", "OCR", "2024-01-13 11:00", "30", "calls"),
		use("j4", "OCR", "2024-01-15 11:00", "60", "calls"),
		use("j5", "OCR", "2024-01-31 11:00", "20", "calls"),
	}
	for m := 2; m <= 11; m++ { // 10 × 966 = 9,660
		recs = append(recs, use(fmt.Sprintf("m%02d", m), "OCR", fmt.Sprintf("2024-%02d-15 11:00", m), "966", "calls"))
	}
	recs = append(recs, use("d30", "OCR", "2024-12-30 11:00", "30", "calls"),
		use("d31", "OCR", "2024-12-31 11:00", "50", "calls"))
	return []model.Package{p}, recs
}

func TestSeedNonResettable(t *testing.T) {
	pkgs, recs := ocrYear()
	res := amortize(t, pkgs, recs, time.Time{})
	g := lines(res.Bills)
	if len(g) != 18 {
		t.Fatalf("got %d rows, want 18: %q", len(g), g)
	}
	wantJan := []string{
		"2024-01-02 ocr used 50 2.60", "2024-01-10 ocr used 30 1.56", "2024-01-13 ocr used 30 1.56",
		"2024-01-15 ocr used 60 3.12", "2024-01-31 ocr used 20 1.04",
	}
	expectLines(t, res.Bills[:5], wantJan)
	wantDec := []string{"2024-12-30 ocr used 30 1.56", "2024-12-31 ocr used 50 2.60", "2024-12-31 ocr unused 70 3.64"}
	expectLines(t, res.Bills[15:], wantDec)
	checkTotals(t, res)
}

// The "current billing cycle" rule (rules.md §3.4): as of mid-August a provisional unused row shows what
// is unused of the whole package; it is not in the totals.
func TestNonResettableProvisional(t *testing.T) {
	pkgs, recs := ocrYear()
	res := amortize(t, pkgs, recs, at("2024-08-20 12:00"))
	last := res.Bills[len(res.Bills)-1]
	// used through August: 190 + 7×966 = 6,952 calls; unused 3,048 → 520 − 361.50 = 158.50
	if got := line(last); got != "2024-08-20 ocr unused 3048 158.50 P" {
		t.Errorf("provisional row %q", got)
	}
	if tot := res.Totals[0]; tot.Ended || !tot.Amortized.Equal(dec("361.50")) {
		t.Errorf("total %+v", tot)
	}
	checkTotals(t, res)
}

// rules.md §5, PKG-SFS-3500: $3,500 never used, valid 2024-03-20 → 2024-08-20 (date-only expiration).
func TestSeedNeverUsed(t *testing.T) {
	p := pkg("big", "CDN", "2024-03-20 00:00", "2024-08-21 00:00", "1000", "GB", "3500", model.ResetNone)
	res := amortize(t, []model.Package{p}, nil, time.Time{})
	expectLines(t, res.Bills, []string{"2024-08-20 big unused 1000 3500.00"})
	checkTotals(t, res)
	for _, asOf := range []string{"2024-08-20 12:00", "2024-05-01 00:00"} {
		r := amortize(t, []model.Package{p}, nil, at(asOf))
		if len(r.Bills) != 1 || !r.Bills[0].Provisional || !r.Totals[0].Amortized.IsZero() {
			t.Errorf("as of %s: want only a provisional row, got %q", asOf, lines(r.Bills))
		}
	}
}

// rules.md §3.3: a package valid 365 whole days at $365 amortizes $1.00 a day.
func TestLinearDollarADay(t *testing.T) {
	p := pkg("lin", "ECS", "2023-01-01 00:00", "2024-01-01 00:00", "1", "unit", "365", model.ResetNone)
	p.Amortization = model.MethodAuto
	res := amortize(t, []model.Package{p}, nil, time.Time{})
	if len(res.Bills) != 365 {
		t.Fatalf("got %d rows, want 365", len(res.Bills))
	}
	for _, b := range res.Bills {
		if !b.Amount.Equal(decimal.NewFromInt(1)) || b.Type != model.BillPurchase || b.Method != model.MethodLinear {
			t.Fatalf("row %q type %v method %v", line(b), b.Type, b.Method)
		}
	}
	checkTotals(t, res)
}
