package replay

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	_ "time/tzdata" // Asia/Shanghai everywhere

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/testkit"
)

var shanghai = mustZone("Asia/Shanghai")

var mustZone = testkit.MustZone

// at parses "2006-01-02 15:04[:05]" in Asia/Shanghai; dec a decimal literal.
var at, dec = testkit.At, testkit.Dec

// pkg is a usage package of product OBS valid [from, to) with capacity in GB.
func pkg(id, from, to, capacity string) model.Package {
	return model.Package{ID: id, Product: "OBS", Effective: at(from), Expiration: at(to),
		Capacity: dec(capacity), Unit: "GB", Currency: "USD"}
}

// rec is an OBS traffic record in GB; deduct_time = end_time.
func rec(id, start, end, qty string) model.Record {
	return model.Record{ID: id,
		RecordAttrs: &model.RecordAttrs{Product: "OBS", BillingItem: "Outbound internet traffic", Unit: "GB"},
		Quantity:    exact.AmountOf(dec(qty))}.WithTimes(at(start), at(end), at(end))
}

func run(t testing.TB, pkgs []model.Package, recs []model.Record) *Ledger {
	t.Helper()
	l, err := Run(pkgs, recs, Options{Location: shanghai, Precision: 2})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// recordIndex finds a replayed record by id.
func recordIndex(t testing.TB, l *Ledger, id string) int {
	t.Helper()
	for i := range l.Records {
		if l.Records[i].Rec.ID == id {
			return i
		}
	}
	t.Fatalf("record %s not replayed", id)
	return -1
}

// deductedFrom renders a record's entries as "pkg:qty,pkg:qty" ("-" for pay-per-use).
func deductedFrom(l *Ledger, ri int) string {
	var parts []string
	for e := range l.Records[ri].Entries() {
		en := l.Entries[e]
		id := "-"
		if en.Package >= 0 {
			id = l.Packages[en.Package].Pkg.ID
		}
		parts = append(parts, id+":"+en.RecordQuantity.String())
	}
	return strings.Join(parts, ",")
}

func codes(fs []Failure) string {
	var cs []string
	for _, f := range fs {
		cs = append(cs, f.Code)
	}
	return strings.Join(cs, ",")
}

// canonical renders everything a ledger decided, for order-independence tests.
func canonical(l *Ledger) string {
	var b strings.Builder
	for pi, ps := range l.Packages {
		fmt.Fprintf(&b, "P %s end=%s cause=%d up=%s full=%d used=%s\n", ps.Pkg.ID,
			ps.End.UTC(), ps.EndCause, ps.UpgradedBy, ps.FullPeriods, ps.Used)
		for k, p := range ps.Periods {
			fmt.Fprintf(&b, "  per %d %s %s used=%s ex=%s e=%v\n", p.Index, p.Start.UTC(), p.End.UTC(),
				p.Used, p.ExhaustedAt.UTC(), l.PeriodEntries(pi, k))
		}
		for wi, w := range l.Windows(pi) {
			fmt.Fprintf(&b, "  win %s %s p=%d cov=%s e=%v\n", w.Start.UTC(), w.End.UTC(), w.Period, w.Covered, l.WindowEntries(pi, wi))
		}
	}
	for _, r := range l.Records {
		fmt.Fprintf(&b, "R %s d=%s p=%s e=%v\n", r.Rec.ID, r.Deducted(), r.PayPerUse, slices.Collect(r.Entries()))
	}
	for i, e := range l.Entries {
		fmt.Fprintf(&b, "E %d %d %d %d %s %s %s %s %v\n", e.Record, e.Package, e.Period, e.Window,
			e.Quantity, e.RecordQuantity, e.AvailableBefore, e.RemainingAfter(), l.NullCost(i))
	}
	return b.String()
}
