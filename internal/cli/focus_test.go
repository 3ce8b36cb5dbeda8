package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/focuscheck"
	"github.com/pkgctl/pkgctl/internal/testkit"
)

// focusRun is one input the FOCUS conformance test runs on.
type focusRun struct {
	name  string
	args  []string // input flags
	asOf  string
	setup func(t *testing.T, dir string)
}

var focusRuns = []focusRun{
	{name: "sample", args: []string{"--sample"}, asOf: "2026-01-01"},
	{name: "generated", args: []string{"--packages", "gen/packages.csv", "--usage", "gen/usage.csv",
		"--billing-account-id", "0a1b2c3d4e"}, asOf: "2030-01-01",
		setup: func(t *testing.T, dir string) {
			if code, _, stderr := runMain(t, dir, "sample", "generate", "--packages", "120", "--records", "8000", "--seed", "7", "gen"); code != 0 {
				t.Fatal(stderr)
			}
		}},
}

// focusFiles runs amortize -f focus to CSV and to Parquet and reads both.
func focusFiles(t *testing.T, r focusRun) (csvText []byte, csvSet, pqSet *focuscheck.Dataset) {
	t.Helper()
	dir := t.TempDir()
	if r.setup != nil {
		r.setup(t, dir)
	}
	args := append([]string{"amortize", "--as-of", r.asOf, "-f", "focus"}, r.args...)
	code, out, stderr := runMain(t, dir, append(args, "-o", "costs.csv")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr = runMain(t, dir, append(args, "-o", "costs.parquet")...); code != 0 {
		t.Fatalf("parquet: exit %d: %s", code, stderr)
	}
	_ = out
	csvText, err := os.ReadFile(filepath.Join(dir, "costs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if csvSet, err = focuscheck.FromCSV(csvText); err != nil {
		t.Fatal(err)
	}
	pt, err := testkit.ReadParquet(filepath.Join(dir, "costs.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if err := pt.SameAsCSV(csvText); err != nil {
		t.Fatalf("parquet differs from csv: %v", err)
	}
	return csvText, csvSet, parquetDataset(pt)
}

// parquetDataset is the Parquet file's values in FOCUS text forms, with its types.
func parquetDataset(pt *testkit.ParquetTable) *focuscheck.Dataset {
	d := &focuscheck.Dataset{}
	for _, c := range pt.Columns {
		d.Columns = append(d.Columns, c.Name)
		d.Types = append(d.Types, c.Type)
	}
	for _, r := range pt.Rows {
		row := make([]focuscheck.Value, len(r))
		for j, v := range r {
			switch x := v.(type) {
			case nil:
				row[j] = focuscheck.Value{Null: true}
			case decimal.Decimal:
				row[j] = focuscheck.Value{S: x.String()}
			case time.Time:
				row[j] = focuscheck.Value{S: x.UTC().Format(focuscheck.DateTimeLayout)}
			default:
				row[j] = focuscheck.Value{S: fmt.Sprint(x)}
			}
		}
		d.Rows = append(d.Rows, row)
	}
	return d
}

// notApplicable are the requirements pkgctl's files give nothing to apply to: no row
// is neither Usage nor Purchase.
var notApplicable = []string{"COST-OTHER-EFFECTIVE"}

// TestFocusConformance checks pkgctl's FOCUS files, CSV and Parquet, on the sample and
// on generated inputs, against every requirement of the conformance table: each is met,
// or not applicable where docs/focus.md says so.
func TestFocusConformance(t *testing.T) {
	for _, r := range focusRuns {
		t.Run(r.name, func(t *testing.T) {
			_, csvSet, pqSet := focusFiles(t, r)
			asOf, _ := time.Parse(time.DateOnly, r.asOf)
			for _, set := range []struct {
				kind string
				d    *focuscheck.Dataset
			}{{"csv", csvSet}, {"parquet", pqSet}} {
				for _, res := range focuscheck.Check(set.d, focuscheck.Options{EndedBy: asOf}) {
					want := "met"
					if slices.Contains(notApplicable, res.ID) {
						want = "not applicable"
					}
					if res.Status() != want {
						t.Errorf("%s %s: %s, want %s (applied %d): %s", set.kind, res.ID, res.Status(), want, res.Applied, strings.Join(res.Examples, "; "))
					}
				}
			}
		})
	}
}

// TestFocusCommitmentRows: the sample's upgrade moves PKG-OBS-100G's remainder (440)
// to PKG-OBS-500G as a Purchase row on each, so that each commitment's Usage rows sum
// to its Purchase rows; and every package is one commitment with a purchase.
func TestFocusCommitmentRows(t *testing.T) {
	_, d, _ := focusFiles(t, focusRuns[0])
	billed := map[string]decimal.Decimal{}
	var moved []string
	for _, r := range d.Rows {
		get := func(c string) string { return r[d.Col(c)].S }
		if get("ChargeCategory") != "Purchase" {
			continue
		}
		b := decimal.RequireFromString(get("BilledCost"))
		billed[get("CommitmentDiscountId")] = billed[get("CommitmentDiscountId")].Add(b)
		if strings.Contains(get("ChargeDescription"), "remainder") {
			moved = append(moved, get("CommitmentDiscountId")+" "+get("BilledCost")+" "+get("ChargePeriodStart"))
		}
	}
	if len(billed) != 9 {
		t.Errorf("%d commitments, want the sample's 9 packages", len(billed))
	}
	want := []string{"PKG-OBS-100G -440.00 2024-01-31T16:00:00Z", "PKG-OBS-500G 440.00 2024-01-31T16:00:00Z"}
	slices.Sort(moved)
	if !slices.Equal(moved, want) {
		t.Errorf("moved remainders %q, want %q", moved, want)
	}
	if !billed["PKG-OBS-100G"].Equal(decimal.RequireFromString("40")) || !billed["PKG-OBS-500G"].Equal(decimal.RequireFromString("990")) {
		t.Errorf("purchases net %s and %s, want 40 and 990", billed["PKG-OBS-100G"], billed["PKG-OBS-500G"])
	}
}
