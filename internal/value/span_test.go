package value

import (
	"testing"
	"time"
)

// A span is exact however long, where Time.Sub stops at about 292 years, and keeps its
// nanoseconds either way round.
func TestSpanOf(t *testing.T) {
	utc := func(y int, m time.Month, d, ns int) time.Time { return time.Date(y, m, d, 0, 0, 0, ns, time.UTC) }
	for _, tc := range []struct {
		a, b time.Time
		want string
	}{
		{utc(1000, 1, 1, 0), utc(1500, 1, 1, 0), "15778454400"}, // 182,621 days (Python: (date(1500,1,1)-date(1000,1,1)).days)
		{utc(2024, 6, 30, 0), utc(4762, 4, 29, 0), "86397494400"},
		{utc(2024, 1, 1, 0), utc(2024, 1, 1, 1), "0.000000001"},
		{utc(2024, 1, 1, 999_999_999), utc(2024, 1, 2, 1), "86399.000000002"},
		{utc(2024, 1, 2, 1), utc(2024, 1, 1, 999_999_999), "-86399.000000002"},
		{utc(9999, 12, 31, 0), utc(1, 1, 1, 0), "-315537811200"},
	} {
		s := SpanOf(tc.a, tc.b)
		if got := s.Seconds().String(); got != tc.want {
			t.Errorf("SpanOf(%v, %v) = %+v = %s s, want %s", tc.a, tc.b, s, got, tc.want)
		}
		if s.Nanos < 0 || s.Nanos >= 1e9 {
			t.Errorf("SpanOf(%v, %v): nanoseconds %d", tc.a, tc.b, s.Nanos)
		}
	}
}
