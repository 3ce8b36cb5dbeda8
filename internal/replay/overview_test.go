package replay

import (
	"fmt"
	"testing"

	"github.com/pkgctl/pkgctl/internal/model"
)

func TestOverviewStatuses(t *testing.T) {
	destroyed := pkg("destroyed", "2024-01-01", "2025-01-01", "10")
	destroyed.Destroyed, destroyed.Status = at("2024-01-05"), "Arrears"
	arrears := pkg("arrears", "2024-01-01", "2025-01-01", "10")
	arrears.Status = " 欠费 "
	monthly := pkg("monthly", "2023-11-01", "2025-01-01", "10")
	monthly.ResetCycle = model.ResetMonth
	pkgs := []model.Package{destroyed, arrears, monthly,
		pkg("expired", "2023-01-01", "2024-01-01", "10"),
		pkg("exhausted", "2024-01-01", "2025-01-01", "3"),
		pkg("active", "2023-01-01", "2025-01-01", "100"),
		pkg("created", "2024-03-01", "2025-01-01", "10"),
	}
	pkgs[4].Product, pkgs[5].Product = "CDN", "VPC"
	cdn := rec("c", "2024-01-10 00:00", "2024-01-10 01:00", "3")
	vpc := rec("v", "2023-12-10 00:00", "2023-12-10 01:00", "5")
	cdn.Product, vpc.Product = "CDN", "VPC"
	l, err := Run(pkgs, []model.Record{cdn, vpc,
		rec("m", "2024-01-20 00:00", "2024-01-20 01:00", "4"),
		rec("late", "2024-02-01 00:00", "2024-02-01 01:00", "4")},
		Options{Location: shanghai, AsOf: at("2024-02-01 00:00"), Precision: 2})
	if err != nil {
		t.Fatal(err)
	}
	rows := l.Overview()
	got := map[string]string{}
	for _, r := range rows {
		got[r.PackageID] = fmt.Sprintf("%s %s/%s", r.Status, r.Used, r.Remaining)
	}
	want := map[string]string{
		"destroyed": "Destroyed 0/10", "arrears": "Arrears 0/10", "expired": "Expired 0/10",
		"exhausted": "Exhausted 3/0", "active": "Active 5/95", "created": "Created 0/10",
		"monthly": "Active 4/6",
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: %q, want %q", id, got[id], w)
		}
	}
	m := rows[l.Package("monthly")]
	if !m.PeriodStart.Equal(at("2024-01-01")) || !m.PeriodEnd.Equal(at("2024-02-01")) {
		t.Errorf("monthly shows period %v → %v, want January", m.PeriodStart, m.PeriodEnd)
	}
	wantCounts := "[{Destroyed 1} {Arrears 1} {Expired 1} {Exhausted 1} {Active 2} {Created 1}]"
	if c := fmt.Sprint(Counts(rows)); c != wantCounts {
		t.Errorf("counts %s, want %s", c, wantCounts)
	}
	if c, want := fmt.Sprint(Counts(rows[:1])), "[{Destroyed 0} {Arrears 0} {Expired 0} {Exhausted 0} {Active 0} {Created 0}]"; c == want {
		t.Errorf("one row counted nowhere: %s", c)
	}
	if c, want := fmt.Sprint(Counts(nil)), "[{Destroyed 0} {Arrears 0} {Expired 0} {Exhausted 0} {Active 0} {Created 0}]"; c != want {
		t.Errorf("counts of nothing %s, want %s", c, want)
	}
}
