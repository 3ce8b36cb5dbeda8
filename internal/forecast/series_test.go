package forecast

import (
	"fmt"
	"strings"
	"testing"
)

// point renders one chart point.
func point(p Point) string {
	return fmt.Sprintf("%s %s/%s→%s", p.Day.Format("01-02"), null(p.Used), p.Capacity, null(p.Projected))
}

// A chart has a point per day of validity: use so far up to as-of's day, the projection
// from it (the day that ends at as-of has both), use starting again at every reset.
func TestSeries(t *testing.T) {
	packages := `package_id,product,deductible_items,effective_time,expiration_time,capacity,unit,reset_cycle,reset_anchor,fee,amortization
CONST,OCR,API calls,2024-06-01 00:00:00,2024-06-30,3000,calls,none,,300.00,usage
MONTHLY,OBS,Traffic M,2024-05-01 00:00:00,2024-07-31,100,GB,month,natural,300.00,usage
`
	usage := usageHeader + daily("c", "OCR", "API calls", "2024-06-01", 15, "95", "calls", "") +
		daily("m", "OBS", "Traffic M", "2024-05-20", 27, "2", "GB", "")
	asOf := at("2024-06-16")
	in := replayCSV(t, packages, usage, asOf)
	res := in.run(t, asOf, 10)
	pts := Series(in.l, byID(t, res, "CONST"), asOf, sh)
	if len(pts) != 30 {
		t.Fatalf("%d points, want one per day of June", len(pts))
	}
	var got []string
	for _, i := range []int{0, 13, 14, 15, 29} {
		got = append(got, point(pts[i]))
	}
	if g, w := strings.Join(got, " | "), "06-01 95.00/3000→- | 06-14 1330.00/3000→- | 06-15 1425.00/3000→1425.00 | 06-16 -/3000→1520.00 | 06-30 -/3000→2850.00"; g != w {
		t.Errorf("CONST:\n got %s\nwant %s", g, w)
	}
	pts = Series(in.l, byID(t, res, "MONTHLY"), asOf, sh)
	if len(pts) != 92 {
		t.Fatalf("%d points, want May to July", len(pts))
	}
	got = nil
	for _, i := range []int{19, 30, 31, 45, 60, 61, 91} {
		got = append(got, point(pts[i]))
	}
	// May 20–31 2 GB a day (24 by May 31); June from 0 again; July projected from 0.
	if g, w := strings.Join(got, " | "), "05-20 2.00/100→- | 05-31 24.00/100→- | 06-01 2.00/100→- | 06-15 30.00/100→30.00 | 06-30 -/100→60.00 | 07-01 -/100→2.00 | 07-31 -/100→62.00"; g != w {
		t.Errorf("MONTHLY:\n got %s\nwant %s", g, w)
	}
}
