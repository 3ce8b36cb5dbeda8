package explain

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Shanghai everywhere

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/testkit"
)

var shanghai = testkit.Shanghai

// at parses "2006-01-02 15:04[:05]" or a date in Asia/Shanghai; dec a decimal literal.
var at, dec = testkit.At, testkit.Dec

// pkg is a non-resettable CDN usage package in cn-north-4, valid [from, to), in GB.
func pkg(id, from, to, capacity string) model.Package {
	return model.Package{ID: id, Product: "CDN", Region: "cn-north-4", Effective: at(from),
		Expiration: at(to), Capacity: dec(capacity), Unit: "GB", Currency: "USD"}
}

// daily makes p reset every day at 16:00 (the sample's PKG-CDN-DAILY).
func daily(p model.Package) model.Package {
	p.ResetCycle = model.ResetDay
	p.ResetAnchor = model.ResetAnchor{Kind: model.AnchorClock, Clock: 16 * time.Hour}
	return p
}

// rec is a CDN traffic record in cn-north-4 priced 0.12 USD/GB; deduct_time = end_time.
func rec(id, start, end, qty string) model.Record {
	return model.Record{ID: id, RecordAttrs: &model.RecordAttrs{Product: "CDN",
		BillingItem: "Outbound internet traffic", Region: "cn-north-4", Unit: "GB",
		UnitPrice: decimal.NewNullDecimal(dec("0.12")), Currency: "USD"},
		ResourceID: "site-" + id, Quantity: exact.AmountOf(dec(qty))}.WithTimes(at(start), at(end), at(end))
}

func ledger(t testing.TB, pkgs []model.Package, recs []model.Record) *replay.Ledger {
	t.Helper()
	l, err := replay.Run(pkgs, recs, replay.Options{Location: shanghai, Precision: 2})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// explainAll explains every replayed record (as --all) and checks the invariants.
func explainAll(t testing.TB, l *replay.Ledger) map[string]Explanation {
	t.Helper()
	res, err := Explain(l, Selection{All: true})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, res)
	out := map[string]Explanation{}
	for _, e := range res.Records {
		out[e.Rec.ID] = e
	}
	return out
}

// checkInvariants asserts the package invariants on a result.
func checkInvariants(t testing.TB, res *Result) {
	t.Helper()
	for _, e := range res.Records {
		if !e.Deducted.Dec().Add(e.PayPerUse.Dec()).Equal(e.Rec.Quantity.Dec()) {
			t.Errorf("%s: deducted %s + pay-per-use %s ≠ quantity %s", e.Rec.ID, e.Deducted, e.PayPerUse, e.Rec.Quantity)
		}
		sum := decimal.Zero
		for _, d := range e.Deductions {
			sum = sum.Add(d.Quantity.Dec())
		}
		if !sum.Equal(e.Deducted.Dec()) {
			t.Errorf("%s: deductions sum to %s, deducted %s", e.Rec.ID, sum, e.Deducted)
		}
		if (e.Primary.Code != "") != (e.PayPerUse.Sign() > 0) {
			t.Errorf("%s: primary %q with pay-per-use %s", e.Rec.ID, e.Primary.Code, e.PayPerUse)
		}
	}
	n, q := 0, decimal.Zero
	for _, s := range res.Summary {
		n, q = n+s.Records, q.Add(s.Quantity)
	}
	wantN, wantQ := 0, decimal.Zero
	for _, e := range res.Records {
		if e.Primary.Code != "" {
			wantN, wantQ = wantN+1, wantQ.Add(e.PayPerUse.Dec())
		}
	}
	if n != wantN || !q.Equal(wantQ) {
		t.Errorf("summary counts %d records, %s; listed %d, %s", n, q, wantN, wantQ)
	}
}

// codesOf renders a package's failing checks as "A,B".
func codesOf(fs []replay.Failure) string {
	var cs []string
	for _, f := range fs {
		cs = append(cs, f.Code)
	}
	return strings.Join(cs, ",")
}
