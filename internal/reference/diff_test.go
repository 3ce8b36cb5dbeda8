package reference

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/cli"
	"github.com/pkgctl/pkgctl/internal/load"
)

var (
	flagN     = flag.Int("difftest.n", 300, "number of generated scenarios TestDifferential runs")
	flagSeed  = flag.Uint64("difftest.seed", 1, "first seed of TestDifferential")
	flagOnly  = flag.String("difftest.only", "", "comma-separated seeds to run instead (e.g. from a failure)")
	flagKeep  = flag.String("difftest.keep", "", "folder to write failing scenarios into (default: a new temporary folder)")
	flagShowK = flag.Bool("difftest.show-known", false, "report disagreements of scenarios excused by knownDefects too (they still do not fail)")
)

// TestDifferential runs the real CLI and the reference on generated scenarios and
// compares overview, deduct, why --all, amortize and check field by field. A
// scenario that hits a known engine defect (knownDefects) is not held against the engine
// for the commands that defect touches; every other disagreement fails.
func TestDifferential(t *testing.T) {
	var seeds []uint64
	if *flagOnly != "" {
		for _, s := range strings.Split(*flagOnly, ",") {
			var v uint64
			if _, err := fmt.Sscan(strings.TrimSpace(s), &v); err != nil {
				t.Fatalf("-difftest.only: %v", err)
			}
			seeds = append(seeds, v)
		}
	} else {
		n := *flagN
		if testing.Short() {
			n = min(n, 40)
		}
		for i := 0; i < n; i++ {
			seeds = append(seeds, *flagSeed+uint64(i))
		}
	}
	st := newStats()
	failed := 0
	for _, seed := range seeds {
		res := runScenario(t, seed)
		st.add(res)
		if len(res.failures) > 0 {
			failed++
			if failed <= 5 {
				t.Errorf("%s", res.report())
			}
		} else if *flagShowK && len(res.excused) > 0 {
			t.Logf("%s", res.report())
		}
	}
	if failed > 5 {
		t.Errorf("%d more scenarios disagree (rerun with -difftest.only=SEEDS)", failed-5)
	}
	t.Logf("%s", st)
	if len(seeds) >= 200 {
		for _, f := range mustCover {
			if st.seen[f] == 0 {
				t.Errorf("no scenario exercised %s: the generator has lost it", f)
			}
		}
	}
	// The switch must not hollow the test out: most comparisons are held to the rules.
	for _, cmd := range commands {
		if st.run[cmd] > 20 && st.strict[cmd]*100 < st.run[cmd]*40 {
			t.Errorf("%s: only %d of %d scenarios compared strictly (the rest hit knownDefects)", cmd, st.strict[cmd], st.run[cmd])
		}
	}
}

// FuzzDifferential is the same comparison with the fuzzer choosing seeds:
// go test ./internal/reference -run '^$' -fuzz FuzzDifferential -fuzztime 5m
func FuzzDifferential(f *testing.F) {
	for _, s := range []uint64{1, 2, 3, 42, 1234} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		if res := runScenario(t, seed); len(res.failures) > 0 {
			t.Fatalf("%s", res.report())
		}
	})
}

var commands = []string{"overview", "overview-parts", "deduct", "why", "amortize", "amortize-parts", "amortize-by", "check"}

// result is what one scenario gave.
type result struct {
	sc       Scenario
	dir      string
	failures []string            // "command: disagreement", not excused
	excused  map[string][]string // command → disagreements excused by known defects
	features []string            // what the scenario exercises (coverage)
	known    map[string][]string // command → the known defects the scenario hits
	strict   map[string]bool     // command → compared with no known defect excusing it
}

func (r *result) report() string {
	var b strings.Builder
	fmt.Fprintf(&b, "seed %d: the engine and the reference disagree (as-of %q, timezone %s, precision %d, usage_based_from %q, check plan %+v)\n",
		r.sc.Seed, r.sc.AsOf, r.sc.Timezone, r.sc.Precision, r.sc.UsageBasedFrom, r.sc.Check)
	show := func(lines []string) {
		for i, l := range lines {
			if i == 30 {
				fmt.Fprintf(&b, "  … and %d more\n", len(lines)-30)
				break
			}
			fmt.Fprintf(&b, "  %s\n", l)
		}
	}
	show(r.failures)
	for _, cmd := range commands {
		if len(r.excused[cmd]) > 0 {
			fmt.Fprintf(&b, "excused for %s by known defects %v:\n", cmd, r.known[cmd])
			show(r.excused[cmd])
		}
	}
	dir := r.keep()
	fmt.Fprintf(&b, "files: %s (rerun: go test ./internal/reference -run TestDifferential -difftest.only=%d)\n", dir, r.sc.Seed)
	fmt.Fprintf(&b, "--- packages.csv\n%s--- usage.csv\n%s", r.sc.Packages, r.sc.Usage)
	return b.String()
}

// keep copies the scenario's files to a folder that outlives the test.
func (r *result) keep() string {
	root := *flagKeep
	if root == "" {
		root = os.TempDir()
	}
	dir, err := os.MkdirTemp(root, fmt.Sprintf("difftest-%d-", r.sc.Seed))
	if err != nil {
		return "(not kept: " + err.Error() + ")"
	}
	for _, name := range []string{"packages.csv", "usage.csv", "pkgctl.yaml", "bills.csv"} {
		if b, err := os.ReadFile(filepath.Join(r.dir, name)); err == nil {
			os.WriteFile(filepath.Join(dir, name), b, 0o644)
		}
	}
	os.WriteFile(filepath.Join(dir, "command.txt"), []byte(fmt.Sprintf(
		"pkgctl <overview|deduct|why --all|amortize> --config pkgctl.yaml --packages packages.csv --usage usage.csv --as-of %q -f json\n"+
			"pkgctl check --config pkgctl.yaml --packages packages.csv --usage usage.csv --bills bills.csv --as-of %q %s -f json\n",
		r.sc.AsOf, r.sc.AsOf, tolFlag(r.sc.Check))), 0o644)
	return dir
}

func tolFlag(c CheckPlan) string {
	if c.Tolerance == "" {
		return ""
	}
	return "--tolerance " + c.Tolerance
}

// runScenario generates the scenario of seed, runs both sides and compares them.
func runScenario(t testing.TB, seed uint64) *result {
	sc := Generate(seed)
	res := &result{sc: sc, dir: t.TempDir(), excused: map[string][]string{}, known: map[string][]string{}, strict: map[string]bool{}}
	write := func(name, text string) string {
		p := filepath.Join(res.dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pkgPath, usePath := write("packages.csv", sc.Packages), write("usage.csv", sc.Usage)
	cfgPath := write("pkgctl.yaml", sc.Config)

	loc, err := time.LoadLocation(sc.Timezone)
	if err != nil {
		t.Fatal(err)
	}
	opt := load.Options{Location: loc}
	pkgs, _, err := load.Packages(pkgPath, strings.NewReader(sc.Packages), opt)
	if err != nil {
		res.failures = append(res.failures, "generator: invalid packages: "+err.Error())
		return res
	}
	recs, _, err := load.Usage(usePath, strings.NewReader(sc.Usage), opt)
	if err != nil {
		res.failures = append(res.failures, "generator: invalid usage: "+err.Error())
		return res
	}
	ubf, err := time.ParseInLocation(time.DateTime, sc.UsageBasedFrom, loc)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &Config{Loc: loc, Precision: sc.Precision, UsageBasedFrom: ubf, UsageBasedProducts: DefaultUsageBasedProducts, AsOf: sc.AsOfTime}
	l := Replay(cfg, Input{Packages: pkgs, Records: recs})
	f := formatter{cfg}
	am := l.Amortize()

	base := []string{"--config", cfgPath, "--packages", pkgPath, "--usage", usePath, "--as-of", sc.AsOf, "-f", "json"}
	x := &run{sc: sc, l: l, am: am}
	runCmd := func(cmd string, want listing, nested map[string]func([]any) string, args ...string) {
		name := cmd
		switch cmd {
		case "amortize-by":
			name, args = "amortize", append(args, "--by", "month,product")
		case "amortize-parts", "overview-parts": // every usage file large: replayed in parts (rules.md §2.9)
			name = strings.TrimSuffix(cmd, "-parts")
			t.Setenv("PKGCTL_STREAM_USAGE_FROM", "1")
			defer t.Setenv("PKGCTL_STREAM_USAGE_FROM", "auto")
		}
		out, code, stderr := runCLI(append(append([]string{name}, args...), base...))
		if strings.HasSuffix(cmd, "-parts") && code == 0 && !strings.Contains(stderr, "replayed as it is read") {
			res.fail(cmd, x, []string{"not replayed in parts: " + stderr})
			return
		}
		if code != 0 && !(cmd == "check" && code == 1) {
			res.fail(cmd, x, []string{fmt.Sprintf("exit %d: %s", code, stderr)})
			return
		}
		got, err := parseListing(out, nested)
		if err != nil {
			res.fail(cmd, x, []string{"bad JSON: " + err.Error()})
			return
		}
		var lines []string
		if cmd == "check" {
			wantCode := 0
			if len(want["differences"]) > 0 {
				wantCode = 1
			}
			if code != wantCode {
				lines = append(lines, fmt.Sprintf("exit code: engine %d, reference %d", code, wantCode))
			}
		}
		lines = append(lines, compareListings(got, want, map[string]bool{"differences": true, "groups": true})...)
		res.fail(cmd, x, lines)
	}
	runCmd("overview", f.overview(l), nil)
	runCmd("overview-parts", f.overview(l), nil)
	runCmd("deduct", f.deduct(l), nil)
	runCmd("why", f.why(l), whyNested, "--all")
	runCmd("amortize", f.amortize(am), nil)
	runCmd("amortize-parts", f.amortize(am), nil)
	runCmd("amortize-by", f.groups(am.GroupBy("month", "product")), nil)

	export := exportBills(f, am, sc)
	bills := write("bills.csv", export)
	rows, _, err := load.Bills(bills, strings.NewReader(export), opt)
	if err != nil {
		t.Fatalf("seed %d: the export the test wrote does not load: %v", seed, err)
	}
	tol := decimal.RequireFromString("0.01")
	args := []string{"--bills", bills}
	if sc.Check.Tolerance != "" {
		tol = decimal.RequireFromString(sc.Check.Tolerance)
		args = append(args, "--tolerance", sc.Check.Tolerance)
	}
	hp, hq := len(rows) > 0 && rows[0].HasProject, len(rows) > 0 && rows[0].HasQuantity
	x.export, x.tol = rows, tol
	chk := l.Check(am, rows, tol, hp, hq)
	runCmd("check", f.check(chk), nil, args...)
	res.features = features(x, chk)
	return res
}

// fail files a command's disagreements: excused when the scenario hits a known defect
// that touches the command, failures otherwise.
func (r *result) fail(cmd string, x *run, lines []string) {
	hits := knownHits(cmd, x)
	r.known[cmd] = hits
	r.strict[cmd] = len(hits) == 0
	if len(lines) == 0 {
		return
	}
	if len(hits) > 0 {
		r.excused[cmd] = append(r.excused[cmd], lines...)
		return
	}
	for _, line := range lines {
		r.failures = append(r.failures, cmd+": "+line)
	}
}

func runCLI(args []string) (stdout []byte, code int, stderr string) {
	var out, errb bytes.Buffer
	code = cli.Main(args, strings.NewReader(""), &out, &errb)
	return out.Bytes(), code, errb.String()
}

// exportBills writes the reference's bills (final and provisional) as an exported bill
// CSV, perturbed as the scenario's check plan says.
func exportBills(f formatter, a Amortization, sc Scenario) string {
	c := sc.Check
	hasProject, hasQuantity := !c.DropProject, !c.DropQuantity
	header := []string{"bill_date", "package_id", "bill_type", "amount", "currency"}
	if hasQuantity {
		header = append(header, "quantity", "unit")
	}
	if hasProject {
		header = append(header, "enterprise_project")
	}
	var lines [][]string
	for _, b := range a.Bills {
		line := []string{b.Date.Format(time.DateOnly), b.Pkg.ID, b.Type.String(), f.money(b.Amount), b.Pkg.Currency}
		if hasQuantity {
			line = append(line, f.nullQty(b.Quantity), unitIf(b))
		}
		if hasProject {
			line = append(line, b.Project)
		}
		lines = append(lines, line)
	}
	n := len(lines)
	switch {
	case c.Perturb == "amount" && n > 0:
		i := c.Pick % n
		d := decimal.RequireFromString(lines[i][3]).Add(decimal.RequireFromString(c.Delta))
		lines[i][3] = d.StringFixed(sc.Precision)
	case c.Perturb == "quantity" && hasQuantity:
		for k := range lines {
			line := lines[(c.Pick+k)%n]
			if line[5] != "" {
				line[5] = decimal.RequireFromString(line[5]).Add(decimal.NewFromInt(1)).String()
				break
			}
		}
	case c.Perturb == "drop" && n > 0:
		i := c.Pick % n
		lines = append(lines[:i], lines[i+1:]...)
	case c.Perturb == "add" && n > 0:
		extra := slicesClone(lines[c.Pick%n])
		extra[0] = sc.AsOfTime.AddDate(0, 0, 3).Format(time.DateOnly)
		extra[2], extra[3] = "Expenditure-purchase", decimal.NewFromInt(1).StringFixed(sc.Precision)
		lines = append(lines, extra)
	case c.Perturb == "unknown" || (c.Perturb == "add" && n == 0):
		extra := make([]string, len(header))
		extra[0], extra[1], extra[2], extra[3], extra[4] = sc.AsOfTime.Format(time.DateOnly), "NO-SUCH-PKG", "Expenditure-purchase", "2", "USD"
		lines = append(lines, extra)
	case c.Perturb == "noise":
		for i, line := range lines {
			d := decimal.RequireFromString(line[3])
			if i%2 == 0 {
				line[3] = d.Add(decimal.New(1, -16)).String() // 0.99 → 0.9900000000000001
			} else {
				line[3] = d.Sub(decimal.New(1, -14)).String() // 40 → 39.99999999999999
			}
		}
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(header)
	w.WriteAll(lines)
	return buf.String()
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

// stats counts, per command, the scenarios run, compared strictly, and excused.
type stats struct {
	run, strict, excused map[string]int
	byDefect             map[string]int
	seen                 map[string]int // feature → scenarios
}

func newStats() *stats {
	return &stats{run: map[string]int{}, strict: map[string]int{}, excused: map[string]int{}, byDefect: map[string]int{}, seen: map[string]int{}}
}

func (s *stats) add(r *result) {
	for _, f := range r.features {
		s.seen[f]++
	}
	for _, cmd := range commands {
		s.run[cmd]++
		if r.strict[cmd] {
			s.strict[cmd]++
		}
		if len(r.excused[cmd]) > 0 {
			s.excused[cmd]++
			for _, k := range r.known[cmd] {
				s.byDefect[k]++
			}
		}
	}
}

func (s *stats) String() string {
	var b strings.Builder
	for _, cmd := range commands {
		fmt.Fprintf(&b, "%s: %d scenarios, %d compared strictly, %d with disagreements excused by knownDefects\n",
			cmd, s.run[cmd], s.strict[cmd], s.excused[cmd])
	}
	var ks []string
	for k, n := range s.byDefect {
		ks = append(ks, fmt.Sprintf("%s=%d", k, n))
	}
	sort.Strings(ks)
	fmt.Fprintf(&b, "excused disagreements by known defect (command × scenario): %s\n", strings.Join(ks, " "))
	b.WriteString(coverageReport(s.seen))
	return b.String()
}
