package explain

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// selectionLedger: ok (deducted), south and south2 (REGION_MISMATCH, one unpriced),
// cross (CROSSES_RESET_PERIOD), obs (NO_PACKAGE_FOR_PRODUCT, in MB).
func selectionLedger(t *testing.T) *replay.Ledger {
	south := rec("south", "2025-02-15 10:00", "2025-02-15 11:00", "4")
	south.Region = "cn-south-1"
	south2 := rec("south2", "2025-02-16 10:00", "2025-02-16 11:00", "1")
	south2.Region, south2.UnitPrice, south2.ResourceID = "cn-south-1", decimal.NullDecimal{}, "bucket-2"
	obs := rec("obs", "2025-02-17 10:00", "2025-02-17 11:00", "512")
	obs.Product, obs.Unit = "OBS", "MB"
	return ledger(t, []model.Package{daily(pkg("P", "2025-02-01", validity, "100"))}, []model.Record{
		rec("ok", "2025-02-14 10:00", "2025-02-14 11:00", "1"), south, south2,
		rec("cross", "2025-02-18 15:00", "2025-02-18 17:00", "2"), obs,
	})
}

func ids(res *Result) string {
	var out []string
	for _, e := range res.Records {
		out = append(out, e.Rec.ID)
	}
	return strings.Join(out, ",")
}

func TestSelection(t *testing.T) {
	l := selectionLedger(t)
	cases := []struct {
		name string
		sel  Selection
		want string
	}{
		{"default: pay-per-use only", Selection{}, "south,south2,obs,cross"},
		{"all", Selection{All: true}, "ok,south,south2,obs,cross"},
		{"named record, even deducted", Selection{Records: []string{"ok", "cross"}}, "ok,cross"},
		{"resource", Selection{Resource: "bucket-2"}, "south2"},
		{"reason, any case", Selection{Reason: " region_mismatch"}, "south,south2"},
		{"reason and all", Selection{Reason: "NO_PACKAGE_FOR_PRODUCT", All: true}, "obs"},
		{"reason excludes named deducted", Selection{Reason: "REGION_MISMATCH", Records: []string{"ok", "south"}}, "south"},
	}
	for _, c := range cases {
		res, err := Explain(l, c.sel)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		checkInvariants(t, res)
		if got := ids(res); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func TestSelectionErrors(t *testing.T) {
	l := selectionLedger(t)
	_, err := Explain(l, Selection{Reason: "NOPE"})
	if err == nil || !strings.Contains(err.Error(), `"NOPE"`) || !strings.Contains(err.Error(), "EXHAUSTED, NO_PACKAGE_FOR_PRODUCT") {
		t.Errorf("bad reason: %v", err)
	}
	_, err = Explain(l, Selection{Records: []string{"zz", "south", "aa"}})
	var ue *UnknownRecordsError
	if !errors.As(err, &ue) || strings.Join(ue.IDs, ",") != "aa,zz" {
		t.Errorf("unknown records: %v", err)
	}
}

// One summary row per (reason, unit, currency) in rules.md §2.6 code order; the cost is blank
// when a record of the row has no unit price.
func TestSummary(t *testing.T) {
	res, err := Explain(selectionLedger(t), Selection{All: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range res.Summary {
		cost := "-"
		if s.Cost.Valid {
			cost = s.Cost.Decimal.StringFixed(2)
		}
		got = append(got, strings.Join([]string{s.Code, itoa(s.Records), s.Quantity.String(), s.Unit, cost, s.Currency}, " "))
	}
	want := []string{
		"REGION_MISMATCH 2 5 GB - USD",
		"CROSSES_RESET_PERIOD 1 2 GB 0.24 USD",
		"NO_PACKAGE_FOR_PRODUCT 1 512 MB 61.44 USD",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("summary:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if e := res.Records[3]; e.Rec.ID != "obs" || len(e.Packages) != 0 || e.Primary.PackageID != "" ||
		e.Primary.Message != `no package of product "OBS"` {
		t.Errorf("obs: %+v", e.Primary)
	}
}

func itoa(n int) string { return decimal.NewFromInt(int64(n)).String() }
