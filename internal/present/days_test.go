package present

import (
	"testing"
	"time"
)

// --month takes a four-digit year, or 10000, the last an instant reaches (a bill of
// 10000-01-01 exists); its days are the month's, first to last, in the zone.
func TestBillDaysMonth(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ month, from, to string }{
		{"2024-02", "2024-02-01", "2024-02-29"},
		{"9999-12", "9999-12-01", "9999-12-31"},
		{"10000-01", "10000-01-01", "10000-01-31"},
		{"10000-13", "", ""},
		{"10001-01", "", ""},
		{"02024-01", "", ""},
		{"2024-1", "", ""},
		{"10000-1", "", ""},
		{"10000-", "", ""},
	} {
		from, to, err := BillDays(loc, tc.month, "", "")
		if tc.from == "" {
			if err == nil {
				t.Errorf("--month %s: %v to %v, want an error", tc.month, from, to)
			}
			continue
		}
		day := func(d time.Time) string {
			return d.Format("2006-01-02")
		}
		if err != nil || day(from) != tc.from || day(to) != tc.to || from.Location() != loc || from.Hour() != 0 || to.Hour() != 0 {
			t.Errorf("--month %s: %v to %v, %v; want %s to %s in %s", tc.month, from, to, err, tc.from, tc.to, loc)
		}
	}
}

// --from and --to select inclusive bill days: --to a date keeps that day, --to a time
// keeps the day it falls in (the day of its last instant before it: a midnight closes
// the day before), --from the day of its instant.
func TestBillDaysFromTo(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ fromS, toS, from, to string }{
		{"2025-02-01", "2025-02-14", "2025-02-01", "2025-02-14"},
		{"", "2025-02-14 10:00:00", "", "2025-02-14"},
		{"", "2025-02-15 00:00:00", "", "2025-02-14"},
		{"", "2025-02-14 00:00:01", "", "2025-02-14"},
	} {
		from, to, err := BillDays(loc, "", tc.fromS, tc.toS)
		day := func(d time.Time) string {
			if d.IsZero() {
				return ""
			}
			return d.Format("2006-01-02")
		}
		if err != nil || day(from) != tc.from || day(to) != tc.to || !to.IsZero() && (to.Hour() != 0 || to.Minute() != 0) {
			t.Errorf("--from %q --to %q: %v to %v, %v; want %s to %s", tc.fromS, tc.toS, from, to, err, tc.from, tc.to)
		}
	}
}
