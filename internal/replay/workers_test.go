package replay

import (
	"fmt"
	"math/rand"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"testing"
	"weak"

	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
)

// The replay split among workers (by product) gives the very ledger of one worker, both
// when the workers' entries are put in order in place and when some worker outgrew its
// room in the arena; records prepared in parallel parts come in the order of one part.
func TestWorkersSameLedger(t *testing.T) {
	defer func(n, m, k, g, r int) {
		sequentialBelow, placePartMin, packagesPartMin, groupPartMin, radixPartMin = n, m, k, g, r
	}(sequentialBelow, placePartMin, packagesPartMin, groupPartMin, radixPartMin)
	// The parts are as many as GOMAXPROCS: several, even on a machine with one core.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	t.Run("in place", func(t *testing.T) {
		before := inPlaceMerges.Load()
		testWorkersSameLedger(t)
		if inPlaceMerges.Load() == before {
			t.Error("no ledger was merged in place")
		}
	})
	t.Run("outgrown", func(t *testing.T) {
		defer func(f func(int) int) { arenaRoom = f }(arenaRoom)
		arenaRoom = func(n int) int { return n / 2 }
		testWorkersSameLedger(t)
	})
}

// madeNow makes l's windows and entry groups, which are otherwise made on first use.
func madeNow(l *Ledger) {
	for pi := range l.Packages {
		l.Windows(pi)
	}
	l.groups()
}

func testWorkersSameLedger(t *testing.T) {
	stride, every := dropStride, dropEvery
	for seed := int64(0); seed < 300; seed++ {
		rng := rand.New(rand.NewSource(seed))
		pkgs, recs := scenario(rng, 40, 200, seed%2 == 0)
		for i := range recs { // more products than workers
			recs[i].Product = []string{"OBS", "CDN", "ECS", "OBS"}[rng.Intn(4)]
		}
		for i := range recs { // runs of equal deduct times, sorted by the rest of the key
			if rng.Intn(3) == 0 {
				recs[i].SetDeduct(recs[rng.Intn(len(recs))].Deduct())
			}
		}
		// Periods worked out, records prepared, windows placed and entries grouped in one
		// part, replayed by one worker.
		sequentialBelow, placePartMin, packagesPartMin, groupPartMin, radixPartMin = 1<<30, 1<<30, 1<<30, 1<<30, 1<<30
		one, err := runWorkers(pkgs, recs, Options{Location: shanghai, Precision: 2}, 1)
		if err != nil {
			t.Fatal(err)
		}
		madeNow(one) // in one part (not on first use, in canonical)
		// The same in parts, one goroutine per core.
		// Every other pair of seeds gives dead arrays back as it goes, a few keys and entries
		// at a time, eagerly (mem.EagerDying): what is dropped reads as zeros, and the
		// ledger would differ if anything were read after.
		sequentialBelow, placePartMin, packagesPartMin, groupPartMin, radixPartMin = 0, 1, 1, 1, 1
		release := seed/2%2 == 1
		dropStride, dropEvery = 3, 2
		restore := mem.EagerDying()
		many, err := runWorkers(pkgs, recs, Options{Location: shanghai, Precision: 2, Release: release}, 3)
		restore()
		dropStride, dropEvery = stride, every
		if err != nil {
			t.Fatal(err)
		}
		madeNow(many)
		many.Options.Release = false
		if canonical(one) != canonical(many) {
			t.Fatalf("seed %d (release %v): 3 workers give another ledger than 1", seed, release)
		}
	}
}

// Periods and windows are given their entries on first use, which may come from several
// goroutines at once (amortize and why ask in parallel): they are grouped once, every
// caller sees the same lists, and every package entry is in its period's list (and its
// window's), in replay order.
func TestEntryGroupsFirstUseConcurrent(t *testing.T) {
	periods, windows := 0, 0
	for seed := int64(0); seed < 20; seed++ {
		pkgs, recs := scenario(rand.New(rand.NewSource(seed)), 30, 300, seed%2 == 0)
		l, err := Run(pkgs, recs, Options{Location: shanghai, Precision: 2})
		if err != nil {
			t.Fatal(err)
		}
		lists := make([][][]int, 4) // per goroutine: every period's list, then every window's
		var wg sync.WaitGroup
		for g := range lists {
			wg.Go(func() {
				for pi, ps := range l.Packages {
					for k := range ps.Periods {
						lists[g] = append(lists[g], l.PeriodEntries(pi, k))
					}
					for w := range l.Windows(pi) {
						lists[g] = append(lists[g], l.WindowEntries(pi, w))
					}
				}
			})
		}
		wg.Wait()
		for g := 1; g < len(lists); g++ {
			if !reflect.DeepEqual(lists[g], lists[0]) {
				t.Fatalf("seed %d: goroutine %d saw other entry lists", seed, g)
			}
		}
		inPeriod, inWindow := 0, 0
		for pi, ps := range l.Packages {
			for k := range ps.Periods {
				es := l.PeriodEntries(pi, k)
				for x, e := range es {
					if en := l.Entries[e]; int(en.Package) != pi || int(en.Period) != k || (x > 0 && es[x-1] >= e) {
						t.Fatalf("seed %d: entry %d listed in %s period %d (order %v)", seed, e, ps.Pkg.ID, k, es)
					}
				}
				inPeriod += len(es)
			}
			for w := range l.Windows(pi) {
				es := l.WindowEntries(pi, w)
				for x, e := range es {
					if en := l.Entries[e]; int(en.Package) != pi || int(en.Window) != w || (x > 0 && es[x-1] >= e) {
						t.Fatalf("seed %d: entry %d listed in %s window %d (order %v)", seed, e, ps.Pkg.ID, w, es)
					}
				}
				inWindow += len(es)
			}
		}
		wantPeriod, wantWindow := 0, 0
		for _, e := range l.Entries {
			if e.Package >= 0 {
				wantPeriod++
			}
			if e.Window >= 0 {
				wantWindow++
			}
		}
		if inPeriod != wantPeriod || inWindow != wantWindow {
			t.Fatalf("seed %d: %d entries in periods, %d in windows; want %d and %d", seed, inPeriod, inWindow, wantPeriod, wantWindow)
		}
		periods, windows = periods+inPeriod, windows+inWindow
	}
	if periods == 0 || windows == 0 {
		t.Fatalf("the scenarios listed %d period and %d window entries: nothing was checked", periods, windows)
	}
}

// A finished ledger keeps neither the replayer nor its workers (their arena regions,
// running state and candidate lists): only its records, entries and the windows' state.
func TestLedgerKeepsNoReplayer(t *testing.T) {
	defer func(n int, room func(int) int) { sequentialBelow, arenaRoom = n, room }(sequentialBelow, arenaRoom)
	sequentialBelow = 0
	room := arenaRoom
	for _, outgrown := range []bool{false, true} {
		arenaRoom = room
		if outgrown { // the copying merge
			arenaRoom = func(k int) int { return k / 2 }
		}
		var gone []weak.Pointer[worker]
		var rpGone weak.Pointer[replayer]
		replayed = func(rp *replayer, ws []*worker) {
			rpGone = weak.Make(rp)
			for _, w := range ws {
				gone = append(gone, weak.Make(w))
			}
		}
		pkgs, recs := scenario(rand.New(rand.NewSource(3)), 30, 400, true)
		for i := range recs {
			recs[i].Product = []string{"OBS", "CDN", "ECS"}[i%3]
		}
		l, err := runWorkers(pkgs, recs, Options{Location: shanghai, Precision: 2}, 3)
		replayed = nil
		if err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		runtime.GC()
		if rpGone.Value() != nil {
			t.Errorf("outgrown %v: the ledger keeps the replayer", outgrown)
		}
		for k, w := range gone {
			if w.Value() != nil {
				t.Errorf("outgrown %v: the ledger keeps worker %d", outgrown, k)
			}
		}
		if len(gone) < 2 {
			t.Errorf("%d workers: the test needs several", len(gone))
		}
		for pi := range l.Packages {
			l.Windows(pi) // the windows' state is still there to make them
		}
		runtime.KeepAlive(l)
	}
}

// runTwice replays pkgs and recs with opt, then with opt as set changes it.
func runTwice(t *testing.T, pkgs []model.Package, recs []model.Record, opt Options, set func(*Options)) (*Ledger, *Ledger) {
	t.Helper()
	a, err := Run(pkgs, recs, opt)
	if err != nil {
		t.Fatal(err)
	}
	set(&opt)
	b, err := Run(pkgs, recs, opt)
	if err != nil {
		t.Fatal(err)
	}
	return a, b
}

// A replay for the packages' states only (Options.States: the overview) gives the very
// overview, periods and level windows of a full replay, on one worker and several, and
// writes no entry and no record's result.
func TestStatesOnly(t *testing.T) {
	defer func(n int) { sequentialBelow = n }(sequentialBelow)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	for seed := int64(0); seed < 200; seed++ {
		rng := rand.New(rand.NewSource(seed))
		pkgs, recs := scenario(rng, 30, 300, seed%3 == 0)
		levelPackages(rng, pkgs, 3)
		sequentialBelow = []int{0, 1 << 30}[seed%2]
		full, states := runTwice(t, pkgs, recs, scenarioOptions(rng, seed), func(o *Options) { o.States = true })
		if len(states.Entries) != 0 || len(states.Records) != 0 {
			t.Fatalf("seed %d: %d entries, %d records' results", seed, len(states.Entries), len(states.Records))
		}
		if g, w := packageLines(states)+levelLines(states), packageLines(full)+levelLines(full); g != w {
			t.Fatalf("seed %d: the states differ\n got:\n%s\nwant:\n%s", seed, g, w)
		}
	}
}

// A replay asking for some packages' entries only (Options.EntriesOf: amortize) writes
// those and leaves them where the workers wrote them: no ledger entries, no records'
// results, no entry of another package or of pay-per-use, the records (Record) and the
// packages' states those of a merged replay; and the entries copied period by period
// (CopyPeriodEntries) are the merged ledger's entries of each period, in replay order,
// for the packages asked for; asking for another package's panics, as does copying a
// package whose entries were not written. With and without the replay's dead arrays
// given back (Options.Release), with every package's entries asked for and some.
func TestEntriesOf(t *testing.T) {
	entryText := func(e *Entry) string {
		return fmt.Sprint(e.Record, e.Package, e.Period, e.Window, e.Quantity, e.RecordQuantity, e.AvailableBefore)
	}
	defer func(n, g int) { sequentialBelow, groupPartMin = n, g }(sequentialBelow, groupPartMin)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	withCopies := 0
	for seed := int64(0); seed < 200; seed++ {
		rng := rand.New(rand.NewSource(seed))
		pkgs, recs := scenario(rng, 30, 300, seed%3 == 0)
		levelPackages(rng, pkgs, 3)
		for i := range recs { // more products than workers
			recs[i].Product = []string{"OBS", "CDN", "ECS", "OBS"}[rng.Intn(4)]
		}
		sequentialBelow, groupPartMin = []int{0, 1 << 30}[seed%2], 1+rng.Intn(64)
		opt := scenarioOptions(rng, seed)
		opt.Release = seed%3 == 2 // dead arrays given back at once (EagerDying): read after, they change the ledger
		written := map[string]bool{}
		for i := range pkgs {
			written[pkgs[i].ID] = seed%4 == 0 || rng.Intn(4) > 0
		}
		restore := mem.EagerDying()
		merged, some := runTwice(t, pkgs, recs, opt, func(o *Options) {
			o.EntriesOf = func(p *model.Package) bool { return written[p.ID] }
		})
		restore()
		if some.Entries != nil || some.Records != nil {
			t.Fatalf("seed %d: %d entries, %d records' results", seed, len(some.Entries), len(some.Records))
		}
		for i := range merged.Records {
			if r := some.Record(int32(i)); r != merged.Records[i].Rec {
				t.Fatalf("seed %d: record %d is %v, want %v", seed, i, r.ID, merged.Records[i].Rec.ID)
			}
		}
		for _, seg := range some.unmerged {
			for i := range seg {
				if p := seg[i].Package; p < 0 || !written[some.Packages[p].Pkg.ID] {
					t.Fatalf("seed %d: an entry of package %d, not asked for, was written", seed, p)
				}
			}
		}
		if g, w := packageLines(some)+levelLines(some), packageLines(merged)+levelLines(merged); g != w {
			t.Fatalf("seed %d: the states differ\n got:\n%s\nwant:\n%s", seed, g, w)
		}
		for pi := range some.Packages {
			if !written[some.Packages[pi].Pkg.ID] && len(some.Packages[pi].Periods) > 0 {
				func() {
					defer func() {
						if recover() == nil {
							t.Fatalf("seed %d: package %d, whose entries were not written, was copied", seed, pi)
						}
					}()
					some.CopyPeriodEntries(func(k int) bool { return k == pi })
				}()
				break
			}
		}
		kept := map[int]bool{}
		keep := func(pi int) bool { return kept[pi] }
		for pi := range merged.Packages {
			kept[pi] = written[merged.Packages[pi].Pkg.ID] && rng.Intn(3) > 0
		}
		um, mm := some.CopyPeriodEntries(keep), merged.CopyPeriodEntries(keep)
		copied := 0
		for pi := range merged.Packages {
			for k := range merged.Packages[pi].Periods {
				if !kept[pi] {
					func() {
						defer func() {
							if recover() == nil {
								t.Fatalf("seed %d: the entries of package %d, not copied, were read", seed, pi)
							}
						}()
						um.Of(pi, k)
					}()
					continue
				}
				var want []string
				for _, i := range merged.PeriodEntries(pi, k) {
					want = append(want, entryText(&merged.Entries[i]))
				}
				for name, c := range map[string]*PeriodCopies{"EntriesOf": um, "merged": mm} {
					var got []string
					for _, e := range c.Of(pi, k) {
						got = append(got, entryText(&e))
					}
					if !slices.Equal(got, want) {
						t.Fatalf("seed %d: package %d period %d: %s copies\n%v\nwant\n%v", seed, pi, k, name, got, want)
					}
				}
				copied += len(want)
			}
		}
		if copied > 0 {
			withCopies++
		}
	}
	if withCopies < 100 {
		t.Fatalf("only %d seeds of 200 copied entries", withCopies)
	}
}
