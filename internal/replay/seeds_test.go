package replay

import (
	"testing"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
)

// The sample's PKG-CDN-DAILY, resettable: daily reset at 16:00, validity 2025-03-17 09:00 → 2025-04-18 16:00.
func TestSeed002Resettable(t *testing.T) {
	p := pkg("daily", "2025-03-17 09:00", "2025-04-18 16:00", "100")
	p.ResetCycle, p.ResetAnchor = model.ResetDay, model.ResetAnchor{Kind: model.AnchorClock, Clock: 16 * 3600e9}
	l := run(t, []model.Package{p}, []model.Record{
		rec("s1", "2025-03-17 17:00", "2025-03-18 15:00", "1"),
		rec("s2", "2025-03-17 15:30", "2025-03-18 18:30", "1"),
	})
	ps := l.Packages[0]
	if got := len(ps.Periods); got != 33 || ps.FullPeriods != 33 {
		t.Fatalf("periods = %d, full = %d; want 33, 33", got, ps.FullPeriods)
	}
	if p0, p1 := ps.Periods[0], ps.Periods[1]; !p0.Start.Equal(at("2025-03-17 09:00")) ||
		!p0.End.Equal(at("2025-03-17 16:00")) || !p1.End.Equal(at("2025-03-18 16:00")) {
		t.Errorf("first periods %v–%v, %v–%v", p0.Start, p0.End, p1.Start, p1.End)
	}
	if got := deductedFrom(l, recordIndex(t, l, "s1")); got != "daily:1" {
		t.Errorf("s1: %s, want deducted", got)
	}
	s2 := recordIndex(t, l, "s2")
	if got := deductedFrom(l, s2); got != "-:1" {
		t.Errorf("s2: %s, want pay-per-use", got)
	}
	fs := l.Diagnose(0, s2)
	want := "consumption 2025-03-17 15:30:00 → 2025-03-18 18:30:00 crosses the reset at 2025-03-17 16:00:00"
	if len(fs) != 1 || fs[0].Code != CodeCrossesResetPeriod || fs[0].Message != want ||
		!fs[0].Boundary.Equal(at("2025-03-17 16:00")) {
		t.Errorf("s2 diagnosis = %+v", fs)
	}
}

// The sample's PKG-VPC-10G, non-resettable: validity 2025-02-18 09:00 → 2025-03-18 16:00, six scenarios.
func TestSeed002NonResettable(t *testing.T) {
	scen := []struct{ start, end, deduct, want string }{
		{"2025-02-18 06:00", "2025-02-18 07:00", "2025-02-18 08:30", CodeNotYetEffective},
		{"2025-02-18 08:30", "2025-02-18 09:30", "2025-02-18 10:15", ""},
		{"2025-02-18 09:00", "2025-02-18 10:00", "2025-02-18 11:15", ""},
		{"2025-03-18 15:00", "2025-03-18 16:00", "2025-03-18 16:30", ""},
		{"2025-03-18 15:30", "2025-03-18 16:30", "2025-03-18 17:00", ""},
		{"2025-03-18 16:00", "2025-03-18 16:30", "2025-03-18 17:00", CodeExpired},
	}
	for i, sc := range scen {
		r := rec("r", sc.start, sc.end, "1")
		r.SetDeduct(at(sc.deduct))
		l := run(t, []model.Package{pkg("once", "2025-02-18 09:00", "2025-03-18 16:00", "100")}, []model.Record{r})
		wantOut := OutcomeDeducted
		if sc.want != "" {
			wantOut = OutcomeNotDeduct
		}
		if got := l.Records[0].Outcome(); got != wantOut {
			t.Errorf("scenario %d: %s, want %s", i+1, got, wantOut)
		}
		if got := codes(l.Diagnose(0, 0)); got != sc.want {
			t.Errorf("scenario %d: diagnosis %q, want %q", i+1, got, sc.want)
		}
	}
}

// The sample's PKG-CCI-MEM: a monthly-resettable 2,920 GB*hour CCI package gets 2,920 each month; the
// over-use is pay-per-use and the next month is restored.
func TestSeed001MonthlyCCI(t *testing.T) {
	p := model.Package{ID: "cci", Product: "CCI", Effective: at("2019-07-01 00:00"),
		Expiration: at("2020-07-01 00:00"), Capacity: dec("2920"), Unit: "GB*hour", ResetCycle: model.ResetMonth}
	mk := func(id, start, end, q string) model.Record {
		return model.Record{ID: id, RecordAttrs: &model.RecordAttrs{Product: "CCI", BillingItem: "Memory",
			Unit: "GB*hours"}, Quantity: exact.AmountOf(dec(q))}.WithTimes(at(start), at(end), at(end))
	}
	l := run(t, []model.Package{p}, []model.Record{
		mk("jul1", "2019-07-10 00:00", "2019-07-10 01:00", "2000"),
		mk("jul2", "2019-07-20 00:00", "2019-07-20 01:00", "1500"),
		mk("aug1", "2019-08-02 00:00", "2019-08-02 01:00", "2920"),
	})
	ps := l.Packages[0]
	if len(ps.Periods) != 12 || ps.FullPeriods != 12 {
		t.Fatalf("periods = %d, want 12", len(ps.Periods))
	}
	for i, want := range map[string]string{"jul1": "cci:2000", "jul2": "cci:920,-:580", "aug1": "cci:2920"} {
		if got := deductedFrom(l, recordIndex(t, l, i)); got != want {
			t.Errorf("%s: %s, want %s", i, got, want)
		}
	}
	if !ps.Periods[0].Used.Equal(dec("2920")) || !ps.Periods[0].ExhaustedAt.Equal(at("2019-07-20 01:00")) {
		t.Errorf("july: used %s, exhausted at %v", ps.Periods[0].Used, ps.Periods[0].ExhaustedAt)
	}
}

// The sample's PKG-IMG-10K: a non-resettable 10,000-times Image Tagging package deducts until used up.
func TestSeed001ImageTagging(t *testing.T) {
	p := model.Package{ID: "tag", Product: "Image Tagging", Effective: at("2019-07-01 00:00"),
		Expiration: at("2020-07-01 00:00"), Capacity: dec("10000"), Unit: "times"}
	mk := func(id, day, q string) model.Record {
		r := model.Record{ID: id, RecordAttrs: &model.RecordAttrs{Product: "image  tagging",
			BillingItem: "Calls", Unit: "calls"}, Quantity: exact.AmountOf(dec(q))}.WithTimes(at(day), at(day).Add(3600e9), at(day).Add(3600e9))
		r.UnitPrice.Valid, r.UnitPrice.Decimal = true, dec("0.0035")
		return r
	}
	l := run(t, []model.Package{p}, []model.Record{
		mk("a", "2019-08-01", "6000"), mk("b", "2019-09-01", "3000"),
		mk("c", "2019-10-01", "2000"), mk("d", "2020-01-01", "500"),
	})
	want := map[string]string{"a": "tag:6000", "b": "tag:3000", "c": "tag:1000,-:1000", "d": "-:500"}
	for id, w := range want {
		if got := deductedFrom(l, recordIndex(t, l, id)); got != w {
			t.Errorf("%s: %s, want %s", id, got, w)
		}
	}
	last := l.NullCost(len(l.Entries) - 1)
	if !last.Valid || last.Decimal.String() != "1.75" {
		t.Errorf("cost of 500 calls at 0.0035 = %v, want 1.75", last)
	}
	if got := l.Overview()[0].Status; got != StatusExpired {
		t.Errorf("status after everything = %s", got)
	}
	fs := l.Diagnose(0, recordIndex(t, l, "d"))
	if codes(fs) != CodeExhausted || !fs[0].ExhaustedAt.Equal(at("2019-10-01 01:00")) ||
		len(fs[0].FirstRecords) != 3 || fs[0].FirstRecords[0] != "a" {
		t.Errorf("d diagnosis = %+v", fs)
	}
}
