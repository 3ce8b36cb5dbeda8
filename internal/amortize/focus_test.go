package amortize

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

func TestFocus(t *testing.T) {
	p := pkg("d", "OBS", "2024-01-01 00:00", "2025-01-01 00:00", "10", "GB", "120", model.ResetMonth)
	p.Destroyed, p.Refund, p.Tags = at("2024-03-15 12:00"), fee("20"), model.Tags{{Key: "team", Value: "x"}}
	recs := []model.Record{use("r", "OBS", "2024-03-10 11:00", "5", "GB")}
	l, err := replay.Run([]model.Package{p}, recs, replay.Options{Location: sh, Precision: 2})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(l, cfgAsOf(time.Time{}))
	if err != nil {
		t.Fatal(err)
	}
	rows := Focus(res, l)
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	if len(rows) != 1+1+len(res.Bills) {
		t.Fatalf("%d rows for %d bills", len(rows), len(res.Bills))
	}
	billed, effective := decimal.Zero, decimal.Zero
	cats := []string{}
	for _, r := range rows[1:] {
		billed = billed.Add(dec(r[col["BilledCost"]]))
		effective = effective.Add(dec(r[col["EffectiveCost"]]))
		cats = append(cats, r[col["ChargeCategory"]]+"/"+r[col["CommitmentDiscountStatus"]])
		if !strings.HasSuffix(r[col["ChargePeriodStart"]], "Z") || r[col["CommitmentDiscountId"]] != "d" {
			t.Errorf("row %q", r)
		}
	}
	if !billed.Equal(dec("100")) || !effective.Equal(billed) {
		t.Errorf("billed %s, effective %s: want both 100 (fee 120 − refund 20)", billed, effective)
	}
	want := "Purchase/ Usage/Unused Usage/Unused Usage/Used Usage/Unused Credit/"
	if got := strings.Join(cats, " "); got != want {
		t.Errorf("categories %q, want %q", got, want)
	}
	purchase := rows[1]
	if purchase[col["ChargePeriodStart"]] != "2023-12-31T16:00:00Z" || purchase[col["Tags"]] != `{"team":"x"}` {
		t.Errorf("purchase row %q", purchase)
	}
	used := rows[4]
	if used[col["ConsumedQuantity"]] != "5" || used[col["ConsumedUnit"]] != "GB" || used[col["EffectiveCost"]] != "5.00" {
		t.Errorf("used row %q", used)
	}
}
