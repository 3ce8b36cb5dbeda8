package replay

import (
	"math/rand"
	"runtime"
	"testing"
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

func testWorkersSameLedger(t *testing.T) {
	for seed := int64(0); seed < 300; seed++ {
		rng := rand.New(rand.NewSource(seed))
		pkgs, recs := scenario(rng, 40, 200, seed%2 == 0)
		for i := range recs { // more products than workers
			recs[i].Product = []string{"OBS", "CDN", "ECS", "OBS"}[rng.Intn(4)]
		}
		for i := range recs { // runs of equal deduct times, sorted by the rest of the key
			if rng.Intn(3) == 0 {
				recs[i].Deduct = recs[rng.Intn(len(recs))].Deduct
			}
		}
		// Periods worked out, records prepared, windows placed and entries grouped in one
		// part, replayed by one worker.
		sequentialBelow, placePartMin, packagesPartMin, groupPartMin, radixPartMin = 1<<30, 1<<30, 1<<30, 1<<30, 1<<30
		one, err := runWorkers(pkgs, recs, Options{Location: shanghai, Precision: 2}, 1)
		if err != nil {
			t.Fatal(err)
		}
		// The same in parts, one goroutine per core.
		sequentialBelow, placePartMin, packagesPartMin, groupPartMin, radixPartMin = 0, 1, 1, 1, 1
		many, err := runWorkers(pkgs, recs, Options{Location: shanghai, Precision: 2}, 3)
		if err != nil {
			t.Fatal(err)
		}
		if canonical(one) != canonical(many) {
			t.Fatalf("seed %d: 3 workers give another ledger than 1", seed)
		}
	}
}
