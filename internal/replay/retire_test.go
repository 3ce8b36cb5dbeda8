package replay

import (
	"errors"
	"fmt"
	"maps"
	"math/rand"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
	"github.com/shopspring/decimal"
)

// windowStats is what a session's workers hold of level windows after a part: the
// windows held and retired, and the chunks freed.
type windowStats struct{ held, retired, freed int }

// streamRetiring feeds recs (in file order) to a session that lets go of level windows
// between parts, hold records at a time, keeping what the overview needs of them or
// not, and returns the parts' entries, the window stats after the last part and the
// ledger Finish gives.
func streamRetiring(t *testing.T, pkgs []model.Package, recs []model.Record, opt Options, hold int, keep bool) (string, windowStats, *Ledger, error) {
	t.Helper()
	s, err := NewSession(pkgs, opt)
	if err != nil {
		t.Fatal(err)
	}
	s.retire, s.keep = true, keep
	var got strings.Builder
	var ws windowStats
	st := NewStream(s, hold, func(l *Ledger) error {
		got.WriteString(entryLines(l))
		ws = windowStats{}
		for _, w := range s.rp.ws {
			for _, pw := range w.w.per {
				ws.held, ws.retired = ws.held+len(pw.ids), ws.retired+int(pw.gone)
			}
			for _, c := range w.w.chunks {
				if c == nil {
					ws.freed++
				}
			}
		}
		return nil
	})
	for i := 0; i < len(recs); i += 5 {
		if err := st.Add(slices.Clone(recs[i:min(i+5, len(recs))])); err != nil {
			return "", ws, nil, err
		}
	}
	end, err := st.Close(keep)
	if err != nil {
		return "", ws, nil, err
	}
	return got.String(), ws, end, nil
}

// levelLines is what the overview and utilization read of l's level windows: the
// overview's rows, and per package, period and window length the coverage summed (of the
// windows kept and those let go of).
func levelLines(l *Ledger) string {
	var b strings.Builder
	for _, r := range l.Overview() {
		fmt.Fprintf(&b, "%+v\n", r)
	}
	for pi, ps := range l.Packages {
		sums := map[string]decimal.Decimal{}
		for _, sp := range l.PastWindows(pi).Spans {
			k := fmt.Sprint(sp.Period, sp.Length)
			sums[k] = sums[k].Add(sp.Covered)
		}
		for _, w := range l.Windows(pi) {
			k := fmt.Sprint(w.Period, value.SpanOf(w.Start, w.End))
			sums[k] = sums[k].Add(w.Covered)
		}
		keys := slices.Sorted(maps.Keys(sums))
		for _, k := range keys {
			fmt.Fprintf(&b, "%s %s %s\n", ps.Pkg.ID, k, sums[k])
		}
	}
	return b.String()
}

// A replay in parts that lets go of level windows gives Run's entries, or stops with a
// LateError naming a record that starts longer before its deduct_time than the slack
// allows — never other entries. Random packages, half of them level, records in rough
// deduct order starting up to 32 hours before it.
func TestRetiringSameAsRun(t *testing.T) {
	defer func(n int) { sequentialBelow = n }(sequentialBelow)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	same, late, retired := 0, 0, 0
	for seed := int64(0); seed < 400/raceScale; seed++ {
		rng := rand.New(rand.NewSource(seed))
		pkgs, recs := scenario(rng, 20, 400, seed%3 == 0)
		levelPackages(rng, pkgs, 2)
		roughly(rng, recs)
		sequentialBelow = []int{0, 1 << 30}[seed%2]
		opt := scenarioOptions(rng, seed)
		want, err := Run(pkgs, recs, opt)
		if err != nil {
			t.Fatal(err)
		}
		keep := seed%2 == 0 || seed%4 == 1
		got, stats, end, err := streamRetiring(t, pkgs, recs, opt, 8+rng.Intn(30), keep)
		var le *LateError
		switch {
		case errors.As(err, &le):
			if d := le.Deduct.Sub(le.Start); d <= retireSlack || le.Line != 0 && le.ID == "" {
				t.Fatalf("seed %d: %v: not late past the slack", seed, err)
			}
			late++
			continue
		case err != nil:
			t.Fatalf("seed %d: %v", seed, err)
		}
		if w := entryLines(want); got != w {
			t.Fatalf("seed %d: entries differ\n got:\n%s\nwant:\n%s", seed, got, w)
		}
		if keep {
			if g, w := levelLines(end), levelLines(want); g != w {
				t.Fatalf("seed %d: the overview and level sums differ\n got:\n%s\nwant:\n%s", seed, g, w)
			}
		}
		same++
		retired += stats.retired
	}
	t.Logf("%d runs gave Run's entries, %d stopped late, %d windows retired", same, late, retired)
	if same < 4*late || retired == 0 {
		t.Fatalf("%d runs gave Run's entries, %d stopped late, %d windows retired: the test does not test", same, late, retired)
	}
}

// hourly is an export of a level package account as consoles write it: every hour, a
// record per package, deducted at its end, over days.
func hourly(npkgs, days int) ([]model.Package, []model.Record) {
	base := at("2024-01-01")
	var pkgs []model.Package
	for i := range npkgs {
		pkgs = append(pkgs, model.Package{ID: fmt.Sprintf("p%02d", i), Product: "OBS", Type: model.TypeStorage,
			Effective: base, Expiration: base.AddDate(0, 0, days+1), Capacity: decimal.New(100, 0), Unit: "GB",
			OrderTime: base})
	}
	attrs := &model.RecordAttrs{Product: "OBS", BillingItem: "x", Unit: "GB"}
	var recs []model.Record
	for h := range days * 24 {
		start := base.Add(time.Duration(h) * time.Hour)
		for range npkgs {
			recs = append(recs, model.Record{ID: fmt.Sprintf("r%06d", len(recs)), Line: len(recs) + 2, RecordAttrs: attrs,
				Quantity: exact.AmountOf(decimal.New(int64(40+len(recs)%70), 0))}.WithTimes(start, start.Add(time.Hour), start.Add(time.Hour)))
		}
	}
	return pkgs, recs
}

// On an hourly export the windows are let go of as the replay goes: the same entries as
// Run, a day or so of windows held at the end, and the chunks of the rest freed; one
// record that starts ten days before its deduct_time, in deduct order among the others,
// stops the replay with a LateError naming it.
func TestRetiringHourly(t *testing.T) {
	defer func(n int) { sequentialBelow = n }(sequentialBelow)
	sequentialBelow = 0
	pkgs, recs := hourly(20, 40) // 19,200 windows: chunks of 4,096
	opt := Options{Location: shanghai, Precision: 2}
	want, err := Run(pkgs, recs, opt)
	if err != nil {
		t.Fatal(err)
	}
	got, stats, end, err := streamRetiring(t, pkgs, recs, opt, 500, true)
	if err != nil {
		t.Fatal(err)
	}
	if got != entryLines(want) || levelLines(end) != levelLines(want) {
		t.Fatal("entries, overview or level sums differ from Run's")
	}
	if stats.held > 20*(2+24+26) || stats.freed < 3 { // lag 1 h: 2 h + a day + a part (500 records: 25 h)
		t.Fatalf("%+v: windows held, retired, chunks freed", stats)
	}

	lateRec := recs[len(recs)/2]
	lateRec.ID, lateRec.Line = "late", 99
	lateRec.SetTimes(lateRec.Deduct().AddDate(0, 0, -10), lateRec.Deduct().AddDate(0, 0, -10).Add(time.Hour), lateRec.Deduct())
	with := slices.Insert(slices.Clone(recs), len(recs)/2+1, lateRec)
	_, _, _, err = streamRetiring(t, pkgs, with, opt, 500, false)
	var le *LateError
	if !errors.As(err, &le) || le.Line != 99 || le.ID != "late" || le.Lag != time.Hour || !strings.Contains(err.Error(), "level window") {
		t.Fatalf("got %v; want the record of line 99 late", err)
	}
}

// levelPackages makes about one package in oneIn of a scenario a storage package, whose
// coverage is per level window.
func levelPackages(rng *rand.Rand, pkgs []model.Package, oneIn int) {
	for i := range pkgs {
		if rng.Intn(oneIn) == 0 {
			pkgs[i].Type = model.TypeStorage
		}
	}
}

// scenarioOptions are the options of a scenario's replay: for a quarter of the seeds,
// as of an hour within it.
func scenarioOptions(rng *rand.Rand, seed int64) Options {
	opt := Options{Location: shanghai, Precision: 2}
	if seed%4 == 1 {
		opt.AsOf = at("2024-01-01").Add(time.Duration(rng.Intn(50*24)) * time.Hour)
	}
	return opt
}
