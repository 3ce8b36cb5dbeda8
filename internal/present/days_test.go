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
