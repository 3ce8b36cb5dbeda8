package cli

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/sample"
	"github.com/pkgctl/pkgctl/internal/stream"
)

// deduct, amortize, overview and kpi replay a large usage file as it is read (here every
// file is large: the threshold is one byte, and a few hundred records are held at a
// time): the ledger's, the bills', the overview's and the KPIs' bytes are the in-memory
// run's. A file out of deduct order, or with a repeated record_id, is replayed in memory
// instead, with a note; a bad row is exit 2 with nothing written.
func TestStreamed(t *testing.T) {
	defer func(n int) { stream.Hold = n }(stream.Hold)
	stream.Hold = 300
	dir := t.TempDir()
	var pb, ub bytes.Buffer
	if err := sample.Generate(sample.GenOptions{Packages: 200, Records: 20000, Seed: 5}, &pb, &ub); err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) string {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		return name
	}
	// One package with a warning (an original on a new order): printed once, even when
	// the packages are read again for a replay in memory.
	pkgLines := strings.SplitAfter(pb.String(), "\n")
	for i, line := range pkgLines[1:] {
		if strings.Contains(line, ",new,,") {
			pkgLines[i+1] = strings.Replace(line, ",new,,", ",new,PKG-ELSEWHERE,", 1)
			break
		}
	}
	p, u := write("p.csv", []byte(strings.Join(pkgLines, ""))), write("u.csv", ub.Bytes())
	deduct := func(usage, out string, stream bool) (int, string) {
		t.Helper()
		from := "1TiB"
		if stream {
			from = "1"
		}
		t.Setenv("PKGCTL_STREAM_USAGE_FROM", from)
		code, _, stderr := runMain(t, dir, "deduct", "--packages", p, "--usage", usage, "--as-of", "2025-03-01", "-o", out)
		return code, stderr
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	if code, stderr := deduct(u, "mem.csv", false); code != 0 || strings.Contains(stderr, "as it is read") {
		t.Fatalf("in memory: exit %d: %s", code, stderr)
	}
	code, stderr := deduct(u, "parts.csv", true)
	if code != 0 || !strings.Contains(stderr, "u.csv is replayed as it is read") {
		t.Fatalf("in parts: exit %d: %s", code, stderr)
	}
	want := read("mem.csv")
	if strings.Count(want, "\n") < 10000 {
		t.Fatalf("the ledger has %d lines", strings.Count(want, "\n"))
	}
	if read("parts.csv") != want {
		t.Fatal("the ledger replayed in parts differs from the one replayed in memory")
	}

	lines := strings.SplitAfter(ub.String(), "\n")
	// The first record last: out of deduct order.
	moved := slices.Concat(lines[:1], lines[2:len(lines)-1], lines[1:2], lines[len(lines)-1:])
	code, stderr = deduct(write("late.csv", []byte(strings.Join(moved, ""))), "late-out.csv", true)
	if code != 0 || !strings.Contains(stderr, "not ordered by deduct_time; replaying it in memory") ||
		strings.Count(stderr, "PKG-ELSEWHERE") != 1 {
		t.Fatalf("out of order (the package's warning once): exit %d: %s", code, stderr)
	}
	if read("late-out.csv") != want {
		t.Fatal("the ledger of the file out of order differs")
	}
	// Too large for memory here (in_memory_usage_to): refused, exit 2, nothing written.
	t.Setenv("PKGCTL_IN_MEMORY_USAGE_TO", "64KiB")
	code, stderr = deduct("late.csv", "late-big.csv", true)
	if code != 2 || !strings.Contains(stderr, "not ordered by deduct_time; at ") ||
		!strings.Contains(stderr, " MiB it is too large to replay in memory on this machine (in_memory_usage_to: 64.0 KiB)") ||
		!strings.Contains(stderr, "sort the usage by deduct_time") {
		t.Fatalf("out of order and too large: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "late-big.csv")); !os.IsNotExist(err) {
		t.Error("late-big.csv was written")
	}
	// The same bound, a file in deduct order: replayed as it is read all the same; but
	// why replays in memory: refused.
	if code, stderr = deduct(u, "parts-small.csv", true); code != 0 || read("parts-small.csv") != want {
		t.Fatalf("in order, in parts, with in_memory_usage_to below its size: exit %d: %s", code, stderr)
	}
	code, _, stderr = runMain(t, dir, "why", "--packages", p, "--usage", u, "--as-of", "2025-03-01", "--all", "-o", "why.json")
	if code != 2 || !strings.Contains(stderr, "u.csv: at ") ||
		!strings.Contains(stderr, "too large to replay in memory on this machine (in_memory_usage_to: 64.0 KiB), and this command, with these options, replays it in memory") {
		t.Fatalf("why on a file too large for memory: exit %d: %s", code, stderr)
	}
	t.Setenv("PKGCTL_IN_MEMORY_USAGE_TO", "auto")

	dup := slices.Concat(lines[:len(lines)-1], lines[1:2])
	code, stderr = deduct(write("dup.csv", []byte(strings.Join(dup, ""))), "dup-out.csv", true)
	if code != 2 || !strings.Contains(stderr, "replaying it in memory") || !strings.Contains(stderr, "duplicate record_id") {
		t.Fatalf("a repeated id: exit %d: %s", code, stderr)
	}
	// A repeat in deduct order (the last record again) is found once the file is read;
	// the note names the file once, as the line's location.
	last := len(lines) - 1
	if lines[last] == "" {
		last--
	}
	code, stderr = deduct(write("dup-last.csv", []byte(strings.Join(lines, "")+lines[last])), "dup-last-out.csv", true)
	if code != 2 || !strings.Contains(stderr, "pkgctl: note: dup-last.csv:") || strings.Contains(stderr, "dup-last.csv: dup-last.csv") ||
		!strings.Contains(stderr, "a record_id seen before") || !strings.Contains(stderr, "duplicate record_id") {
		t.Fatalf("a repeated id in order: exit %d: %s", code, stderr)
	}

	// Temporary files that cannot be made (a TMPDIR gone) only keep the file from being
	// read as it goes: it is replayed in memory, with a note.
	tmp := os.TempDir()
	t.Setenv("TMPDIR", filepath.Join(dir, "gone"))
	code, stderr = deduct(u, "no-tmp.csv", true)
	t.Setenv("TMPDIR", tmp)
	if code != 0 || read("no-tmp.csv") != want || !strings.Contains(stderr, "the record_ids cannot be checked in temporary files") ||
		!strings.Contains(stderr, "replaying it in memory") {
		t.Fatalf("no temporary folder: exit %d: %s", code, stderr)
	}

	bad := slices.Clone(lines)
	bad[len(bad)/2] = strings.Replace(bad[len(bad)/2], ",GB,", ",GB,x", 1)
	bad[len(bad)/2] = "x" + strings.Join(strings.Split(bad[len(bad)/2], ",")[:3], ",") + "\n"
	code, stderr = deduct(write("bad.csv", []byte(strings.Join(bad, ""))), "bad-out.csv", true)
	if code != 2 || !strings.Contains(stderr, "bad.csv:") {
		t.Fatalf("a bad row: exit %d: %s", code, stderr)
	}
	for _, name := range []string{"dup-out.csv", "bad-out.csv"} {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("%s was written", name)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}

	// validate reads a large usage file as it goes, holding no record: the same report,
	// and for a file with problems (a bad row, a repeated id) the same errors, read again
	// in memory to say exactly what; too large for that, the problems read as it went.
	for _, usage := range []string{u, "bad.csv", "dup.csv"} {
		var outs [2]string
		for k, from := range []string{"1TiB", "1"} {
			t.Setenv("PKGCTL_STREAM_USAGE_FROM", from)
			code, out, stderr := runMain(t, dir, "validate", "--packages", p, "--usage", usage, "-f", "json")
			outs[k] = fmt.Sprintf("exit %d\n%s\n%s", code, out, stderr)
		}
		if outs[0] != outs[1] || !strings.Contains(outs[0], "u.csv") && usage == u {
			t.Errorf("validate %s as it is read:\n%s\nin memory:\n%s", usage, outs[1], outs[0])
		}
	}
	t.Setenv("PKGCTL_IN_MEMORY_USAGE_TO", "64KiB")
	for usage, want := range map[string]string{"bad.csv": "bad.csv:", "dup.csv": "a record_id seen before, or two ids with one hash"} {
		code, _, stderr := runMain(t, dir, "validate", "--packages", p, "--usage", usage)
		if code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("validate %s too large to read again in memory: exit %d: %s", usage, code, stderr)
		}
	}
	// deduct says what to look for: the id, not the order of the file.
	t.Setenv("PKGCTL_STREAM_USAGE_FROM", "1")
	code, _, stderr = runMain(t, dir, "deduct", "--packages", p, "--usage", "dup-last.csv", "-o", "dup-out.csv")
	if code != 2 || !strings.Contains(stderr, "a record_id seen before, or two ids with one hash") ||
		!strings.Contains(stderr, "pkgctl: hint: find the repeated record_id near that line, or raise in_memory_usage_to") {
		t.Errorf("deduct dup-last.csv too large to read again in memory: exit %d: %s", code, stderr)
	}
	t.Setenv("PKGCTL_IN_MEMORY_USAGE_TO", "auto")

	// amortize gathers the deductions as the parts are replayed: the same bills, in
	// every format, with its flags, and to stdout. overview needs only the packages'
	// states the replay ends with, kpi those and each part's records: the same rows.
	for _, args := range [][]string{{"amortize", "-o", "b.csv"}, {"amortize", "-o", "b.json"},
		{"amortize", "--by", "month,enterprise_project", "-o", "b.csv"}, {"amortize", "--month", "2024-06", "-f", "csv"},
		{"overview", "-o", "o.csv"}, {"overview", "--type", "storage", "-f", "json"},
		{"kpi", "-o", "k.csv"}, {"kpi", "--by", "package,region", "-f", "json"}} {
		run := func(usage string, stream bool) (string, string) {
			from := "1TiB"
			if stream {
				from = "1"
			}
			t.Setenv("PKGCTL_STREAM_USAGE_FROM", from)
			code, out, stderr := runMain(t, dir, append([]string{args[0], "--packages", p, "--usage", usage, "--as-of", "2025-03-01"}, args[1:]...)...)
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, stderr)
			}
			if args[len(args)-2] == "-o" {
				out = read(args[len(args)-1])
			}
			return out, stderr
		}
		want, _ := run(u, false)
		got, stderr := run(u, true)
		if !strings.Contains(stderr, "replayed as it is read") || got != want || len(want) < 1000 {
			t.Errorf("%v in parts: %d bytes, want %d (%s)", args, len(got), len(want), stderr)
		}
		got, stderr = run("late.csv", true)
		if !strings.Contains(stderr, "replaying it in memory") || got != want {
			t.Errorf("%v out of order: %d bytes, want %d (%s)", args, len(got), len(want), stderr)
		}
	}
}

// A usage file read as it goes with bad rows and a repeated record_id lists the very
// problems of a read in memory, the repeated id among them (the file is read again in
// memory); too large for that, the bad rows as they were found.
func TestStreamedRepeatAmongBadRows(t *testing.T) {
	dir := t.TempDir()
	var u strings.Builder
	u.WriteString("record_id,product,billing_item,start_time,end_time,quantity,unit\n")
	for i := range 40000 {
		id, qty := fmt.Sprintf("R%d", i), "1"
		if i%7000 == 3 {
			qty = "-1"
		}
		if i == 35000 {
			id = "R100"
		}
		fmt.Fprintf(&u, "%s,OBS,t,2024-01-02,2024-01-02 10:00,%s,GB\n", id, qty)
	}
	for name, body := range map[string]string{"u.csv": u.String(),
		"p.csv": "package_id,product,effective_time,expiration_time,capacity,unit,fee,currency\nP1,OBS,2024-01-01,2024-12-31,100,GB,120,CNY\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	problems := func(stderr string) string { // stderr but its notes
		var keep []string
		for _, l := range strings.SplitAfter(stderr, "\n") {
			if !strings.HasPrefix(l, "pkgctl: note: ") {
				keep = append(keep, l)
			}
		}
		return strings.Join(keep, "")
	}
	for _, args := range [][]string{{"deduct", "-o", "out.csv"}, {"overview", "-f", "csv"}, {"validate"}} {
		args = append(args, "--packages", "p.csv", "--usage", "u.csv")
		var got [2]string
		for k, from := range []string{"1TiB", "1KB"} {
			t.Setenv("PKGCTL_STREAM_USAGE_FROM", from)
			code, _, stderr := runMain(t, dir, args...)
			if code != 2 {
				t.Fatalf("%v (stream_usage_from %s): exit %d: %s", args, from, code, stderr)
			}
			got[k] = problems(stderr)
		}
		if got[0] != got[1] {
			t.Errorf("%v as it is read:\n%s\nin memory:\n%s", args, got[1], got[0])
		}
		if !strings.Contains(got[1], `u.csv:35002: column "record_id": duplicate record_id "R100" (first at line 102)`) ||
			!strings.Contains(got[1], "pkgctl: error: 7 problems in the input") {
			t.Errorf("%v as it is read:\n%s", args, got[1])
		}
	}
	t.Setenv("PKGCTL_IN_MEMORY_USAGE_TO", "64KiB")
	for _, args := range [][]string{{"deduct", "-o", "out.csv"}, {"validate"}} {
		code, _, stderr := runMain(t, dir, append(args, "--packages", "p.csv", "--usage", "u.csv")...)
		if code != 2 || !strings.Contains(stderr, `u.csv:35005: column "quantity": negative value "-1"`) ||
			!strings.Contains(stderr, "pkgctl: error: 6 problems in the input") {
			t.Errorf("%v too large to read again in memory: exit %d: %s", args, code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out.csv")); !os.IsNotExist(err) {
		t.Error("out.csv was written")
	}
}

// On a generated account of a million records, deduct, amortize, overview and kpi
// replayed in parts write the very bytes of the replay in memory, and check replayed in
// parts finds those bills clean (not with -short: 150 MB of usage).
func TestStreamedMillion(t *testing.T) {
	if testing.Short() || raceOn {
		t.Skip("a million records (the race detector runs TestStreamed)")
	}
	dir := t.TempDir()
	if code, _, stderr := runMain(t, dir, "sample", "generate", "--packages", "10000", "--records", "1000000", "--quiet", "."); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	for _, cmd := range []string{"deduct", "amortize", "overview", "kpi"} {
		var outs [2][]byte
		for i, from := range []string{"1TiB", "1"} {
			t.Setenv("PKGCTL_STREAM_USAGE_FROM", from)
			out := filepath.Join(dir, cmd+from+".csv")
			code, _, stderr := runMain(t, dir, cmd, "--packages", "packages.csv", "--usage", "usage.csv",
				"--as-of", "2025-01-01", "-o", out)
			if code != 0 || strings.Contains(stderr, "as it is read") != (from == "1") {
				t.Fatalf("%s (stream_usage_from %s): exit %d: %s", cmd, from, code, stderr)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			outs[i] = b
			if cmd != "amortize" || from != "1TiB" { // the bills are checked below
				os.Remove(out)
			}
		}
		least := map[string]int{"overview": 1 << 20, "kpi": 4 << 10}[cmd] // 10,000 packages; a month and product a row
		if least == 0 {
			least = 50 << 20 // a ledger or bills of a million records
		}
		if len(outs[0]) < least || !bytes.Equal(outs[0], outs[1]) {
			t.Errorf("%s: %d bytes in memory, %d in parts; want the same bytes", cmd, len(outs[0]), len(outs[1]))
		}
	}
	// check, in parts too, finds the bills clean.
	code, stdout, stderr := runMain(t, dir, "check", "--packages", "packages.csv", "--usage", "usage.csv",
		"--as-of", "2025-01-01", "--bills", "amortize1TiB.csv")
	if code != 0 || !strings.Contains(stderr, "as it is read") || !strings.Contains(stdout, ", 0 differences") {
		t.Errorf("check in parts: exit %d: %s%s", code, stdout, stderr)
	}
}

// check replays a large usage file as it is read too: the bills as amortize gathers
// them, the packages' overview from what the replay keeps (their periods and level
// windows). On an export off in some rows and a packages file whose status, used and
// remaining are off for some packages (storage and reserved instances among them), the
// differences, the JUnit report and the verdict are those of the replay in memory.
func TestStreamedCheck(t *testing.T) {
	defer func(n int) { stream.Hold = n }(stream.Hold)
	stream.Hold = 300
	dir := t.TempDir()
	var pb, ub bytes.Buffer
	if err := sample.Generate(sample.GenOptions{Packages: 200, Records: 20000, Seed: 9}, &pb, &ub); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"p.csv": pb.Bytes(), "u.csv": ub.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PKGCTL_STREAM_USAGE_FROM", "1TiB")
	in := []string{"--packages", "p.csv", "--usage", "u.csv", "--as-of", "2025-03-01"}
	for _, c := range [][]string{{"overview", "-o", "ov.csv"}, {"amortize", "-o", "bills.csv"}} {
		if code, _, stderr := runMain(t, dir, append(c, in...)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", c, code, stderr)
		}
	}
	readCSV := func(name string) [][]string {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		rows[0][0] = strings.TrimPrefix(rows[0][0], "\ufeff")
		return rows
	}
	writeCSV := func(name string, rows [][]string) {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.WriteAll(rows)
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The packages with the overview's status, used and remaining, some of them off.
	ov := map[string][]string{}
	ovRows := readCSV("ov.csv")
	col := map[string]int{}
	for i, h := range ovRows[0] {
		col[h] = i
	}
	for _, r := range ovRows[1:] {
		ov[r[0]] = []string{r[col["status"]], r[col["used"]], r[col["remaining"]]}
	}
	pkgs := readCSV("p.csv")
	pkgs[0] = append(pkgs[0], "status", "used", "remaining")
	levels := 0
	for i, r := range pkgs[1:] {
		extra := slices.Clone(ov[r[0]])
		switch i % 5 {
		case 1:
			extra[1] += "1" // 12 → 121
		case 2:
			extra[0] = "Expired"
		case 3:
			extra[2] = "0.5"
		}
		if extra[1] != "0" && (r[4] == "storage" || r[4] == "reserved_instance") {
			levels++
		}
		pkgs[i+1] = append(r, extra...)
	}
	if levels == 0 {
		t.Fatal("no level package with a use: the overview's windows are not compared")
	}
	writeCSV("ps.csv", pkgs)
	bills := readCSV("bills.csv")
	for i := 1; i < len(bills); i += 9 {
		bills[i][8] = "1" + bills[i][8] // an amount off
	}
	writeCSV("export.csv", bills[:len(bills)-3]) // and rows missing
	check := func(from string) (string, string, string) {
		t.Setenv("PKGCTL_STREAM_USAGE_FROM", from)
		code, _, stderr := runMain(t, dir, "check", "--packages", "ps.csv", "--usage", "u.csv", "--as-of", "2025-03-01",
			"--bills", "export.csv", "-o", "diff-"+from+".csv", "--junit", "junit-"+from+".xml")
		if code != 1 || strings.Contains(stderr, "as it is read") != (from == "1") {
			t.Fatalf("check (stream_usage_from %s): exit %d: %s", from, code, stderr)
		}
		diff, _ := os.ReadFile(filepath.Join(dir, "diff-"+from+".csv"))
		junit, _ := os.ReadFile(filepath.Join(dir, "junit-"+from+".xml"))
		return string(diff), string(junit), stderr[strings.LastIndex(stderr, "pkgctl: error"):]
	}
	wantDiff, wantJUnit, wantVerdict := check("1TiB")
	for _, code := range []string{"AMOUNT_DIFFERS", "MISSING_IN_EXPORT", "USED_DIFFERS", "STATUS_DIFFERS", "REMAINING_DIFFERS"} {
		if !strings.Contains(wantDiff, code) {
			t.Errorf("no %s in the differences", code)
		}
	}
	gotDiff, gotJUnit, gotVerdict := check("1")
	if gotDiff != wantDiff || gotJUnit != wantJUnit || gotVerdict != wantVerdict {
		t.Errorf("check in parts: %d bytes of differences, %d of JUnit, %q; want %d, %d, %q",
			len(gotDiff), len(gotJUnit), gotVerdict, len(wantDiff), len(wantJUnit), wantVerdict)
	}

	// The export on stdin: replayed in memory (a usage out of deduct order would have to
	// be read again, with stdin read already), the same differences.
	export, err := os.ReadFile(filepath.Join(dir, "export.csv"))
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runMainIn(t, dir, string(export), "check", "--packages", "ps.csv", "--usage", "u.csv",
		"--as-of", "2025-03-01", "--bills", "-", "-o", "diff-stdin.csv")
	got, _ := os.ReadFile(filepath.Join(dir, "diff-stdin.csv"))
	if code != 1 || strings.Contains(stderr, "as it is read") || string(got) != wantDiff {
		t.Errorf("check --bills -: exit %d, %d bytes of differences (want %d): %s", code, len(got), len(wantDiff), stderr)
	}
}

// A replay in parts lets go of level windows no later record can reach; a
// record that starts long before its deduct_time, whose window may be one let go of,
// sends the file to a replay in memory, with a note, and the same bytes.
func TestStreamedLateWindow(t *testing.T) {
	defer func(n int) { stream.Hold = n }(stream.Hold)
	stream.Hold = 100
	dir := t.TempDir()
	var p, u strings.Builder
	p.WriteString("package_id,product,package_type,deductible_items,region,effective_time,expiration_time,capacity,unit,fee,currency\n")
	p.WriteString("PKG-EVS,EVS,storage,Capacity,cn-north-4,2024-01-01 00:00:00,2024-03-01 00:00:00,500,GB,600.00,USD\n")
	u.WriteString("record_id,product,billing_item,region,start_time,end_time,deduct_time,quantity,unit,unit_price,currency\n")
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	row := func(id string, start, deduct time.Time, qty int) {
		fmt.Fprintf(&u, "%s,EVS,Capacity,cn-north-4,%s,%s,%s,%d,GB,0.01,USD\n", id, start.Format(time.DateTime),
			start.Add(time.Hour).Format(time.DateTime), deduct.Format(time.DateTime), qty)
	}
	for h := range 40 * 24 {
		start := base.Add(time.Duration(h) * time.Hour)
		row(fmt.Sprintf("U%04d", h), start, start.Add(time.Hour+5*time.Minute), 300+h%400)
		if h == 30*24 {
			u.WriteString("@late\n")
		}
	}
	text := u.String()
	lateStart := base.Add(10 * 24 * time.Hour) // a window of day 10, deducted on day 30
	var late strings.Builder
	u.Reset()
	row("U-LATE", lateStart, base.Add(30*24*time.Hour+2*time.Hour), 450)
	late.WriteString(u.String())
	files := map[string]string{"p.csv": p.String(), "u.csv": strings.Replace(text, "@late\n", "", 1),
		"late.csv": strings.Replace(text, "@late\n", late.String(), 1)}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, cmd := range []string{"deduct", "amortize", "overview", "kpi"} {
		for _, usage := range []string{"u.csv", "late.csv"} {
			run := func(from string) (string, string) {
				t.Setenv("PKGCTL_STREAM_USAGE_FROM", from)
				out := cmd + "-" + from + "-" + usage
				code, _, stderr := runMain(t, dir, cmd, "--packages", "p.csv", "--usage", usage, "--as-of", "2024-03-01", "-o", out)
				if code != 0 {
					t.Fatalf("%s %s: exit %d: %s", cmd, usage, code, stderr)
				}
				b, err := os.ReadFile(filepath.Join(dir, out))
				if err != nil {
					t.Fatal(err)
				}
				return string(b), stderr
			}
			want, _ := run("1TiB")
			got, stderr := run("1")
			inMemory := strings.Contains(stderr, "record U-LATE (line 723) starts at 2024-01-11T00:00:00+08:00") &&
				strings.Contains(stderr, "its level window may be one let go of") && strings.Contains(stderr, "replaying it in memory")
			if got != want || inMemory != (usage == "late.csv") || strings.Count(want, "\n") < map[string]int{"deduct": 900, "amortize": 50, "overview": 2, "kpi": 2}[cmd] {
				t.Errorf("%s %s: %d bytes, want %d; stderr: %s", cmd, usage, len(got), len(want), stderr)
			}
		}
	}
}

func TestAboutSize(t *testing.T) {
	for n, want := range map[int64]string{900: "900 bytes", 1024: "1.0 KiB", 1536: "1.5 KiB", 64 << 10: "64.0 KiB",
		15650868186: "14.5 GiB", 1<<30 - 1: "1023.9 MiB", 3 << 40: "3.0 TiB"} {
		if got := aboutSize(n); got != want {
			t.Errorf("aboutSize(%d) = %q, want %q", n, got, want)
		}
	}
}
