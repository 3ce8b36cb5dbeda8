package explain

import (
	"testing"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// The sample's PKG-CDN-DAILY, resettable (daily reset at 16:00, validity 2025-03-17 09:00 → 2025-04-18 16:00):
// 03-17 17:00 → 03-18 15:00 is deducted; 03-17 15:30 → 03-18 18:30 crosses the reset.
func TestSeed002Resettable(t *testing.T) {
	p := daily(pkg("PKG-CDN-DAILY", "2025-03-17 09:00", "2025-04-18 16:00", "10"))
	l := ledger(t, []model.Package{p}, []model.Record{
		rec("S1", "2025-03-17 17:00", "2025-03-18 15:00", "2"),
		rec("S2", "2025-03-17 15:30", "2025-03-18 18:30", "3"),
	})
	es := explainAll(t, l)
	if s1 := es["S1"]; s1.Outcome != replay.OutcomeDeducted || s1.Primary.Code != "" || s1.Suggestion != "" ||
		len(s1.Deductions) != 1 || s1.Deductions[0].PackageID != "PKG-CDN-DAILY" || !s1.Deductions[0].Quantity.Dec().Equal(dec("2")) {
		t.Errorf("S1: %+v", s1)
	}
	s2 := es["S2"]
	if s2.Outcome != replay.OutcomeNotDeduct || s2.Primary.Code != replay.CodeCrossesResetPeriod ||
		s2.Primary.PackageID != "PKG-CDN-DAILY" {
		t.Fatalf("S2: %+v", s2.Primary)
	}
	if want := "consumption 2025-03-17 15:30:00 → 2025-03-18 18:30:00 crosses the reset at 2025-03-17 16:00:00"; s2.Primary.Message != want {
		t.Errorf("S2 message %q, want %q", s2.Primary.Message, want)
	}
	if want := "the consumption crosses PKG-CDN-DAILY's reset at 2025-03-17 16:00:00: only usage inside one reset period is deducted; report usage split at the reset"; s2.Suggestion != want {
		t.Errorf("S2 suggestion %q", s2.Suggestion)
	}
	if !s2.Cost.Valid || s2.Cost.Decimal.String() != "0.36" {
		t.Errorf("S2 cost %v, want 0.36", s2.Cost)
	}
}

// The sample's PKG-VPC-10G, non-resettable (validity 2025-02-18 09:00 → 2025-03-18 16:00), six scenarios
// by deduct time: No, Yes, Yes, Yes, Yes, No (NOT_YET_EFFECTIVE for 1, EXPIRED for 6).
func TestSeed002NonResettable(t *testing.T) {
	scen := []struct {
		id, start, end, deduct, outcome, code string
	}{
		{"S1", "2025-02-18 06:00", "2025-02-18 07:00", "2025-02-18 08:30", replay.OutcomeNotDeduct, replay.CodeNotYetEffective},
		{"S2", "2025-02-18 08:30", "2025-02-18 09:30", "2025-02-18 10:15", replay.OutcomeDeducted, ""},
		{"S3", "2025-02-18 09:00", "2025-02-18 10:00", "2025-02-18 11:15", replay.OutcomeDeducted, ""},
		{"S4", "2025-03-18 15:00", "2025-03-18 16:00", "2025-03-18 16:30", replay.OutcomeDeducted, ""},
		{"S5", "2025-03-18 15:30", "2025-03-18 16:30", "2025-03-18 17:00", replay.OutcomeDeducted, ""},
		{"S6", "2025-03-18 16:00", "2025-03-18 16:30", "2025-03-18 17:00", replay.OutcomeNotDeduct, replay.CodeExpired},
	}
	var recs []model.Record
	for _, sc := range scen {
		r := rec(sc.id, sc.start, sc.end, "1")
		r.SetDeduct(at(sc.deduct))
		recs = append(recs, r)
	}
	l := ledger(t, []model.Package{pkg("PKG-VPC-10G", "2025-02-18 09:00", "2025-03-18 16:00", "10")}, recs)
	es := explainAll(t, l)
	for _, sc := range scen {
		e := es[sc.id]
		if e.Outcome != sc.outcome || e.Primary.Code != sc.code {
			t.Errorf("%s: %s %q, want %s %q", sc.id, e.Outcome, e.Primary.Code, sc.outcome, sc.code)
		}
	}
	if want := "deducted at 2025-02-18 08:30:00, before the package takes effect at 2025-02-18 09:00:00"; es["S1"].Primary.Message != want {
		t.Errorf("S1 message %q", es["S1"].Primary.Message)
	}
	if want := "consumption starts 2025-03-18 16:00:00, the moment the package expired at 2025-03-18 16:00:00"; es["S6"].Primary.Message != want {
		t.Errorf("S6 message %q", es["S6"].Primary.Message)
	}
	want := "PKG-VPC-10G is valid 2025-02-18 09:00:00 → 2025-03-18 16:00:00; usage outside it needs another package"
	if es["S1"].Suggestion != want || es["S6"].Suggestion != want {
		t.Errorf("suggestions %q, %q", es["S1"].Suggestion, es["S6"].Suggestion)
	}
	res, err := Explain(l, Selection{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != 2 || res.Records[0].Rec.ID != "S1" || res.Records[1].Rec.ID != "S6" {
		t.Errorf("default selection: %d records", len(res.Records))
	}
}
