package replay

import (
	"fmt"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
)

func TestInDays(t *testing.T) {
	from, to := at("2024-02-01 00:00"), at("2024-03-01 00:00") // the days of February
	for _, c := range []struct {
		t    string
		want bool
	}{
		{"2024-02-01 00:00", false}, // closes January 31
		{"2024-02-01 00:01", true},
		{"2024-03-01 00:00", true}, // closes February 29
		{"2024-03-01 00:01", false},
	} {
		if got := InDays(at(c.t), from, to); got != c.want {
			t.Errorf("InDays(%s) = %v, want %v", c.t, got, c.want)
		}
	}
	if !InDays(at("1999-01-01 00:00"), time.Time{}, time.Time{}) {
		t.Error("open days leave an instant out")
	}
}

// TestSelect: P1 deducts r1 and part of r2, P2 the rest of r2; z has quantity 0.
func TestSelect(t *testing.T) {
	l := run(t, []model.Package{pkg("P1", "2024-01-01", "2024-03-01", "10"), pkg("P2", "2024-01-01", "2024-04-01", "100")},
		[]model.Record{
			rec("r1", "2024-01-05 00:00", "2024-01-05 01:00", "4"),
			rec("r2", "2024-02-05 00:00", "2024-02-05 01:00", "10"),
			rec("z", "2024-02-06 00:00", "2024-02-06 01:00", "0"),
		})
	show := func(s Selection) string {
		if s.All {
			return "all"
		}
		var recs, ents []string
		for _, ri := range s.Records {
			recs = append(recs, l.Records[ri].Rec.ID)
		}
		for _, i := range s.Entries {
			e := &l.Entries[i]
			p := "-"
			if e.Package >= 0 {
				p = l.Packages[e.Package].Pkg.ID
			}
			ents = append(ents, l.Records[e.Record].Rec.ID+"@"+p)
		}
		return fmt.Sprint(recs, ents)
	}
	for _, c := range []struct {
		name string
		f    LedgerFilter
		want string
	}{
		{"nothing", LedgerFilter{}, "all"},
		{"package P2", LedgerFilter{Packages: []string{"P2"}}, "[r2] [r2@P2]"},
		{"package P1", LedgerFilter{Packages: []string{"P1"}}, "[r1 r2] [r1@P1 r2@P1]"},
		{"record z", LedgerFilter{Records: []string{"z"}}, "[z] []"},
		{"February", LedgerFilter{From: at("2024-02-01 00:00"), To: at("2024-03-01 00:00")}, "[r2 z] [r2@P1 r2@P2]"},
		{"February, P1", LedgerFilter{Packages: []string{"P1"}, From: at("2024-02-01 00:00")}, "[r2] [r2@P1]"},
	} {
		if got := show(l.Select(c.f)); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func TestOverviewFilter(t *testing.T) {
	storage := model.TypeStorage
	r := OverviewRow{PackageID: "P1", Product: "Object  Storage", PackageType: model.TypeUsage, OrderTime: at("2024-01-10 12:00")}
	for _, c := range []struct {
		name string
		f    OverviewFilter
		want bool
	}{
		{"nothing", OverviewFilter{}, true},
		{"product as text attributes compare", OverviewFilter{Product: " object storage"}, true},
		{"another product", OverviewFilter{Product: "CDN"}, false},
		{"another type", OverviewFilter{Type: &storage}, false},
		{"its id", OverviewFilter{Packages: []string{"P0", "P1"}}, true},
		{"other ids", OverviewFilter{Packages: []string{"P0"}}, false},
		{"ordered in January", OverviewFilter{OrderFrom: at("2024-01-01 00:00"), OrderTo: at("2024-02-01 00:00")}, true},
		{"ordered in February", OverviewFilter{OrderFrom: at("2024-02-01 00:00")}, false},
	} {
		if got := c.f.Keep(&r); got != c.want {
			t.Errorf("%s: Keep = %v, want %v", c.name, got, c.want)
		}
	}
	if (OverviewFilter{OrderTo: at("2025-01-01 00:00")}).Keep(&OverviewRow{}) {
		t.Error("a package without an order time kept by an order day")
	}
}
