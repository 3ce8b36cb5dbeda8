package replay

import (
	"errors"
	"fmt"
	"math/rand"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
)

// packageLines is every package of l with its periods' and windows' totals (what Finish
// gives a session's ledger), without entry indices.
func packageLines(l *Ledger) string {
	var b strings.Builder
	for pi, ps := range l.Packages {
		fmt.Fprintf(&b, "P %s end=%s cause=%d up=%s full=%d used=%s\n", ps.Pkg.ID,
			ps.End.UTC(), ps.EndCause, ps.UpgradedBy, ps.FullPeriods, ps.Used)
		for _, p := range ps.Periods {
			fmt.Fprintf(&b, "  per %d %s %s used=%s ex=%s\n", p.Index, p.Start.UTC(), p.End.UTC(), p.Used, p.ExhaustedAt.UTC())
		}
		for _, w := range l.Windows(pi) {
			fmt.Fprintf(&b, "  win %s %s p=%d cov=%s ex=%s\n", w.Start.UTC(), w.End.UTC(), w.Period, w.Covered, w.ExhaustedAt.UTC())
		}
	}
	return b.String()
}

// entryLines is l's records and entries named by ids, not indices, in replay order.
func entryLines(l *Ledger) string {
	var b strings.Builder
	for _, r := range l.Records {
		fmt.Fprintf(&b, "R %s d=%s p=%s n=%d\n", r.Rec.ID, r.Deducted(), r.PayPerUse, r.NumEntries())
		for i := range r.Entries() {
			e := &l.Entries[i]
			pkg := "-"
			if e.Package >= 0 {
				pkg = l.Packages[e.Package].Pkg.ID
			}
			fmt.Fprintf(&b, "  E %s %d %d %s %s %s %v\n", pkg, e.Period, e.Window,
				e.Quantity, e.RecordQuantity, e.AvailableBefore, l.NullCost(i))
		}
	}
	return b.String()
}

// roughly puts recs in replay order, then shuffles runs of 4, as an export sorted by
// start_time or by the hour is out of deduct order: a record at most 3 places away.
func roughly(rng *rand.Rand, recs []model.Record) {
	slices.SortFunc(recs, func(a, b model.Record) int { return keyOf(&a).compare(keyOf(&b)) })
	for i := 0; i < len(recs); i += 4 {
		run := recs[i:min(i+4, len(recs))]
		rng.Shuffle(len(run), func(a, b int) { run[a], run[b] = run[b], run[a] })
	}
}

// A session fed through a Stream, a few records held at a time, gives Run's records and
// entries, part after part, and Run's packages at the end, whatever the number of
// workers and with or without an as-of cut.
func TestStreamSameAsRun(t *testing.T) {
	defer func(n int) { sequentialBelow = n }(sequentialBelow)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	for seed := int64(0); seed < 600/raceScale; seed++ {
		rng := rand.New(rand.NewSource(seed))
		pkgs, recs := scenario(rng, 30, 300, seed%3 == 0)
		for i := range recs {
			if rng.Intn(4) == 0 { // runs of equal deduct times
				recs[i].SetDeduct(recs[rng.Intn(len(recs))].Deduct())
			}
		}
		roughly(rng, recs)
		opt := Options{Location: shanghai, Precision: 2}
		if seed%4 == 1 {
			opt.AsOf = at("2024-01-01").Add(time.Duration(rng.Intn(50*24)) * time.Hour)
		}
		sequentialBelow = []int{0, 1 << 30}[seed%2]
		want, err := Run(pkgs, recs, opt)
		if err != nil {
			t.Fatal(err)
		}
		s, err := NewSession(pkgs, opt)
		if err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		parts := 0
		st := NewStream(s, 8+rng.Intn(40), func(l *Ledger) error {
			got.WriteString(entryLines(l))
			parts++
			return nil
		})
		for i := 0; i < len(recs); {
			j := min(len(recs), i+1+rng.Intn(7))
			batch := slices.Clone(recs[i:j])
			if err := st.Add(batch); err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			clear(batch) // the stream keeps copies
			i = j
		}
		end, err := st.Close(true)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := got.String(), entryLines(want); g != w {
			t.Fatalf("seed %d (%d parts): entries differ\n got:\n%s\nwant:\n%s", seed, parts, g, w)
		}
		if g, w := packageLines(end), packageLines(want); g != w {
			t.Fatalf("seed %d: packages differ\n got:\n%s\nwant:\n%s", seed, g, w)
		}
		if len(want.Records) > 100 && parts < 2 {
			t.Fatalf("seed %d: %d records in %d part", seed, len(want.Records), parts)
		}
	}
}

// A record read after records deducted later than it were held, but not replayed, is
// in order: a part replays only what was deducted before the held records' median, and
// when half of them share the median instant (a burst of records at one time) the
// records between the last one replayed and that instant may still come.
func TestStreamLateButNotAfterReplayed(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	pkgs, recs := scenario(rng, 10, 200, false)
	for len(recs) < 60 {
		pkgs, recs = scenario(rng, 10, 200, false)
	}
	slices.SortFunc(recs, func(a, b model.Record) int { return keyOf(&a).compare(keyOf(&b)) })
	burst := recs[len(recs)-1].Deduct().Add(time.Hour)
	for i := 30; i < len(recs); i++ {
		recs[i].SetDeduct(burst)
	}
	opt := Options{Location: shanghai, Precision: 2}
	want, err := Run(pkgs, recs, opt)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSession(pkgs, opt)
	if err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	st := NewStream(s, 20, func(l *Ledger) error { got.WriteString(entryLines(l)); return nil })
	for _, batch := range [][]model.Record{append(slices.Clone(recs[:10]), recs[30:40]...), recs[10:30], recs[40:]} {
		if err := st.Add(slices.Clone(batch)); err != nil {
			t.Fatalf("%v; want the records between the part replayed and the burst taken", err)
		}
	}
	end, err := st.Close(true)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := got.String(), entryLines(want); g != w {
		t.Fatalf("entries differ\n got:\n%s\nwant:\n%s", g, w)
	}
	if g, w := packageLines(end), packageLines(want); g != w {
		t.Fatalf("packages differ\n got:\n%s\nwant:\n%s", g, w)
	}
}

// A record read after later ones were replayed is refused, located; so is a part that
// comes before one replayed.
func TestStreamUnordered(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	pkgs, recs := scenario(rng, 10, 200, true)
	for len(recs) < 100 {
		pkgs, recs = scenario(rng, 10, 200, true)
	}
	slices.SortFunc(recs, func(a, b model.Record) int { return keyOf(&a).compare(keyOf(&b)) })
	late := recs[0]
	late.Line = 42
	s, err := NewSession(pkgs, Options{Location: shanghai, Precision: 2})
	if err != nil {
		t.Fatal(err)
	}
	st := NewStream(s, 10, func(*Ledger) error { return nil })
	if err := st.Add(recs[1:]); err != nil {
		t.Fatal(err)
	}
	err = st.Add([]model.Record{late})
	var ue *UnorderedError
	if !errors.As(err, &ue) || ue.Line != 42 || ue.ID != late.ID || !strings.Contains(err.Error(), "not ordered by deduct_time") {
		t.Fatalf("got %v; want the record of line 42 refused", err)
	}

	s, _ = NewSession(pkgs, Options{Location: shanghai, Precision: 2})
	if _, err := s.Replay(recs[50:]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Replay(recs[:50]); !errors.As(err, &ue) {
		t.Fatalf("an earlier part: %v", err)
	}
}
