package amortize

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

var focusCfg = FocusConfig{Provider: HuaweiCloud, Publisher: HuaweiCloud, InvoiceIssuer: HuaweiCloud,
	BillingAccountID: "acct", BillingAccountName: "acct"}

func focusRows(t *testing.T, pkgs []model.Package, recs []model.Record, asOf time.Time, cfg FocusConfig) (*Result, []FocusRow) {
	t.Helper()
	l, err := replay.Run(pkgs, recs, replay.Options{Location: sh, Precision: 2})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(l, cfgAsOf(asOf))
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewFocus(res, l, cfg)
	if err != nil {
		t.Fatal(err)
	}
	rows := make([]FocusRow, f.Len())
	for i := range rows {
		f.Row(i, &rows[i])
	}
	return res, rows
}

// A destroyed package with a refund: its Purchase row (120), the refund as a Purchase
// row (−20, the money back) and, for the Refund-unsubscription bill row, a Usage row
// of −20 Unused (the unused commitment returned). Billed and effective both net 100.
func TestFocusRefund(t *testing.T) {
	p := pkg("d", "OBS", "2024-01-01 00:00", "2025-01-01 00:00", "10", "GB", "120", model.ResetMonth)
	p.Destroyed, p.Refund, p.Tags = at("2024-03-15 12:00"), fee("20"), model.Tags{{Key: "team", Value: "x"}}
	recs := []model.Record{use("r", "OBS", "2024-03-10 11:00", "5", "GB")}
	res, rows := focusRows(t, []model.Package{p}, recs, time.Time{}, focusCfg)
	if len(rows) != 2+len(res.Bills) {
		t.Fatalf("%d rows for %d bills, want 2 more (purchase, refund)", len(rows), len(res.Bills))
	}
	billed, effective := decimal.Zero, decimal.Zero
	var kinds []string
	for _, r := range rows {
		billed, effective = billed.Add(r.BilledCost), effective.Add(r.EffectiveCost)
		kinds = append(kinds, r.ChargeCategory+"/"+r.CommitmentDiscountStatus)
		if r.CommitmentDiscountID != "d" || r.ResourceID != "d" || r.ProviderName != HuaweiCloud || r.ServiceCategory != "Storage" ||
			r.CommitmentDiscountType != "Resource Package" || r.ResourceType != "Usage Package" {
			t.Errorf("row %+v", r)
		}
	}
	if !billed.Equal(dec("100")) || !effective.Equal(billed) {
		t.Errorf("billed %s, effective %s: want both 100 (fee 120 − refund 20)", billed, effective)
	}
	want := "Purchase/ Purchase/ Usage/Unused Usage/Unused Usage/Used Usage/Unused Usage/Unused"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("rows %q, want %q", got, want)
	}
	purchase, refund := rows[0], rows[len(rows)-1]
	if !purchase.ChargePeriodStart.Equal(at("2024-01-01 00:00")) || purchase.Tags != `{"team":"x"}` ||
		purchase.CommitmentDiscountQuantity.Decimal.String() != "120" || purchase.PricingUnit != "GB" {
		t.Errorf("purchase row %+v", purchase)
	}
	if !refund.EffectiveCost.Equal(dec("-20")) || refund.ConsumedQuantity.Valid || refund.ChargeFrequency != "One-Time" {
		t.Errorf("refund row %+v", refund)
	}
	used := rows[4]
	if used.ConsumedQuantity.Decimal.String() != "5" || used.ConsumedUnit != "GB" || !used.EffectiveCost.Equal(dec("5")) {
		t.Errorf("used row %+v", used)
	}
}

// A linear package measures its commitment in seconds of validity: the purchase holds
// the whole term, each day's row the seconds of that day. Every package is a Resource
// Package commitment; its ResourceType is its kind.
func TestFocusLinearSeconds(t *testing.T) {
	p := pkg("lin", "ECS", "2024-01-01 12:00", "2024-01-04 00:00", "1", "hour", "25", model.ResetNone)
	p.Type = model.TypeReservedInstance
	_, rows := focusRows(t, []model.Package{p}, nil, time.Time{}, focusCfg)
	got := []string{}
	for _, r := range rows {
		got = append(got, r.CommitmentDiscountQuantity.Decimal.String()+" "+r.CommitmentDiscountUnit+" "+r.EffectiveCost.String())
		if r.CommitmentDiscountType != "Resource Package" || r.ResourceType != "Reserved Instance" {
			t.Errorf("types %q, %q; want Resource Package, Reserved Instance", r.CommitmentDiscountType, r.ResourceType)
		}
	}
	want := []string{"216000 Seconds 0", "43200 Seconds 5", "86400 Seconds 10", "86400 Seconds 10"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("rows %q, want %q", got, want)
	}
}

// Provisional rows are left out, and the rows around them keep their order.
func TestFocusSkipsProvisional(t *testing.T) {
	a := pkg("a", "OBS", "2024-01-01 00:00", "2025-01-01 00:00", "10", "GB", "120", model.ResetMonth)
	b := pkg("b", "OBS", "2024-01-01 00:00", "2024-03-01 00:00", "10", "GB", "20", model.ResetMonth)
	recs := []model.Record{use("r1", "OBS", "2024-01-10 11:00", "5", "GB"), use("r2", "OBS", "2024-02-10 11:00", "1", "GB")}
	res, rows := focusRows(t, []model.Package{a, b}, recs, at("2024-02-20 00:00"), focusCfg)
	final := 0
	for _, bill := range res.Bills {
		if !bill.Provisional {
			final++
		}
	}
	if final == len(res.Bills) {
		t.Fatal("no provisional row to skip")
	}
	if len(rows) != 2+final {
		t.Fatalf("%d rows, want 2 purchases + %d final bills", len(rows), final)
	}
	k := 2
	for _, bill := range res.Bills {
		if bill.Provisional {
			continue
		}
		if r := rows[k]; r.CommitmentDiscountID != bill.PackageID || !r.EffectiveCost.Equal(bill.Amount) || !r.ChargePeriodStart.Equal(bill.Date) {
			t.Errorf("row %d: %s %s %s, want bill %s %s %s", k, r.CommitmentDiscountID, r.EffectiveCost, r.ChargePeriodStart, bill.PackageID, bill.Amount, bill.Date)
		}
		k++
	}
}

func TestFocusRefusesBadValues(t *testing.T) {
	p := pkg("d", "OBS", "2024-01-01 00:00", "2025-01-01 00:00", "10", "GB", "120", model.ResetMonth)
	p.Currency = "dollars"
	l, _ := replay.Run([]model.Package{p}, nil, replay.Options{Location: sh, Precision: 2})
	res, _ := Run(l, cfgAsOf(time.Time{}))
	if _, err := NewFocus(res, l, focusCfg); err == nil || !strings.Contains(err.Error(), `"dollars" is not an ISO 4217`) {
		t.Errorf("currency dollars: %v", err)
	}
	p.Currency = "USD"
	l, _ = replay.Run([]model.Package{p}, nil, replay.Options{Location: sh, Precision: 2})
	res, _ = Run(l, cfgAsOf(time.Time{}))
	for _, mod := range []func(*FocusConfig){
		func(c *FocusConfig) { c.Provider = " " },
		func(c *FocusConfig) { c.BillingAccountID = "" },
		func(c *FocusConfig) { c.Services = map[string]Service{"obs": {"Storage", "Containers"}} },
		func(c *FocusConfig) { c.RegionNames = map[string]string{"cn-north-4": "  "} },
	} {
		cfg := focusCfg
		mod(&cfg)
		if _, err := NewFocus(res, l, cfg); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
}

func TestFocusUnit(t *testing.T) {
	for in, want := range map[string]string{"GB": "GB", "gb": "GB", "GB*hour": "GB-Hours", "core*hour": "Core-Hours",
		"hour": "Hours", "times": "Count", "次": "Count", "calls": "Calls", "requests": "Requests", "widgets": "Widgets",
		"TB·day": "TB-Days"} {
		if got := FocusUnit(in); got != want {
			t.Errorf("FocusUnit(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestProviderFromProducts(t *testing.T) {
	for _, c := range []struct {
		products []string
		want     string
		ok       bool
	}{
		{[]string{"OBS", "CDN"}, HuaweiCloud, true},
		{[]string{"bos", "CDN", "OCR"}, BaiduAICloud, true},
		{[]string{"CDN", "OCR"}, "", false},
		{[]string{"OBS", "BOS"}, "", false},
		{nil, "", false},
	} {
		if got, ok := ProviderFromProducts(c.products); got != c.want || ok != c.ok {
			t.Errorf("%q: %q %v, want %q %v", c.products, got, ok, c.want, c.ok)
		}
	}
}

func TestISO4217(t *testing.T) {
	for s, want := range map[string]bool{"USD": true, "CNY": true, "EUR": true, "usd": false, "dollars": false,
		"RMB": false, "XXX": false, "XTS": false, "": false, "US": false,
		"SLE": true, "VED": true, "ZWG": true, "BGN": true, "CNH": false} {
		if ISO4217(s) != want {
			t.Errorf("ISO4217(%q) = %v", s, !want)
		}
	}
}

// A purchase's charge period is in whole seconds, covering the validity: the start
// rounded down, the exclusive end up; a validity inside one second is still a period of
// one second (FOCUS: a period starts before it ends). The commitment's seconds stay exact.
func TestFocusPeriodWholeSeconds(t *testing.T) {
	for _, c := range []struct {
		eff, exp   time.Time
		start, end string
		term       string
	}{
		{at("2024-03-09 12:00").Add(750 * time.Millisecond), at("2024-03-12 00:00").Add(250 * time.Millisecond),
			"2024-03-09T04:00:00Z", "2024-03-11T16:00:01Z", "215999.5"},
		{at("2024-03-09 12:00").Add(250 * time.Millisecond), at("2024-03-09 12:00").Add(750 * time.Millisecond),
			"2024-03-09T04:00:00Z", "2024-03-09T04:00:01Z", "0.5"},
		{at("2024-03-09 12:00"), at("2024-03-12 00:00"), "2024-03-09T04:00:00Z", "2024-03-11T16:00:00Z", "216000"},
	} {
		p := pkg("d", "OBS", "2024-01-01 00:00", "2025-01-01 00:00", "10", "GB", "120", model.ResetMonth)
		p.Effective, p.Expiration, p.Amortization = c.eff, c.exp, model.MethodLinear
		_, rows := focusRows(t, []model.Package{p}, nil, time.Time{}, focusCfg)
		r := rows[0]
		start, end := r.ChargePeriodStart.UTC().Format(time.RFC3339Nano), r.ChargePeriodEnd.UTC().Format(time.RFC3339Nano)
		if r.ChargeCategory != "Purchase" || start != c.start || end != c.end || r.CommitmentDiscountQuantity.Decimal.String() != c.term {
			t.Errorf("%s → %s: %s %s → %s, %s seconds; want Purchase %s → %s, %s", c.eff, c.exp, r.ChargeCategory, start, end,
				r.CommitmentDiscountQuantity.Decimal, c.start, c.end, c.term)
		}
		if !r.ChargePeriodStart.Before(r.ChargePeriodEnd) {
			t.Errorf("%s → %s: empty period", c.eff, c.exp)
		}
	}
}
