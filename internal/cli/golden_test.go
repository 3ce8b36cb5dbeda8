package cli

import (
	"encoding/csv"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestSampleGolden pins the sample's bills, ledger, overview and why summary as golden
// files (refresh with go test ./internal/cli -run TestSampleGolden -update and review the
// diff), each paired with an invariant checked on the same output.
func TestSampleGolden(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name      string
		args      []string
		invariant func(t *testing.T, out string)
	}{
		{"bills.csv", []string{"amortize", "--sample", "--as-of", "2026-01-01", "-f", "csv"}, billsSumToAmortizable},
		{"ledger.csv", []string{"deduct", "--sample", "--as-of", "2026-01-01", "-f", "csv"}, ledgerConserves},
		{"overview.md", []string{"overview", "--sample", "--as-of", "2024-06-15", "-f", "markdown"}, func(t *testing.T, out string) {
			if n := strings.Count(out, "| PKG-"); n != 9 {
				t.Errorf("overview lists %d packages, want the sample's 9", n)
			}
		}},
		{"why.txt", []string{"why", "--sample", "--as-of", "2026-01-01"}, func(t *testing.T, out string) {
			if !strings.Contains(out, "| total                |       7 |") {
				t.Errorf("why summary does not count the sample's 7 records with pay-per-use")
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := runMain(t, dir, tc.args...)
			if code != 0 {
				t.Fatal(stderr)
			}
			tc.invariant(t, out)
			testkit.Golden(t, filepath.Join("testdata", "golden", tc.name), []byte(out), *update)
		})
	}
}

// billsSumToAmortizable: every sample package's final rows sum to its fee, adjusted by
// the one moved remainder (PKG-OBS-100G's 440 goes to its upgrade).
func billsSumToAmortizable(t *testing.T, out string) {
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]decimal.Decimal{}
	for _, r := range rows[1:] {
		if r[14] == "true" {
			t.Errorf("a provisional row in an as-of after every package ended: %v", r)
		}
		sums[r[2]] = sums[r[2]].Add(decimal.RequireFromString(r[8]))
	}
	want := map[string]string{"PKG-OBS-100G": "40", "PKG-OBS-500G": "990", "PKG-OCR-10K": "520",
		"PKG-SFS-3500": "3500", "PKG-OBS-STD-1T": "30", "PKG-VPC-10G": "28", "PKG-CDN-DAILY": "66",
		"PKG-CCI-MEM": "1200", "PKG-IMG-10K": "90"}
	for id, w := range want {
		if !sums[id].Equal(decimal.RequireFromString(w)) {
			t.Errorf("%s: rows sum to %s, want %s", id, sums[id], w)
		}
	}
}

// ledgerConserves: per record, the entries add up to the record's quantity. The sample's
// only unit conversion is the 1 TB storage package against GB records.
func ledgerConserves(t *testing.T, out string) {
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]decimal.Decimal{}
	for _, r := range rows[1:] {
		q := decimal.RequireFromString(r[6])
		if r[7] == "TB" {
			q = q.Mul(decimal.NewFromInt(1024))
		}
		sums[r[0]] = sums[r[0]].Add(q)
	}
	if len(sums) != 40 {
		t.Errorf("%d records in the ledger, want the sample's 40", len(sums))
	}
	for id, q := range map[string]string{"U-CCI-0720": "1500", "U-IMG-0915": "5000", "U-STD-0610-B": "400", "U-VPC-S1": "1"} {
		if !sums[id].Equal(decimal.RequireFromString(q)) {
			t.Errorf("%s: entries sum to %s, want its quantity %s", id, sums[id], q)
		}
	}
}
