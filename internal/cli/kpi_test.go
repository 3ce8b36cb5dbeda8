package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// kpiJSON is the part of kpi's JSON the invariants read.
type kpiJSON struct {
	KPIs []map[string]any `json:"kpis"`
}

func decOf(t *testing.T, v any) (decimal.Decimal, bool) {
	t.Helper()
	s, _ := v.(string)
	if s == "" {
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return d, true
}

// The sample's KPIs by every grouping keep the invariants: coverage never above 100%
// and deducted + pay-per-use = usage; a usage package never used more than its capacity
// (level packages are in unit*hour); the PKG-OBS-100G row is the sample's January:
// 58 of 100 GB used, 23.20 used and 16.80 unused booked.
func TestKPISampleInvariants(t *testing.T) {
	dir := t.TempDir()
	for _, by := range []string{"month,product", "package", "region,project,tag:team", "month"} {
		code, out, stderr := runMain(t, dir, "kpi", "--sample", "--as-of", "2026-01-01", "--by", by, "-f", "json")
		if code != 0 {
			t.Fatalf("--by %s: exit %d: %s", by, code, stderr)
		}
		var doc kpiJSON
		if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.KPIs) == 0 {
			t.Fatalf("--by %s: %v (%d rows)", by, err, len(doc.KPIs))
		}
		for _, r := range doc.KPIs {
			for _, k := range []string{"coverage_pct", "money_coverage_pct", "money_utilization_pct"} {
				if p, ok := decOf(t, r[k]); ok && (p.IsNegative() || p.GreaterThan(decimal.NewFromInt(100))) {
					t.Errorf("--by %s: %s %s in %v", by, k, p, r)
				}
			}
			usage, ok1 := decOf(t, r["usage"])
			ded, _ := decOf(t, r["deducted"])
			ppu, _ := decOf(t, r["pay_per_use"])
			if ok1 && !ded.Add(ppu).Equal(usage) {
				t.Errorf("--by %s: %s + %s ≠ %s", by, ded, ppu, usage)
			}
			capacity, ok2 := decOf(t, r["capacity"])
			used, _ := decOf(t, r["used"])
			if ok2 && used.GreaterThan(capacity) && !strings.HasSuffix(r["unit"].(string), "*hour") {
				t.Errorf("--by %s: used %s of %s", by, used, capacity)
			}
		}
		if by == "package" {
			found := false
			for _, r := range doc.KPIs {
				if r["package_id"] == "PKG-OBS-100G" {
					found = true
					if r["capacity"] != "100" || r["used"] != "58" || r["used_amount"] != "23.20" || r["unused_amount"] != "16.80" || r["utilization_pct"] != "58" {
						t.Errorf("PKG-OBS-100G: %v", r)
					}
				}
			}
			if !found {
				t.Error("no PKG-OBS-100G row")
			}
		}
	}
}

// Every format of both commands, twice: the same bytes; the workbooks have their sheets
// and charts (kpi: one on Summary; forecast: one per charted package).
func TestKPIAndForecastFormats(t *testing.T) {
	dir := t.TempDir()
	for _, cmd := range [][]string{{"kpi", "--sample", "--as-of", "2026-01-01"}, {"forecast", "--sample", "--as-of", "2024-06-30"}} {
		for _, f := range []string{"table", "csv", "json", "markdown"} {
			code1, a, _ := runMain(t, dir, append(cmd, "-f", f)...)
			code2, b, _ := runMain(t, dir, append(cmd, "-f", f)...)
			if code1 != 0 || code2 != 0 || a != b || a == "" {
				t.Errorf("%s -f %s: exits %d %d; two runs differ or are empty", cmd[0], f, code1, code2)
			}
		}
		var files [2][]byte
		for i := range files {
			path := filepath.Join(dir, cmd[0]+[]string{"-a", "-b"}[i]+".xlsx")
			if code, _, stderr := runMain(t, dir, append(cmd, "-o", path)...); code != 0 {
				t.Fatal(stderr)
			}
			files[i], _ = os.ReadFile(path)
		}
		if !bytes.Equal(files[0], files[1]) || len(files[0]) == 0 {
			t.Errorf("%s xlsx: two runs differ", cmd[0])
		}
	}
	check := func(name, sheets string, charts int) {
		t.Helper()
		f, err := excelize.OpenFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if got := strings.Join(f.GetSheetList(), ","); got != sheets {
			t.Errorf("%s: sheets %s, want %s", name, got, sheets)
		}
		n := 0
		f.Pkg.Range(func(k, _ any) bool {
			if strings.HasPrefix(k.(string), "xl/charts/chart") {
				n++
			}
			return true
		})
		if n != charts {
			t.Errorf("%s: %d charts, want %d", name, n, charts)
		}
	}
	check("kpi-a.xlsx", "KPIs,Summary", 1)
	check("forecast-a.xlsx", "Forecast,Projection", 3) // the sample has 3 active usage packages
	if code, _, stderr := runMain(t, dir, "forecast", "--sample", "--as-of", "2024-06-30", "--charts", "1", "-o", "one.xlsx"); code != 0 {
		t.Fatal(stderr)
	}
	check("one.xlsx", "Forecast,Projection", 1)
}

// Exit codes: 0 without alerts, 1 with one (everything written), 2 for bad flags
// before anything is written.
func TestKPIAndForecastExitCodes(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"kpi", "--sample", "--as-of", "2026-01-01"}, ExitOK},
		{[]string{"kpi", "--sample", "--by", "colour"}, ExitBadInput},
		{[]string{"kpi", "--sample", "-f", "focus"}, ExitBadInput},
		{[]string{"forecast", "--sample", "--as-of", "2024-06-30"}, ExitOK},
		{[]string{"forecast", "--sample", "--as-of", "2024-06-30", "--fail-on", "waste>10000"}, ExitOK},
		{[]string{"forecast", "--sample", "--as-of", "2024-06-30", "--fail-on", "waste>100", "-o", "alerts.csv"}, ExitDifferences},
		{[]string{"forecast", "--sample", "--fail-on", "waste>>1", "-o", "never.csv"}, ExitBadInput},
		{[]string{"forecast", "--sample", "--charts", "some", "-o", "never.csv"}, ExitBadInput},
		{[]string{"forecast", "--sample", "--charts", "501", "-o", "never.xlsx"}, ExitBadInput},
		{[]string{"forecast", "--sample", "--window", "400", "-o", "never.csv"}, ExitBadInput},
	} {
		code, _, stderr := runMain(t, dir, tc.args...)
		if code != tc.want {
			t.Errorf("%v: exit %d, want %d; stderr:\n%s", tc.args, code, tc.want, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "alerts.csv")); err != nil {
		t.Errorf("an alerting run did not write its output: %v", err)
	}
	// More packages to chart than a workbook takes: --charts all is refused, nothing written.
	if code, _, stderr := runMain(t, dir, "sample", "generate", "--packages", "3000", "--records", "3000", "gen"); code != 0 {
		t.Fatal(stderr)
	}
	code, _, stderr := runMain(t, dir, "forecast", "--packages", "gen/packages.csv", "--usage", "gen/usage.csv",
		"--as-of", "2025-06-30", "--charts", "all", "-o", "never.xlsx")
	if code != ExitBadInput || !strings.Contains(stderr, "--charts all would chart 717 packages; a workbook holds at most 500 charts") {
		t.Errorf("--charts all past 500: exit %d:\n%s", code, stderr)
	}
	for _, name := range []string{"never.csv", "never.xlsx"} {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("a refused run wrote %s", name)
		}
	}
}
