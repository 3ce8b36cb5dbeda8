package replay

import (
	"testing"

	"github.com/pkgctl/pkgctl/internal/model"
)

// Spill to the next package in rules.md §2.4 order: the one whose period ends first, then
// effective_time, order_time (a blank one last), package id.
func TestDeductionOrder(t *testing.T) {
	monthly := pkg("z-monthly", "2024-01-01", "2025-01-01", "10")
	monthly.ResetCycle = model.ResetMonth // its period ends 2024-02-01: goes first
	late := pkg("a-late", "2024-01-01", "2024-12-01", "10")
	early := pkg("b-early", "2023-12-01", "2024-12-01", "10")
	ordered1 := pkg("d-ordered-first", "2024-01-01", "2024-12-01", "10")
	ordered1.OrderTime = at("2023-11-01")
	ordered2 := pkg("c-ordered-later", "2024-01-01", "2024-12-01", "10")
	ordered2.OrderTime = at("2023-11-02")
	last := pkg("e-longest", "2024-01-01", "2025-06-01", "10")
	l := run(t, []model.Package{last, late, ordered2, monthly, early, ordered1},
		[]model.Record{rec("big", "2024-01-10 00:00", "2024-01-10 01:00", "65")})
	// a-late has no order time: after the two that have one (unknown is not earliest)
	want := "z-monthly:10,b-early:10,d-ordered-first:10,c-ordered-later:10,a-late:10,e-longest:10,-:5"
	if got := deductedFrom(l, 0); got != want {
		t.Errorf("order\n got %s\nwant %s", got, want)
	}
	e := l.Entries[0]
	if !e.AvailableBefore.Dec().Equal(dec("10")) || !e.RemainingAfter().IsZero() {
		t.Errorf("first entry available %s remaining %s", e.AvailableBefore, e.RemainingAfter())
	}
}

// MB usage against a GB package: converted into the package's unit, the record-unit
// parts add up exactly.
func TestUnitConversion(t *testing.T) {
	mb := func(id, day, q string) model.Record {
		r := rec(id, day+" 00:00", day+" 01:00", q)
		r.Unit = "MB"
		return r
	}
	l := run(t, []model.Package{pkg("gb", "2024-01-01", "2025-01-01", "1")},
		[]model.Record{mb("half", "2024-01-02", "512"), mb("over", "2024-01-03", "768")})
	if got := deductedFrom(l, 0) + " " + deductedFrom(l, 1); got != "gb:512 gb:512,-:256" {
		t.Errorf("deductions %s", got)
	}
	if q := l.Entries[0].Quantity; !q.Dec().Equal(dec("0.5")) {
		t.Errorf("package-unit quantity %s, want 0.5", q)
	}
	if !l.Packages[0].Periods[0].Used.Equal(dec("1")) {
		t.Errorf("used %s GB", l.Packages[0].Periods[0].Used)
	}
	// bytes do not divide GB exactly: conservation still holds in the record's unit
	b := func(id, day, q string) model.Record { r := mb(id, day, q); r.Unit = "B"; return r }
	l = run(t, []model.Package{pkg("gb", "2024-01-01", "2025-01-01", "1")},
		[]model.Record{b("x", "2024-01-02", "1000000000"), b("y", "2024-01-03", "100000000")})
	for i := range l.Records {
		rr := l.Records[i]
		if !rr.Deducted().Dec().Add(rr.PayPerUse.Dec()).Equal(rr.Rec.Quantity.Dec()) {
			t.Errorf("%s: %s + %s ≠ %s", rr.Rec.ID, rr.Deducted(), rr.PayPerUse, rr.Rec.Quantity)
		}
	}
	if l.Records[1].PayPerUse.Sign() <= 0 || l.Packages[0].Periods[0].Used.GreaterThan(dec("1")) {
		t.Errorf("y: pay-per-use %s, used %s", l.Records[1].PayPerUse, l.Packages[0].Periods[0].Used)
	}
}

// Level packages cover a window's level: records sharing exactly one window share the
// capacity; another window, even overlapping, starts from full capacity.
func TestLevelWindows(t *testing.T) {
	p := pkg("st", "2024-01-01", "2025-01-01", "100")
	p.Type = model.TypeStorage
	l := run(t, []model.Package{p}, []model.Record{
		rec("a", "2024-01-02 00:00", "2024-01-02 01:00", "60"),
		rec("b", "2024-01-02 00:00", "2024-01-02 01:00", "60"),
		rec("wide", "2024-01-02 00:00", "2024-01-02 02:00", "70"),
		rec("next", "2024-01-02 01:00", "2024-01-02 02:00", "100"),
	})
	want := map[string]string{"a": "st:60", "b": "st:40,-:20", "wide": "st:70", "next": "st:100"}
	for id, w := range want {
		if got := deductedFrom(l, recordIndex(t, l, id)); got != w {
			t.Errorf("%s: %s, want %s", id, got, w)
		}
	}
	ws := l.Windows(0) // in the order they opened: a and b's, wide's, next's
	if len(ws) != 3 || !ws[0].Covered.Equal(dec("100")) || !ws[1].End.Equal(at("2024-01-02 02:00")) ||
		!ws[2].Start.Equal(at("2024-01-02 01:00")) {
		t.Fatalf("windows %+v", ws)
	}
	for wi := range ws {
		for _, e := range l.WindowEntries(0, wi) {
			if int(l.Entries[e].Window) != wi {
				t.Errorf("entry %d points at window %d, listed in %d", e, l.Entries[e].Window, wi)
			}
		}
	}
	fs := l.Diagnose(0, recordIndex(t, l, "b"))
	if codes(fs) != CodeExhausted || len(fs[0].FirstRecords) != 2 || !fs[0].ExhaustedAt.Equal(at("2024-01-02 01:00")) {
		t.Errorf("b diagnosis %+v", fs)
	}
	if got := l.Overview()[0].Used; !got.Equal(dec("100")) {
		t.Errorf("overview used %s (latest window)", got)
	}
}

func TestAsOfAndCost(t *testing.T) {
	r1, r2 := rec("r1", "2024-01-02 00:00", "2024-01-02 01:00", "8"), rec("r2", "2024-01-03 00:00", "2024-01-03 01:00", "8")
	r2.UnitPrice.Valid, r2.UnitPrice.Decimal = true, dec("0.125")
	pkgs := []model.Package{pkg("p", "2024-01-01", "2025-01-01", "10")}
	l, err := Run(pkgs, []model.Record{r2, r1}, Options{Location: shanghai, AsOf: at("2024-01-02 01:00"), Precision: 2})
	if err != nil || len(l.Records) != 1 || l.Records[0].Rec.ID != "r1" {
		t.Fatalf("as-of replay: %v, %d records", err, len(l.Records))
	}
	l = run(t, pkgs, []model.Record{r2, r1})
	e := l.Entries[len(l.Entries)-1]
	if e.Package != -1 || !e.Quantity.Dec().Equal(dec("6")) || l.NullCost(len(l.Entries)-1).Decimal.String() != "0.75" {
		t.Errorf("pay-per-use entry %+v", e)
	}
	if _, err := Run(append(pkgs, pkgs[0]), nil, Options{Location: shanghai}); err == nil {
		t.Error("duplicate package id accepted")
	}
}

// A set package attribute never matches a blank record attribute; a blank one matches all.
func TestAttributes(t *testing.T) {
	p := pkg("p", "2024-01-01", "2025-01-01", "10")
	p.Region, p.DeductibleItems = "cn-south-1", []string{"Outbound  Internet traffic", "Requests"}
	r := rec("r", "2024-01-02 00:00", "2024-01-02 01:00", "1")
	blank, other := r, r.WithAttrs(func(a *model.RecordAttrs) { a.Region, a.Specification = "cn-north-4", "s1" })
	blank.ID, other.ID = "blank", "other"
	r = r.WithAttrs(func(a *model.RecordAttrs) { a.Region = " CN-South-1 " })
	l := run(t, []model.Package{p}, []model.Record{r, blank, other})
	if got := deductedFrom(l, recordIndex(t, l, "r")); got != "p:1" {
		t.Errorf("normalized match: %s", got)
	}
	if got := codes(l.Diagnose(0, recordIndex(t, l, "blank"))); got != CodeRegion {
		t.Errorf("blank record region: %s", got)
	}
	fs := l.Diagnose(0, recordIndex(t, l, "other"))
	if len(fs) != 1 || fs[0].Message != `region "cn-north-4" ≠ package region "cn-south-1"` {
		t.Errorf("other: %+v", fs)
	}
}

// A record of quantity 0 goes where any record would, taking nothing: it has no entries,
// opens the window of the level package it reaches (so that window is the package's
// latest in the overview), and passes packages with nothing left.
func TestZeroQuantityRecord(t *testing.T) {
	st := pkg("st", "2024-01-01", "2025-01-01", "100")
	st.Type = model.TypeStorage
	full := pkg("a-full", "2024-01-01", "2024-06-01", "5") // ends first: offered first
	l := run(t, []model.Package{st, full}, []model.Record{
		rec("fill", "2024-01-02 00:00", "2024-01-02 01:00", "45"), // 5 from a-full, 40 from st
		rec("zero", "2024-01-03 00:00", "2024-01-03 01:00", "0"),
	})
	z := &l.Records[recordIndex(t, l, "zero")]
	if z.NumEntries() != 0 || z.Outcome() != OutcomeDeducted || !z.PayPerUse.IsZero() {
		t.Fatalf("zero record: %d entries, outcome %s, pay-per-use %s", z.NumEntries(), z.Outcome(), z.PayPerUse)
	}
	si := l.Package("st")
	ws := l.Windows(si)
	if len(ws) != 2 || !ws[1].Start.Equal(at("2024-01-03 00:00")) || !ws[1].Covered.IsZero() {
		t.Fatalf("storage windows %+v, want the zero record's window second, covering 0", ws)
	}
	if got := l.Overview()[si].Used; !got.IsZero() {
		t.Errorf("overview used %s, want 0 (the latest window is the zero record's)", got)
	}
}

// Deduction order ties on end and effective time go to the package whose order time is
// known: a blank order_time is unknown, not earliest, and sorts after every given one.
func TestBlankOrderTimeSortsLast(t *testing.T) {
	blank := pkg("a-blank", "2024-01-01", "2024-02-01", "10")
	known := pkg("b-known", "2024-01-01", "2024-02-01", "10")
	known.OrderTime = at("2023-12-20 09:00")
	later := pkg("c-later", "2024-01-01", "2024-02-01", "10")
	later.OrderTime = at("2023-12-21 09:00")
	l := run(t, []model.Package{blank, known, later}, []model.Record{
		rec("r1", "2024-01-02 00:00", "2024-01-02 01:00", "15"),
		rec("r2", "2024-01-03 00:00", "2024-01-03 01:00", "10"),
	})
	for id, want := range map[string]string{"r1": "b-known:10,c-later:5", "r2": "c-later:5,a-blank:5"} {
		if got := deductedFrom(l, recordIndex(t, l, id)); got != want {
			t.Errorf("%s: %s, want %s", id, got, want)
		}
	}
}
