package cli

import (
	"archive/zip"
	"html"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A summary by month in two currencies draws one chart per currency over that
// currency's rows (the Summary is ordered by currency, then month), titled with it:
// amounts in yuan and dollars never share a chart, nor two bars one month label.
func TestSummaryChartPerCurrency(t *testing.T) {
	dir := t.TempDir()
	writeInputs(t, dir, "package_id,product,effective_time,expiration_time,capacity,unit,fee,currency,amortization\n"+
		"U,CDN,2024-01-15 00:00:00,2024-03-14,100,GB,60.00,USD,usage\n"+
		"C,CDN,2024-02-01 00:00:00,2024-02-29,100,GB,29.00,CNY,usage\n",
		"record_id,product,billing_item,start_time,end_time,quantity,unit,unit_price,currency\n"+
			"r1,CDN,x,2024-01-20 00:00:00,2024-01-20 01:00:00,10,GB,0.5,USD\n"+
			"r2,CDN,x,2024-02-10 00:00:00,2024-02-10 01:00:00,10,GB,0.5,USD\n")
	for _, tc := range []struct {
		cmd, sheet string
		charts     []string // title, then the category range
	}{
		{"amortize", "Summary", []string{"Amortized amount by month (CNY)", "'Summary'!$A$2:$A$2",
			"Amortized amount by month (USD)", "'Summary'!$A$3:$A$4"}}, // no USD row in February
		{"kpi", "Summary", []string{"Utilization and coverage by month (in money, %) (CNY)", "'Summary'!$A$2:$A$2",
			"Utilization and coverage by month (in money, %) (USD)", "'Summary'!$A$3:$A$5"}},
	} {
		out := tc.cmd + ".xlsx"
		if code, _, stderr := runMain(t, dir, tc.cmd, "--packages", "packages.csv", "--usage", "usage.csv", "--as-of", "2024-06-01", "-o", out, "--quiet"); code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.cmd, code, stderr)
		}
		zr, err := zip.OpenReader(filepath.Join(dir, out))
		if err != nil {
			t.Fatal(err)
		}
		var charts []string
		for _, f := range zr.File {
			if strings.HasPrefix(f.Name, "xl/charts/chart") {
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				charts = append(charts, f.Name+" "+html.UnescapeString(string(b)))
			}
		}
		zr.Close()
		slices.Sort(charts) // by part name: chart1.xml, chart2.xml
		if len(charts) != 2 {
			t.Fatalf("%s: %d charts, want 2", tc.cmd, len(charts))
		}
		for i, c := range charts {
			if title, cat := tc.charts[2*i], tc.charts[2*i+1]; !strings.Contains(c, title) || !strings.Contains(c, cat) {
				t.Errorf("%s: chart %d lacks %q or %q", tc.cmd, i+1, title, cat)
			}
		}
	}
}
