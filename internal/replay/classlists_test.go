package replay

import (
	"fmt"
	"math"
	"math/big"
	"math/rand"
	"runtime"
	"slices"
	"testing"

	"github.com/pkgctl/pkgctl/internal/model"
)

// A class matching several groups gives the same ledger whether it walks one list of
// all their slots, or lists of some of them and the others' lists side by side, on one
// worker or several, in one Run or in a session's parts (whose later parts find lists
// already built).
func TestClassListsSameLedger(t *testing.T) {
	given, full := listBudget, passedFull
	defer func(n int) { listBudget, sequentialBelow, passedFull = given, n, full }(sequentialBelow)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	sequentialBelow = 0
	// classes that walked lists side by side, some of them joint; joint lists
	sides, mixed, joint := 0, 0, 0
	replayed = func(rp *replayer, _ []*worker) {
		joints := map[*candList]bool{}
		for _, l := range rp.lists.joint {
			joints[l] = true
		}
		for _, c := range rp.classList {
			if len(c.parts) > 1 {
				sides++
				if slices.ContainsFunc(c.parts, func(l *candList) bool { return joints[l] }) {
					mixed++
				}
			}
		}
		joint += len(joints)
	}
	defer func() { replayed = nil }()
	for seed := int64(0); seed < 60/raceScale; seed++ {
		pkgs, recs := scenario(rand.New(rand.NewSource(seed)), 40, 300, false)
		var want string
		for b, budget := range []func(int, int) int{plenty, none, tight, given} {
			listBudget = budget
			l, err := runWorkers(pkgs, recs, Options{Location: shanghai, Precision: 2}, int(seed%3)+1)
			if err != nil {
				t.Fatal(err)
			}
			got := canonical(l)
			if b == 0 {
				want = got
			} else if got != want {
				t.Fatalf("seed %d: budget %d gives another ledger", seed, b)
			}
		}
		// lists walked side by side, each marking every full level window it meets
		listBudget, passedFull = none, 0
		l, err := runWorkers(pkgs, recs, Options{Location: shanghai, Precision: 2}, int(seed%3)+1)
		passedFull = full
		if err != nil {
			t.Fatal(err)
		}
		if canonical(l) != want {
			t.Fatalf("seed %d: lists side by side passing full windows give another ledger", seed)
		}
		listBudget = []func(int, int) int{tight, given}[seed%2]
		if got := sessionLines(t, pkgs, recs, 3); got != entryLinesOf(t, pkgs, recs) {
			t.Fatalf("seed %d: a session in parts gives other entries than Run", seed)
		}
	}
	if sides == 0 || mixed == 0 || joint == 0 {
		t.Errorf("%d classes walked lists side by side, %d of them joint ones; %d joint lists", sides, mixed, joint)
	}
}

// Budgets for the joint lists: room for all, none, and little.
func plenty(_, _ int) int      { return math.MaxInt }
func none(_, _ int) int        { return 0 }
func tight(records, _ int) int { return records * 8 }

// sessionLines is the entries of recs replayed by a session in parts of n records.
func sessionLines(t *testing.T, pkgs []model.Package, recs []model.Record, n int) string {
	t.Helper()
	sorted := slices.Clone(recs)
	slices.SortFunc(sorted, func(a, b model.Record) int { return keyOf(&a).compare(keyOf(&b)) })
	s, err := NewSession(pkgs, Options{Location: shanghai, Precision: 2})
	if err != nil {
		t.Fatal(err)
	}
	out := ""
	for i := 0; i < len(sorted); i += n {
		part, err := s.Replay(sorted[i:min(i+n, len(sorted))])
		if err != nil {
			t.Fatal(err)
		}
		out += entryLines(part)
	}
	return out
}

// entryLinesOf is Run's entries of recs.
func entryLinesOf(t *testing.T, pkgs []model.Package, recs []model.Record) string {
	t.Helper()
	l, err := Run(pkgs, recs, Options{Location: shanghai, Precision: 2})
	if err != nil {
		t.Fatal(err)
	}
	return entryLines(l)
}

// The candidate lists hold each slot about once, whatever the number of record classes:
// R records, each in a region of its own with a package of its own, and P packages of
// no region resetting daily through 2024 that every record may deduct from. With a list
// per class of every period it matches, the lists held R × P × 366 slots.
func TestClassListsMemory(t *testing.T) {
	const P, R = 50, 200
	var pkgs []model.Package
	for i := range P {
		p := pkg(fmt.Sprintf("P%03d", i), "2024-01-01", "2025-01-01", "1000000")
		p.ResetCycle, p.ResetAnchor.Kind = model.ResetDay, model.AnchorNatural
		pkgs = append(pkgs, p)
	}
	var recs []model.Record
	for j := range R {
		region := fmt.Sprintf("r%d", j)
		p := pkg(fmt.Sprintf("Q%03d", j), "2024-01-01", "2025-01-01", "1")
		p.Region = region
		r := rec(fmt.Sprintf("U%03d", j), "2024-03-01 10:00", "2024-03-01 10:30", "2")
		r.RecordAttrs = &model.RecordAttrs{Product: "OBS", BillingItem: "Traffic", Region: region, Unit: "GB"}
		pkgs, recs = append(pkgs, p), append(recs, r)
	}
	held, slots, classes := 0, 0, 0
	replayed = func(rp *replayer, _ []*worker) {
		for _, m := range rp.listMems {
			held += len(m.i32)
		}
		slots, classes = len(rp.t.slots), len(rp.classList)
	}
	defer func() { replayed = nil }()
	l := run(t, pkgs, recs)
	if slots != P*366+R || classes != R {
		t.Fatalf("%d slots, %d classes", slots, classes)
	}
	// A list of n slots holds 2n+1 int32s and a tree of at most 4n; a class's own
	// package's list, 5.
	if limit := 6*slots + 5*classes; held > limit {
		t.Errorf("the lists hold %d int32s, more than %d (%d slots, %d classes)", held, limit, slots, classes)
	}
	for _, r := range l.Records { // P000's day ends first, and it has room for all
		if got := deductedFrom(l, recordIndex(t, l, r.Rec.ID)); got != "P000:2" {
			t.Fatalf("record %s deducted from %s", r.Rec.ID, got)
		}
	}
}

// compareWork orders products of three factors exactly, past 64 bits too.
func TestCompareWork(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	pick := func() int {
		if rng.Intn(3) == 0 {
			return rng.Intn(4)
		}
		return int(rng.Int63() >> rng.Intn(63))
	}
	for range 100_000 {
		v := [6]int{pick(), pick(), pick(), pick(), pick(), pick()}
		if rng.Intn(4) == 0 { // equal products
			v[3], v[4], v[5] = v[1], v[2], v[0]
		}
		p := new(big.Int).Mul(big.NewInt(int64(v[0])), big.NewInt(int64(v[1])))
		p.Mul(p, big.NewInt(int64(v[2])))
		q := new(big.Int).Mul(big.NewInt(int64(v[3])), big.NewInt(int64(v[4])))
		q.Mul(q, big.NewInt(int64(v[5])))
		if got, want := compareWork(v[0], v[1], v[2], v[3], v[4], v[5]), p.Cmp(q); got != want {
			t.Fatalf("compareWork%v = %d, want %d", v, got, want)
		}
	}
}
