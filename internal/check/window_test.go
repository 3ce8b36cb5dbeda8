package check

import (
	"fmt"
	"testing"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/testkit"
)

func TestWindowBills(t *testing.T) {
	rows := []model.BillRow{
		row("A", "2024-01-31", model.BillUsed, "1", "", "", "", false),
		row("A", "2024-02-01", model.BillUsed, "2", "", "", "", false),
		row("A", "2024-02-29", model.BillUsed, "3", "", "", "", false),
		row("A", "2024-03-01", model.BillUsed, "4", "", "", "", false),
	}
	// amounts is what an export summed over w compares: the amounts of its rows in w,
	// and how many rows were left outside.
	amounts := func(w Window) string {
		var s []string
		x := NewExport(nil, w, defaultOpt, 0)
		for i := range rows {
			if w.Holds(rows[i].Date) {
				s = append(s, rows[i].Amount.String())
			}
			x.Add(&rows[i])
		}
		if x.c.rows != len(s) || x.c.outside != len(rows)-len(s) || x.c.exportRows[0] != int32(len(s)) {
			t.Errorf("%+v: %d rows summed, %d outside, for %d in the window", w, x.c.rows, x.c.outside, len(s))
		}
		return fmt.Sprint(s)
	}
	feb := Window{From: day("2024-02-01"), To: day("2024-02-29")}
	if got := amounts(feb); got != "[2 3]" {
		t.Errorf("February keeps %s, want [2 3] (both ends inclusive)", got)
	}
	if got := amounts(Window{From: day("2024-02-01")}); got != "[2 3 4]" {
		t.Errorf("from February keeps %s, want [2 3 4]", got)
	}
	if w := (Window{}); !w.Open() || amounts(w) != "[1 2 3 4]" {
		t.Errorf("an open window limits something")
	}
	if feb.Open() {
		t.Errorf("February is open")
	}
}

// TestWindowTotals: only packages whose whole validity lies in the window keep their
// total (only their rows can all be in it).
func TestWindowTotals(t *testing.T) {
	p := func(id, eff, exp string) model.Package {
		return model.Package{ID: id, Product: "OBS", Unit: "GB", Capacity: dec("10"), Fee: qty("30"), Currency: "USD",
			Effective: testkit.At(eff), Expiration: testkit.At(exp)}
	}
	pkgs := []model.Package{
		p("IN", "2024-02-01 00:00", "2024-03-01 00:00"),      // the whole of February
		p("EARLY", "2024-01-15 00:00", "2024-02-15 00:00"),   // began before
		p("LATE", "2024-02-10 00:00", "2024-03-01 00:00:01"), // ends on March 1
	}
	l, err := replay.Run(pkgs, nil, replay.Options{Location: testkit.Shanghai, Precision: 2})
	if err != nil {
		t.Fatal(err)
	}
	totals := []amortize.Total{{PackageID: "EARLY"}, {PackageID: "IN"}, {PackageID: "LATE"}, {PackageID: "GONE"}}
	var got []string
	for _, tot := range (Window{From: day("2024-02-01"), To: day("2024-02-29")}).Totals(l, totals) {
		got = append(got, tot.PackageID)
	}
	if fmt.Sprint(got) != "[IN]" {
		t.Errorf("February keeps the totals of %v, want [IN]", got)
	}
	if n := len((Window{}).Totals(l, totals)); n != 3 {
		t.Errorf("an open window keeps %d totals, want the 3 known packages", n)
	}
}
