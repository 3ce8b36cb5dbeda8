package check

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
)

// The key index numbers keys as a map would, whatever their order: days near and far,
// before and after a package's first, several keys a day, days of no number (years out
// of range), packages turned wide part way.
func TestKeyIndexAsAMap(t *testing.T) {
	for seed := range uint64(40) {
		rng := rand.New(rand.NewPCG(seed, 7))
		x := newKeyIndex(rng.IntN(1000))
		var sums blocks[sides]
		want := map[key]int32{}
		pkgs := 1 + rng.IntN(20)
		for step := range 3000 {
			k := randKey(rng, pkgs, step)
			got, ok := x.get(k, &sums)
			if w, has := want[k]; ok != has || ok && got != w {
				t.Fatalf("seed %d: get(%+v) = %d, %v; want %d, %v", seed, k, got, ok, w, has)
			}
			if !ok {
				i := sums.add(sides{k: k})
				x.put(k, i)
				want[k] = i
			}
		}
		for p, di := range x.pkgs { // the arrays stay within their bound
			n := int32(0)
			for _, v := range di.at {
				if v != 0 {
					n++
				}
			}
			if di.keys != n || int32(len(di.at)) > maxSpan(di.keys) {
				t.Fatalf("seed %d: package %d's array covers %d days for %d keys (counted %d)", seed, p, len(di.at), n, di.keys)
			}
		}
		// Packages whose days are close together have a key of each day in their array.
		near, inMap, days := 0, 0, map[[2]int32]bool{}
		for k := range want {
			if k.pkg%4 != 0 {
				near, days[[2]int32{k.pkg, k.day}] = near+1, true
				if _, ok := x.more[k]; ok {
					inMap++
				}
			}
		}
		if inMap != near-len(days) {
			t.Fatalf("seed %d: %d of %d keys of days close together in the map, want %d", seed, inMap, near, near-len(days))
		}
		for k, w := range want { // every key, once all are in
			if got, ok := x.get(k, &sums); !ok || got != w {
				t.Fatalf("seed %d: at the end get(%+v) = %d, %v; want %d", seed, k, got, ok, w)
			}
		}
	}
}

// randKey is the step-th key, of one of pkgs packages: a day at about step/25 days from
// the first (as bills go, a few days back and forth), but for every fourth package,
// whose days are sometimes far apart, or before year 1.
func randKey(rng *rand.Rand, pkgs, step int) key {
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	pkg := rng.IntN(pkgs)
	var day time.Time
	switch r := rng.IntN(100); {
	case r < 85 || pkg%4 != 0:
		day = base.AddDate(0, 0, step/25+rng.IntN(7)-3)
	case r < 95:
		day = base.AddDate(rng.IntN(40)-20, 0, rng.IntN(365))
	case r < 98:
		day = time.Date(1+rng.IntN(9999), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
	default:
		day = time.Date(-rng.IntN(5), 3, 1, 0, 0, 0, 0, time.UTC)
	}
	y, m, d := day.Date()
	return key{pkg: int32(pkg), day: int32(y*10000 + int(m)*100 + d),
		project: int32(rng.IntN(30) / 27), typ: model.BillType(rng.IntN(20) / 19)} // a few keys more a day
}

// dayNumber counts the days as the calendar does.
func TestDayNumber(t *testing.T) {
	epoch := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, day := range []time.Time{
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1600, 2, 29, 0, 0, 0, 0, time.UTC),
		time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), epoch, time.Date(2000, 3, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC),
	} {
		y, m, d := day.Date()
		got, ok := dayNumber(int32(y*10000 + int(m)*100 + d))
		if want := int32(day.Unix() / 86400); !ok || got != want {
			t.Errorf("dayNumber(%s) = %d, %v; want %d", day.Format(time.DateOnly), got, ok, want)
		}
	}
	for _, bad := range []int32{0, 101, 10001, 99999999, 20241301, 20240100, -20240101} {
		if _, ok := dayNumber(bad); ok {
			t.Errorf("dayNumber(%d) is a day", bad)
		}
	}
}

// Blocks keep every value where it was put and number them in order, made one by one or
// cut from slabs of huge pages (past a slab's end, and into the next).
func TestBlocksNeverMove(t *testing.T) {
	for _, huge := range []bool{false, true} {
		b := blocks[sides]{huge: huge}
		n := int32((hugeBlocks+1)*blockSize + 5)
		var firsts []*sides
		for i := range n {
			if got := b.add(sides{k: key{pkg: i}}); got != i {
				t.Fatalf("huge %v: value %d numbered %d", huge, i, got)
			}
			if i%blockSize == 0 {
				firsts = append(firsts, b.at(i))
			}
		}
		for i := range n {
			if got := b.at(i).k.pkg; got != i {
				t.Fatalf("huge %v: at(%d) holds %d", huge, i, got)
			}
			if i%blockSize == 0 && b.at(i) != firsts[i/blockSize] {
				t.Fatalf("huge %v: block %d moved", huge, i/blockSize)
			}
		}
	}
}

// sortedSides orders every key once, by package id, day, bill type (rules.md §3.6's
// rank, then the type), then project, whatever the numbers of the ids and projects:
// days before year 1 included, several keys a day, sums in any order.
func TestSortedSides(t *testing.T) {
	for seed := range uint64(30) {
		rng := rand.New(rand.NewPCG(seed, 9))
		c := newComparer(nil, Options{})
		pkgs := 1 + rng.IntN(40)
		for _, i := range rng.Perm(pkgs) { // numbered in an order their ids do not sort in
			c.id(fmt.Sprintf("PKG%03d", i))
		}
		c.projects.num("b")
		c.projects.num("a")
		seen := map[key]bool{}
		for step := range rng.IntN(4000) {
			k := randKey(rng, pkgs, step)
			k.project, k.typ = int32(rng.IntN(3)), model.BillType(rng.IntN(6))
			if !seen[k] {
				seen[k] = true
				c.sums.add(sides{k: k})
			}
		}
		order := c.sortedSides()
		got := make([]key, len(order))
		for j, i := range order {
			got[j] = c.sums.at(i).k
			delete(seen, got[j])
		}
		if len(order) != int(c.sums.n) || len(seen) != 0 {
			t.Fatalf("seed %d: %d numbers for %d keys, %d keys left out", seed, len(order), c.sums.n, len(seen))
		}
		projectRank := map[int32]int{0: 0, 1: 2, 2: 1} // "", "b", "a"
		for j := 1; j < len(got); j++ {
			x, y := got[j-1], got[j]
			if c := cmp.Or(strings.Compare(c.ids.list[x.pkg], c.ids.list[y.pkg]), cmp.Compare(x.day, y.day),
				cmp.Compare(x.typ.SortRank(), y.typ.SortRank()), cmp.Compare(x.typ, y.typ),
				cmp.Compare(projectRank[x.project], projectRank[y.project])); c >= 0 {
				t.Fatalf("seed %d: %+v before %+v", seed, x, y)
			}
		}
	}
}
