package replay

import (
	"testing"

	"github.com/pkgctl/pkgctl/internal/model"
)

func upgrade(id, of, from, to string) model.Package {
	p := pkg(id, from, to, "500")
	p.OrderType, p.OriginalID = model.OrderUpgrade, of
	return p
}

func TestValidityCuts(t *testing.T) {
	destroyed := func(p model.Package, when string) model.Package { p.Destroyed = at(when); return p }
	tests := []struct {
		name    string
		pkgs    []model.Package
		end     string
		cause   EndCause
		upgrade string
	}{
		{"expires", []model.Package{pkg("o", "2024-01-01", "2025-01-01", "1")}, "2025-01-01", EndExpired, ""},
		{"destroyed before expiration",
			[]model.Package{destroyed(pkg("o", "2024-01-01", "2025-01-01", "1"), "2024-05-01")},
			"2024-05-01", EndDestroyed, ""},
		{"destruction wins a tie with expiration",
			[]model.Package{destroyed(pkg("o", "2024-01-01", "2025-01-01", "1"), "2025-01-01")},
			"2025-01-01", EndDestroyed, ""},
		{"destruction wins a tie with an upgrade", []model.Package{
			destroyed(pkg("o", "2024-01-01", "2025-01-01", "1"), "2024-05-01"),
			upgrade("u", "o", "2024-05-01", "2025-01-01")}, "2024-05-01", EndDestroyed, ""},
		{"upgrade at expiration does not cut", []model.Package{
			pkg("o", "2024-01-01", "2025-01-01", "1"), upgrade("u", "o", "2025-01-01", "2026-01-01")},
			"2025-01-01", EndExpired, ""},
		{"upgrade before destruction cuts", []model.Package{
			destroyed(pkg("o", "2024-01-01", "2025-01-01", "1"), "2024-06-01"),
			upgrade("u", "o", "2024-02-01", "2025-01-01")}, "2024-02-01", EndUpgraded, "u"},
		{"earliest upgrade cuts", []model.Package{
			pkg("o", "2024-01-01", "2025-01-01", "1"), upgrade("u1", "o", "2024-04-01", "2025-01-01"),
			upgrade("u2", "o", "2024-03-01", "2025-01-01")}, "2024-03-01", EndUpgraded, "u2"},
		{"equal upgrades: lowest id", []model.Package{
			pkg("o", "2024-01-01", "2025-01-01", "1"), upgrade("u2", "o", "2024-03-01", "2025-01-01"),
			upgrade("u1", "o", "2024-03-01", "2025-01-01")}, "2024-03-01", EndUpgraded, "u1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := run(t, tt.pkgs, nil)
			ps := l.Packages[l.Package("o")]
			if !ps.End.Equal(at(tt.end)) || ps.EndCause != tt.cause || ps.UpgradedBy != tt.upgrade {
				t.Errorf("end %v cause %d by %q; want %s %d %q", ps.End, ps.EndCause, ps.UpgradedBy,
					tt.end, tt.cause, tt.upgrade)
			}
		})
	}
}

// An upgrade mid-period cuts the original's period; its index and FullPeriods are of
// the uncut periods; usage after the cut goes to the upgrade, with SUPERSEDED.
func TestUpgradeMidPeriod(t *testing.T) {
	o := pkg("o", "2024-01-01", "2025-01-01", "100")
	o.ResetCycle = model.ResetMonth
	u := upgrade("u", "o", "2024-02-15", "2025-01-01")
	u.ResetCycle = model.ResetMonth
	l := run(t, []model.Package{o, u}, []model.Record{
		rec("before", "2024-02-10 00:00", "2024-02-10 01:00", "10"),
		rec("after", "2024-02-20 00:00", "2024-02-20 01:00", "10"),
		rec("across", "2024-02-15 23:00", "2024-02-16 01:00", "10")})
	ps := l.Packages[l.Package("o")]
	last := ps.Periods[len(ps.Periods)-1]
	if len(ps.Periods) != 2 || ps.FullPeriods != 12 || last.Index != 1 || !last.End.Equal(at("2024-02-15")) {
		t.Fatalf("original periods %s, full %d", starts(&ps), ps.FullPeriods)
	}
	if got := deductedFrom(l, recordIndex(t, l, "before")) + " " + deductedFrom(l, recordIndex(t, l, "after")); got != "o:10 u:10" {
		t.Errorf("deductions %s", got)
	}
	fs := l.Diagnose(l.Package("o"), recordIndex(t, l, "after"))
	want := "consumption ends 2024-02-20 01:00:00, after the package was superseded by upgrade u at 2024-02-15 00:00:00"
	if len(fs) != 1 || fs[0].Code != CodeSuperseded || fs[0].Message != want {
		t.Errorf("diagnosis %+v", fs)
	}
	if got := l.Overview()[l.Package("o")].Status; got != StatusExpired {
		t.Errorf("upgraded original status %s, want Expired", got)
	}
}

func TestDestroyedDiagnosis(t *testing.T) {
	p := pkg("p", "2024-01-01", "2025-01-01", "100")
	p.Destroyed = at("2024-03-01")
	r := rec("r", "2024-03-05 00:00", "2024-03-05 01:00", "1")
	l := run(t, []model.Package{p}, []model.Record{r})
	fs := l.Diagnose(0, 0)
	want := "consumption starts 2024-03-05 00:00:00, after the package was destroyed at 2024-03-01 00:00:00"
	if codes(fs) != CodeDestroyed || fs[0].Message != want || !fs[0].Boundary.Equal(at("2024-03-01")) {
		t.Errorf("diagnosis %+v", fs)
	}
	l2, _ := Run([]model.Package{p}, nil, Options{Location: shanghai, AsOf: at("2024-02-01")})
	l3, _ := Run([]model.Package{p}, nil, Options{Location: shanghai, AsOf: at("2024-03-01")})
	if s2, s3 := l2.Overview()[0].Status, l3.Overview()[0].Status; s2 != StatusCreated || s3 != StatusDestroyed {
		t.Errorf("statuses %s, %s; want Created, Destroyed", s2, s3)
	}
}
