package replay

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/model"
)

// Every failing check is reported, in rules.md §2.6 order, each message naming the values.
func TestDiagnoseEveryFailure(t *testing.T) {
	p := pkg("p", "2024-01-01", "2024-02-01", "10")
	p.DeductibleItems, p.Specification, p.EnterpriseProject = []string{"Requests"}, "standard", "finance"
	p.Region, p.Unit, p.ResetCycle = "cn-south-1", "times", model.ResetDay
	r := rec("r", "2023-12-31 00:00", "2024-02-02 00:00", "1")
	r.Specification, r.Region = "archive", "cn-north-4"
	other := pkg("cdn", "2024-01-01", "2024-02-01", "10")
	other.Product = "CDN"
	l := run(t, []model.Package{p, other}, []model.Record{r})
	fs := l.Diagnose(l.Package("p"), 0)
	want := []string{
		`billing item "Outbound internet traffic" is not among the package's deductible items "Requests"`,
		`specification "archive" ≠ package specification "standard"`,
		`region "cn-north-4" ≠ package region "cn-south-1"`,
		`enterprise project "" ≠ package enterprise project "finance"`,
		`unit "GB" does not convert to package unit "times"`,
		`consumption starts 2023-12-31 00:00:00, before the package takes effect at 2024-01-01 00:00:00`,
		`consumption ends 2024-02-02 00:00:00, after the package expired at 2024-02-01 00:00:00`,
	}
	var got []string
	for _, f := range fs {
		got = append(got, f.Message)
	}
	if !slices.Equal(got, want) || codes(fs) != "BILLING_ITEM_MISMATCH,SPECIFICATION_MISMATCH,REGION_MISMATCH,"+
		"ENTERPRISE_PROJECT_MISMATCH,UNIT_MISMATCH,NOT_YET_EFFECTIVE,EXPIRED" {
		t.Errorf("failures:\n%q\nwant\n%q", got, want)
	}
	if got := l.PackagesOfProduct(" obs"); !slices.Equal(got, []int{l.Package("p")}) {
		t.Errorf("packages of OBS %v", got)
	}
	if got := l.PackagesOfProduct("ECS"); len(got) != 0 {
		t.Errorf("packages of ECS %v", got)
	}
	if got := codes(l.Diagnose(l.Package("cdn"), 0)); got != CodeProductMismatch {
		t.Errorf("other product: %s", got)
	}
}

// EXHAUSTED names when the period ran out and the first records that used it.
func TestDiagnoseExhausted(t *testing.T) {
	p := pkg("p", "2024-01-01", "2025-01-01", "10")
	p.ResetCycle = model.ResetMonth
	var recs []model.Record
	for i, id := range []string{"r1", "r2", "r3", "r4", "r5"} {
		day := []string{"02", "03", "04", "05", "06"}[i]
		recs = append(recs, rec(id, "2024-01-"+day+" 00:00", "2024-01-"+day+" 01:00", "3"))
	}
	l := run(t, []model.Package{p}, recs)
	fs := l.Diagnose(0, recordIndex(t, l, "r5"))
	want := "period 2024-01-01 00:00:00 → 2024-02-01 00:00:00 ran out of its 10 GB at 2024-01-05 01:00:00 (first used by r1, r2, r3)"
	if len(fs) != 1 || fs[0].Code != CodeExhausted || fs[0].Message != want ||
		!slices.Equal(fs[0].FirstRecords, []string{"r1", "r2", "r3"}) {
		t.Errorf("r5: %+v", fs)
	}
	if got := deductedFrom(l, recordIndex(t, l, "r4")); got != "p:1,-:2" {
		t.Errorf("r4: %s", got)
	}
	if fs := l.Diagnose(0, recordIndex(t, l, "r1")); len(fs) != 0 {
		t.Errorf("fully deducted r1: %+v", fs)
	}
}

// An empty validity (destroyed at its effective instant) is one empty period, resettable
// or not: a record before it is only NOT_YET_EFFECTIVE, and the overview shows that period.
func TestEmptyValidityOnePeriod(t *testing.T) {
	for _, cycle := range []model.ResetCycle{model.ResetNone, model.ResetDay} {
		p := pkg("p", "2024-01-10", "2024-02-10", "100")
		p.ResetCycle, p.Destroyed = cycle, at("2024-01-10")
		l := run(t, []model.Package{p}, []model.Record{rec("r", "2024-01-05 00:00", "2024-01-05 01:00", "5")})
		ps := &l.Packages[0]
		if len(ps.Periods) != 1 || !ps.Periods[0].Start.Equal(at("2024-01-10")) || !ps.Periods[0].End.Equal(at("2024-01-10")) {
			t.Errorf("%v: periods %+v, want one empty period at 2024-01-10", cycle, ps.Periods)
		}
		if got := codes(l.Diagnose(0, 0)); got != CodeNotYetEffective {
			t.Errorf("%v: failures %s, want NOT_YET_EFFECTIVE only", cycle, got)
		}
		if o := l.Overview()[0]; !o.PeriodStart.Equal(at("2024-01-10")) || !o.PeriodEnd.Equal(at("2024-01-10")) {
			t.Errorf("%v: overview period %v → %v", cycle, o.PeriodStart, o.PeriodEnd)
		}
	}
}

// A package may list thousands of deductible items, repeated or spelled alike: a record
// matches one of them (found by bisection past a few), and a record that matches none
// is told so without the whole list (its message quotes 60 characters of it).
func TestManyDeductibleItems(t *testing.T) {
	p := pkg("p", "2024-01-01", "2024-02-01", "10")
	for i := range 3000 {
		p.DeductibleItems = append(p.DeductibleItems, fmt.Sprintf("Item %04d", i), fmt.Sprintf(" item  %04d", i))
	}
	in, out := rec("in", "2024-01-02 00:00", "2024-01-02 01:00", "1"), rec("out", "2024-01-02 00:00", "2024-01-02 01:00", "1")
	in.RecordAttrs = &model.RecordAttrs{Product: "OBS", BillingItem: "ITEM 2999", Unit: "GB"}
	out.RecordAttrs = &model.RecordAttrs{Product: "OBS", BillingItem: "Item 3000", Unit: "GB"}
	l := run(t, []model.Package{p}, []model.Record{in, out})
	if got := l.Records[recordIndex(t, l, "in")].Deducted(); !got.Dec().Equal(dec("1")) {
		t.Errorf("record of item 2999: deducted %s, want 1", got)
	}
	fs := l.Diagnose(0, recordIndex(t, l, "out"))
	if codes(fs) != CodeBillingItem || !strings.HasSuffix(fs[0].Message, `…" (65999 characters)`) || len(fs[0].Message) > 200 {
		t.Errorf("failures %+v", fs)
	}
}
