package cli

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/sample"
	"github.com/pkgctl/pkgctl/internal/testkit"
)

// TestSplitAcrossMachines runs deduct and amortize on a generated account whole and in
// parts split by product (products joined by a renewal or upgrade stay together: see
// docs/performance.md, "Splitting an account across machines"), and merges the parts'
// outputs as that section says: the bills, stably sorted by (bill_date, package_id), are
// the whole run's bytes; the ledger's rows are the whole run's rows.
func TestSplitAcrossMachines(t *testing.T) {
	dir := t.TempDir()
	var pb, ub bytes.Buffer
	if err := sample.Generate(sample.GenOptions{Packages: 150, Records: 6000, Seed: 11}, &pb, &ub); err != nil {
		t.Fatal(err)
	}
	pkgs, recs := readCSV(t, pb.Bytes()), readCSV(t, ub.Bytes())
	part := splitByProduct(t, pkgs, 3)
	write := func(name string, rows [][]string, keep func([]string) bool) string {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		for i, r := range rows {
			if i == 0 || keep(r) {
				w.Write(r)
			}
		}
		w.Flush()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	all := func([]string) bool { return true }
	pcol, ucol := column(t, pkgs[0], "product"), column(t, recs[0], "product")
	run := func(cmd, p, u string) string {
		code, out, stderr := runMain(t, dir, cmd, "--packages", p, "--usage", u, "-f", "csv", "--as-of", "2025-03-01", "--quiet")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", cmd, code, stderr)
		}
		return out
	}
	whole := map[string]string{}
	for _, cmd := range []string{"deduct", "amortize"} {
		whole[cmd] = run(cmd, write("p.csv", pkgs, all), write("u.csv", recs, all))
	}
	parts := map[string][]string{}
	for k := range 3 {
		inPart := func(col int) func([]string) bool {
			return func(r []string) bool { return part[strings.ToLower(r[col])] == k }
		}
		p := write("p"+string(rune('0'+k))+".csv", pkgs, inPart(pcol))
		u := write("u"+string(rune('0'+k))+".csv", recs, inPart(ucol))
		for _, cmd := range []string{"deduct", "amortize"} {
			parts[cmd] = append(parts[cmd], run(cmd, p, u))
		}
	}
	// The bills: every package's rows are in one part, in order; a stable sort of the
	// concatenation by (bill_date, package_id) is the whole run's order.
	header, rows := merge(t, parts["amortize"])
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i].cells, rows[j].cells
		return a[0] < b[0] || a[0] == b[0] && a[2] < b[2]
	})
	var merged strings.Builder
	merged.WriteString(header)
	for _, r := range rows {
		merged.WriteString(r.line)
	}
	if merged.String() != whole["amortize"] {
		t.Errorf("merged bills differ from the whole run's:\n%s", testkit.Diff(merged.String(), whole["amortize"]))
	}
	if n := strings.Count(whole["amortize"], "\n"); n < 1000 {
		t.Fatalf("only %d bill lines: the input should give many", n)
	}
	// The ledger: the same rows (a record's entries stay together, in order).
	_, lrows := merge(t, parts["deduct"])
	var got []string
	for _, r := range lrows {
		got = append(got, r.line)
	}
	want := strings.SplitAfter(whole["deduct"], "\n")
	want = want[1 : len(want)-1] // header, and the empty string after the last new line
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("the parts' ledgers hold %d rows, the whole run's %d, or other rows", len(got), len(want))
	}
}

// splitByProduct deals the packages' products to n parts, largest first to the smallest
// part, keeping products joined by a renewal or upgrade (original_package_id) together.
func splitByProduct(t *testing.T, pkgs [][]string, n int) map[string]int {
	id, prod, orig := column(t, pkgs[0], "package_id"), column(t, pkgs[0], "product"), column(t, pkgs[0], "original_package_id")
	parent := map[string]string{}
	var find func(string) string
	find = func(p string) string {
		if q, ok := parent[p]; ok && q != p {
			r := find(q)
			parent[p] = r
			return r
		}
		parent[p] = p
		return p
	}
	productOf, size := map[string]string{}, map[string]int{}
	for _, r := range pkgs[1:] {
		productOf[r[id]] = strings.ToLower(r[prod])
	}
	for _, r := range pkgs[1:] {
		a := find(productOf[r[id]])
		if o := r[orig]; o != "" && productOf[o] != "" {
			parent[a] = find(productOf[o])
		}
	}
	for _, p := range productOf {
		size[find(p)]++
	}
	var roots []string
	for r := range size {
		roots = append(roots, r)
	}
	sort.Slice(roots, func(i, j int) bool {
		return size[roots[i]] > size[roots[j]] || size[roots[i]] == size[roots[j]] && roots[i] < roots[j]
	})
	load, partOf := make([]int, n), map[string]int{}
	for _, r := range roots {
		k := slices.Index(load, slices.Min(load))
		partOf[r] = k
		load[k] += size[r]
	}
	out := map[string]int{}
	for _, p := range productOf {
		out[p] = partOf[find(p)]
	}
	if len(roots) < n {
		t.Fatalf("only %d groups of products for %d parts", len(roots), n)
	}
	return out
}

type csvLine struct {
	line  string
	cells []string
}

// merge concatenates the parts' CSV rows (one line each), without their headers.
func merge(t *testing.T, outs []string) (header string, rows []csvLine) {
	for _, out := range outs {
		lines := strings.SplitAfter(out, "\n")
		header = lines[0]
		for _, l := range lines[1:] {
			if l == "" {
				continue
			}
			cells, err := csv.NewReader(strings.NewReader(l)).Read()
			if err != nil {
				t.Fatalf("%q: %v", l, err)
			}
			rows = append(rows, csvLine{l, cells})
		}
	}
	return header, rows
}

func readCSV(t *testing.T, b []byte) [][]string {
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func column(t *testing.T, header []string, name string) int {
	i := slices.Index(header, name)
	if i < 0 {
		t.Fatalf("no %s column in %v", name, header)
	}
	return i
}
