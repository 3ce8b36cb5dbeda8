package replay

import (
	"strings"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
)

// starts renders the period starts (and the last end) as "01-02 15:04" in Shanghai.
func starts(ps *PackageState) string {
	var out []string
	for _, p := range ps.Periods {
		out = append(out, p.Start.In(shanghai).Format("2006-01-02 15:04"))
	}
	if n := len(ps.Periods); n > 0 {
		out = append(out, "|"+ps.Periods[n-1].End.In(shanghai).Format("2006-01-02 15:04"))
	}
	return strings.Join(out, " ")
}

func TestPeriods(t *testing.T) {
	clock := func(h, m int) model.ResetAnchor {
		return model.ResetAnchor{Kind: model.AnchorClock, Clock: time.Duration(h)*time.Hour + time.Duration(m)*time.Minute}
	}
	natural := model.ResetAnchor{Kind: model.AnchorNatural}
	tests := []struct {
		name     string
		from, to string
		cycle    model.ResetCycle
		anchor   model.ResetAnchor
		want     string
	}{
		{"month end clamps", "2024-01-31 10:00", "2024-06-01", model.ResetMonth, model.ResetAnchor{},
			"2024-01-31 10:00 2024-02-29 10:00 2024-03-31 10:00 2024-04-30 10:00 2024-05-31 10:00 |2024-06-01 00:00"},
		{"year from Feb 29", "2024-02-29", "2029-01-01", model.ResetYear, model.ResetAnchor{},
			"2024-02-29 00:00 2025-02-28 00:00 2026-02-28 00:00 2027-02-28 00:00 2028-02-29 00:00 |2029-01-01 00:00"},
		{"natural hour", "2024-03-01 10:30", "2024-03-01 13:00", model.ResetHour, natural,
			"2024-03-01 10:30 2024-03-01 11:00 2024-03-01 12:00 |2024-03-01 13:00"},
		{"natural day", "2024-03-01 10:30", "2024-03-03 12:00", model.ResetDay, natural,
			"2024-03-01 10:30 2024-03-02 00:00 2024-03-03 00:00 |2024-03-03 12:00"},
		{"natural week (Monday)", "2024-03-06 12:00", "2024-03-19", model.ResetWeek, natural,
			"2024-03-06 12:00 2024-03-11 00:00 2024-03-18 00:00 |2024-03-19 00:00"},
		{"natural month", "2024-01-15", "2024-03-10", model.ResetMonth, natural,
			"2024-01-15 00:00 2024-02-01 00:00 2024-03-01 00:00 |2024-03-10 00:00"},
		{"natural year", "2023-06-28", "2025-06-28", model.ResetYear, natural,
			"2023-06-28 00:00 2024-01-01 00:00 2025-01-01 00:00 |2025-06-28 00:00"},
		{"subscription day", "2024-03-01 10:30", "2024-03-03 12:00", model.ResetDay, model.ResetAnchor{},
			"2024-03-01 10:30 2024-03-02 10:30 2024-03-03 10:30 |2024-03-03 12:00"},
		{"clock before effective time", "2024-03-01 10:30", "2024-03-03 00:00", model.ResetDay, clock(8, 15),
			"2024-03-01 10:30 2024-03-02 08:15 |2024-03-03 00:00"},
		{"clock hourly at :20", "2024-03-01 10:30", "2024-03-01 12:00", model.ResetHour, clock(16, 20),
			"2024-03-01 10:30 2024-03-01 11:20 |2024-03-01 12:00"},
		{"timestamp far before", "2024-03-10", "2024-05-10", model.ResetMonth,
			model.ResetAnchor{Kind: model.AnchorTimestamp, At: at("2019-01-31 06:00")},
			"2024-03-10 00:00 2024-03-31 06:00 2024-04-30 06:00 |2024-05-10 00:00"},
		{"timestamp after effective", "2024-03-10", "2024-03-13", model.ResetDay,
			model.ResetAnchor{Kind: model.AnchorTimestamp, At: at("2030-01-01 12:00")},
			"2024-03-10 00:00 2024-03-10 12:00 2024-03-11 12:00 2024-03-12 12:00 |2024-03-13 00:00"},
		{"not resettable", "2024-03-10", "2025-03-10", model.ResetNone, model.ResetAnchor{},
			"2024-03-10 00:00 |2025-03-10 00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pkg("p", tt.from, tt.to, "1")
			p.ResetCycle, p.ResetAnchor = tt.cycle, tt.anchor
			l := run(t, []model.Package{p}, nil)
			ps := &l.Packages[0]
			if got := starts(ps); got != tt.want {
				t.Errorf("periods\n got %s\nwant %s", got, tt.want)
			}
			for i, per := range ps.Periods {
				if per.Index != i || (i > 0 && !per.Start.Equal(ps.Periods[i-1].End)) {
					t.Errorf("period %d: index %d, not contiguous", i, per.Index)
				}
			}
			if ps.FullPeriods != len(ps.Periods) {
				t.Errorf("full periods %d ≠ %d uncut", ps.FullPeriods, len(ps.Periods))
			}
		})
	}
}

func TestAddMonthsClamps(t *testing.T) {
	tests := []struct {
		y    int
		m    time.Month
		d, k int
		want string
	}{
		{2024, 1, 31, 1, "2024-02-29"}, {2024, 1, 31, 2, "2024-03-31"}, {2023, 1, 31, 1, "2023-02-28"},
		{2024, 3, 31, -1, "2024-02-29"}, {2024, 1, 15, -13, "2022-12-15"}, {2024, 12, 31, 2, "2025-02-28"},
		{2024, 8, 31, 1, "2024-09-30"},
	}
	for _, tt := range tests {
		y, m, d := addMonths(tt.y, tt.m, tt.d, tt.k)
		if got := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format("2006-01-02"); got != tt.want {
			t.Errorf("addMonths(%d-%d-%d, %d) = %s, want %s", tt.y, tt.m, tt.d, tt.k, got, tt.want)
		}
	}
}
