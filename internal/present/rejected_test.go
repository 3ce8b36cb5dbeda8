package present

import (
	"slices"
	"testing"

	"github.com/pkgctl/pkgctl/internal/load"
)

// Every input with rejected rows gets a file of its own, whatever the inputs are called;
// the input's kind is in the name only where file names alone would be the same.
func TestRejectedPathsUnique(t *testing.T) {
	rep := func(file, kind string, rejected int) *load.Report {
		r := &load.Report{File: file, Kind: kind}
		for range rejected {
			r.Rejected.Add(load.Rejected{})
		}
		return r
	}
	tests := []struct {
		name string
		reps []*load.Report
		want []string
	}{
		{"one", []*load.Report{rep("p.csv", load.KindPackages, 0), rep("u.csv", load.KindUsage, 2)},
			[]string{"", "o.csv.rejected.csv"}},
		{"different names", []*load.Report{rep("p.csv", load.KindPackages, 1), rep("u.csv", load.KindUsage, 1), rep("b.xlsx", load.KindBills, 1)},
			[]string{"o.csv.rejected.csv", "o.csv.u.rejected.csv", "o.csv.b.rejected.csv"}},
		{"same names", []*load.Report{rep("jan/export.csv", load.KindPackages, 1), rep("u/export.csv", load.KindUsage, 1), rep("b/export.csv", load.KindBills, 1)},
			[]string{"o.csv.rejected.csv", "o.csv.export.usage.rejected.csv", "o.csv.export.bills.rejected.csv"}},
		{"same names in another case and extension", []*load.Report{rep("p.csv", load.KindPackages, 1), rep("u/Export.csv", load.KindUsage, 1), rep("b/export.xlsx", load.KindBills, 1)},
			[]string{"o.csv.rejected.csv", "o.csv.Export.usage.rejected.csv", "o.csv.export.bills.rejected.csv"}},
		{"the first's name is free", []*load.Report{rep("a/export.csv", load.KindPackages, 1), rep("u/export.csv", load.KindUsage, 1), rep("b/export.csv", load.KindBills, 0)},
			[]string{"o.csv.rejected.csv", "o.csv.export.rejected.csv", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := RejectedPaths("o.csv", tt.reps)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
