package replay

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/shopspring/decimal"
)

// storage is n storage packages of product OBS, valid through 2024, of 1 GB each; every
// other one resets daily.
func storage(n int) []model.Package {
	pkgs := make([]model.Package, n)
	for i := range pkgs {
		pkgs[i] = pkg(fmt.Sprintf("s%05d", i), "2024-01-01", "2025-01-01", "1")
		pkgs[i].Type = model.TypeStorage
		if i%2 == 1 {
			pkgs[i].ResetCycle = model.ResetDay
		}
	}
	return pkgs
}

// visits replays recs against pkgs with one worker and returns the ledger and the
// candidates the walks met.
func visits(t *testing.T, pkgs []model.Package, recs []model.Record) (*Ledger, int) {
	t.Helper()
	defer func(f func(*replayer, []*worker)) { replayed = f }(replayed)
	n := 0
	replayed = func(_ *replayer, ws []*worker) {
		for _, w := range ws {
			n += w.visited
		}
	}
	l, err := runWorkers(pkgs, recs, Options{Location: shanghai, Precision: 2}, 1)
	if err != nil {
		t.Fatal(err)
	}
	return l, n
}

// A level window a package has filled is passed over by the later records of that
// window: n records of 0.5 GB sharing one hour against k storage packages of 1 GB fill
// the packages two records each, in deduction order (the daily ones first: their
// period ends first), and the rest go pay-per-use, each walk meeting a few candidates
// past the first passedFull full windows, not k (nor the daily packages' periods that
// end at midnight, where the hour starts). Records of two windows and of two attribute sets (two
// candidate lists, each holding every package) come interleaved, with a record of
// quantity 0 among them.
func TestFullWindowsPassedOver(t *testing.T) {
	const k, n = 500, 3000
	pkgs := storage(k)
	var order []string // the packages in deduction order
	for i := 1; i < 2*k; i += 2 {
		order = append(order, fmt.Sprintf("s%05d", i%(k+1)))
	}
	spec := []*model.RecordAttrs{
		{Product: "OBS", BillingItem: "Capacity", Specification: "a", Unit: "GB"},
		{Product: "OBS", BillingItem: "Capacity", Specification: "b", Unit: "GB"},
	}
	starts := []string{"2024-03-01 00:00", "2024-03-01 00:30"}
	recs := make([]model.Record, n)
	for j := range recs {
		s := at(starts[j/2%2])
		qty := exact.AmountOf(dec("0.5"))
		if j == n/2 {
			qty = exact.AmountOf(decimal.Zero)
		}
		recs[j] = model.Record{ID: fmt.Sprintf("u%05d", j), RecordAttrs: spec[j%2], Quantity: qty}.
			WithTimes(s, s.Add(time.Hour), at("2024-03-01 02:00"))
	}
	l, met := visits(t, pkgs, recs)
	// Per window (its records in replay order: by start, then id), the first 2k records
	// fill the packages, two each; the rest, and the record of quantity 0, take nothing.
	for w, start := range starts {
		seen := 0
		for ri := range l.Records {
			r := l.Records[ri].Rec
			if !r.Start().Equal(at(start)) || r.Quantity.IsZero() {
				continue
			}
			want := "-:0.5"
			if seen < 2*k {
				want = order[seen/2] + ":0.5"
			}
			if got := deductedFrom(l, ri); got != want {
				t.Fatalf("window %d, record %s (its %dth): deducted %s, want %s", w, r.ID, seen, got, want)
			}
			seen++
		}
		if seen != n/2-1+w {
			t.Fatalf("window %d: %d records", w, seen)
		}
	}
	if got := deductedFrom(l, recordIndex(t, l, fmt.Sprintf("u%05d", n/2))); got != "" {
		t.Errorf("the record of quantity 0: deducted %q, want nothing", got)
	}
	for pi := range l.Packages {
		ws := l.Windows(pi)
		if len(ws) != 2 {
			t.Fatalf("%s: %d windows, want 2", l.Packages[pi].Pkg.ID, len(ws))
		}
		for _, w := range ws {
			if !w.Covered.Equal(dec("1")) {
				t.Fatalf("%s: window %s covered %s, want 1", l.Packages[pi].Pkg.ID, w.Start, w.Covered)
			}
		}
	}
	if met > (passedFull+4)*n+4*k {
		t.Errorf("the walks met %d candidates for %d records and %d packages: full windows, or periods ended, are walked again", met, n, k)
	}
	t.Logf("%d candidates met", met)
}

// A window a replay in parts let go of is not passed over as full by a record that
// would open it again: as without the pointers, the record stops the replay (LateError).
// Every full window met is marked.
func TestFullWindowsForgotten(t *testing.T) {
	defer func(n int) { passedFull = n }(passedFull)
	passedFull = 0
	pkgs := storage(20)
	attrs := &model.RecordAttrs{Product: "OBS", BillingItem: "Capacity", Unit: "GB"}
	var recs []model.Record
	add := func(start time.Time, deduct time.Time) {
		recs = append(recs, model.Record{ID: fmt.Sprintf("u%05d", len(recs)), Line: len(recs) + 2, RecordAttrs: attrs,
			Quantity: exact.AmountOf(dec("0.5"))}.WithTimes(start, start.Add(time.Hour), deduct))
	}
	first := at("2024-03-01 00:00")
	for range 41 { // the first window: every package full
		add(first, first.Add(time.Hour))
	}
	for h := 1; h < 24*10; h++ { // later hours, one record each
		add(first.Add(time.Duration(h)*time.Hour), first.Add(time.Duration(h+1)*time.Hour))
	}
	add(first, first.Add(24*10*time.Hour)) // the first window again, days later
	_, _, _, err := streamRetiring(t, pkgs, recs, Options{Location: shanghai, Precision: 2}, 100, false)
	var le *LateError
	if !errors.As(err, &le) || le.ID != recs[len(recs)-1].ID {
		t.Fatalf("got %v; want the last record late", err)
	}
}

// A usage package that has not started when a window's packages fill is passed over with
// them, and met by the records of that window deducted once it has started: k storage
// packages of 1 GB and k usage packages of 1 GB starting 2024-03-05 alternate in
// deduction order (by expiration); 2k + m records of 0.5 GB share one hour of
// 2024-03-01, the first 2k deducted that day fill the storage packages, m more go
// pay-per-use, and the last 2k, deducted on 2024-03-06, fill the usage packages in
// order. The walks meet a few candidates each.
func TestFullWindowsUsageBetween(t *testing.T) {
	const k, m = 400, 2000
	var pkgs []model.Package
	for i := range k {
		end := at("2025-01-01 00:00").Add(time.Duration(2*i) * time.Second)
		s := model.Package{ID: fmt.Sprintf("s%05d", i), Product: "OBS", Type: model.TypeStorage, Effective: at("2024-01-01 00:00"),
			Expiration: end, Capacity: dec("1"), Unit: "GB", Currency: "USD"}
		u := s
		u.ID, u.Type, u.Effective, u.Expiration = fmt.Sprintf("u%05d", i), model.TypeUsage, at("2024-03-05 00:00"), end.Add(time.Second)
		pkgs = append(pkgs, s, u)
	}
	attrs := &model.RecordAttrs{Product: "OBS", BillingItem: "Capacity", Unit: "GB"}
	var recs []model.Record
	for i := range 4*k + m {
		deduct := at("2024-03-01 02:00")
		if i >= 2*k+m {
			deduct = at("2024-03-06 00:00").Add(time.Duration(i) * time.Second)
		}
		recs = append(recs, model.Record{ID: fmt.Sprintf("r%05d", i), RecordAttrs: attrs, Quantity: exact.AmountOf(dec("0.5"))}.
			WithTimes(at("2024-03-01 00:00"), at("2024-03-01 01:00"), deduct))
	}
	l, met := visits(t, pkgs, recs)
	for i := range recs {
		want := "-:0.5"
		switch {
		case i < 2*k:
			want = fmt.Sprintf("s%05d:0.5", i/2)
		case i >= 2*k+m:
			want = fmt.Sprintf("u%05d:0.5", (i-2*k-m)/2)
		}
		if got := deductedFrom(l, recordIndex(t, l, recs[i].ID)); got != want {
			t.Fatalf("record %d: deducted %s, want %s", i, got, want)
		}
	}
	if met > (passedFull+6)*len(recs)+8*k {
		t.Errorf("the walks met %d candidates for %d records and %d packages: full windows are walked again", met, len(recs), 2*k)
	}
	t.Logf("%d candidates met", met)
}

// Full windows are passed over in lists walked side by side as in one list: storage
// packages of two kinds (a third name the records' region, the others none) are two
// groups that every record matches. With no joint list the records walk both groups'
// lists side by side; with one, a single list. Either way, full windows marked from the
// first met or past passedFull, the ledger is the same, and the walks meet a few
// candidates per record, not every full package.
func TestFullWindowsPassedOverSideBySide(t *testing.T) {
	given, full := listBudget, passedFull
	defer func() { listBudget, passedFull = given, full }()
	const k, n = 300, 1800
	pkgs := storage(k)
	for i := range pkgs {
		if i%3 == 0 {
			pkgs[i].Region = "r1"
		}
	}
	attrs := &model.RecordAttrs{Product: "OBS", BillingItem: "Capacity", Region: "r1", Unit: "GB"}
	recs := make([]model.Record, n)
	for j := range recs {
		s := at("2024-03-01 00:00")
		recs[j] = model.Record{ID: fmt.Sprintf("u%05d", j), RecordAttrs: attrs, Quantity: exact.AmountOf(dec("0.5"))}.
			WithTimes(s, s.Add(time.Hour), at("2024-03-01 02:00"))
	}
	var want string
	for _, budget := range []func(int, int) int{plenty, none} {
		for _, pf := range []int{full, 0} {
			listBudget, passedFull = budget, pf
			l, met := visits(t, pkgs, recs)
			got := canonical(l)
			if want == "" {
				want = got
			} else if got != want {
				t.Fatalf("passedFull %d: another ledger", pf)
			}
			rest := 0
			for ri := range l.Records {
				if l.Records[ri].PayPerUse.Sign() != 0 {
					rest++
				}
			}
			if rest != n-2*k { // two records fill a package
				t.Fatalf("passedFull %d: %d records pay-per-use, want %d", pf, rest, n-2*k)
			}
			if met > (pf+4)*n+4*k {
				t.Errorf("passedFull %d: the walks met %d candidates for %d records and %d packages", pf, met, n, k)
			}
		}
	}
}
