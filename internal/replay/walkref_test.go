package replay

import (
	"cmp"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
)

// An independent reference of the deduction walk (rules.md §2.3 matching and time rule,
// §2.4 order, §2.8 level windows and zero quantities): per record in deduct order, every
// package is tested by brute force and the candidates ordered by sorting, with a unit
// table of its own. The tests compare the replay with it entry by entry on random
// inputs the property tests do not make: kinds of record sharing or splitting candidate
// lists (joint lists, lists walked side by side), dense level windows passed over by
// skip pointers, and replays in parts that let windows go.

type unitF struct {
	fam   string
	scale decimal.Decimal
}

var refUnits = map[string]unitF{
	"gb": {"data", decimal.NewFromInt(1024 * 1024 * 1024)}, "mb": {"data", decimal.NewFromInt(1024 * 1024)},
	"kb":    {"data", decimal.NewFromInt(1024)},
	"times": {"count", decimal.NewFromInt(1)}, "calls": {"count", decimal.NewFromInt(1)},
	"hour": {"time", decimal.NewFromInt(3600)}, "minute": {"time", decimal.NewFromInt(60)},
}

func refConv(from, to string) (func(decimal.Decimal) decimal.Decimal, bool) {
	a, ok1 := refUnits[strings.ToLower(from)]
	b, ok2 := refUnits[strings.ToLower(to)]
	if !ok1 || !ok2 {
		if strings.EqualFold(from, to) {
			return func(q decimal.Decimal) decimal.Decimal { return q }, true
		}
		return nil, false
	}
	if a.fam != b.fam {
		return nil, false
	}
	return func(q decimal.Decimal) decimal.Decimal {
		if a.scale.Equal(b.scale) {
			return q
		}
		return q.Mul(a.scale).DivRound(b.scale, 18)
	}, true
}

type refEntry struct {
	pkg      string
	period   int
	qty, rq  decimal.Decimal
	availBef decimal.Decimal
}

type refCand struct {
	pi, k int
	end   time.Time
}

func refAttrOK(p, r string) bool { return p == "" || p == r }

// refReplay returns per record id its entries and pay-per-use, and per package the
// windows opened ("start end covered").
func refReplay(l *Ledger, recs []model.Record) (map[string][]refEntry, map[string]decimal.Decimal, map[string][]string) {
	sorted := slices.Clone(recs)
	slices.SortFunc(sorted, func(a, b model.Record) int {
		if c := a.Deduct().Compare(b.Deduct()); c != 0 {
			return c
		}
		if c := a.Start().Compare(b.Start()); c != 0 {
			return c
		}
		if c := a.End().Compare(b.End()); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	used := map[[2]int]decimal.Decimal{}
	type wk struct {
		pi, k      int
		start, end int64
	}
	cov := map[wk]decimal.Decimal{}
	var wkeys []wk
	entries := map[string][]refEntry{}
	ppu := map[string]decimal.Decimal{}
	for ri := range sorted {
		r := &sorted[ri]
		st, en, de := r.Start(), r.End(), r.Deduct()
		var cands []refCand
		for pi := range l.Packages {
			ps := &l.Packages[pi]
			p := ps.Pkg
			if !strings.EqualFold(p.Product, r.Product) {
				continue
			}
			if len(p.DeductibleItems) > 0 && !slices.ContainsFunc(p.DeductibleItems, func(s string) bool { return strings.EqualFold(s, r.BillingItem) }) {
				continue
			}
			if !refAttrOK(p.Specification, r.Specification) || !refAttrOK(p.Region, r.Region) || !refAttrOK(p.EnterpriseProject, r.EnterpriseProject) {
				continue
			}
			if _, ok := refConv(r.Unit, p.Unit); !ok {
				continue
			}
			eff := p.Effective
			if !eff.Before(ps.End) {
				continue // valid at no instant
			}
			inside := p.Resettable() || p.Type.IsLevel()
			if !inside {
				if de.Before(eff) || !st.Before(ps.End) {
					continue
				}
				cands = append(cands, refCand{pi, 0, ps.Periods[0].End})
				continue
			}
			if st.Before(eff) || ps.End.Before(en) {
				continue
			}
			k := -1
			for j, per := range ps.Periods {
				last := j == len(ps.Periods)-1
				if !st.Before(per.Start) && (st.Before(per.End) || last && !per.End.Before(st)) {
					k = j
					break
				}
			}
			if k < 0 || ps.Periods[k].End.Before(en) {
				continue
			}
			cands = append(cands, refCand{pi, k, ps.Periods[k].End})
		}
		slices.SortFunc(cands, func(a, b refCand) int {
			if c := a.end.Compare(b.end); c != 0 {
				return c
			}
			pa, pb := l.Packages[a.pi].Pkg, l.Packages[b.pi].Pkg
			if c := pa.Effective.Compare(pb.Effective); c != 0 {
				return c
			}
			if c := model.CompareOrderTime(pa.OrderTime, pb.OrderTime); c != 0 {
				return c
			}
			return strings.Compare(pa.ID, pb.ID)
		})
		rest := r.Quantity.Dec()
		done := false
		for _, c := range cands {
			if done {
				break
			}
			ps := &l.Packages[c.pi]
			p := ps.Pkg
			var avail decimal.Decimal
			level := p.Type.IsLevel()
			s, e, _ := r.Stamps()
			key := wk{c.pi, c.k, int64(s), int64(e)}
			if level {
				if _, ok := cov[key]; !ok {
					cov[key] = decimal.Zero
					wkeys = append(wkeys, key)
				}
				avail = p.Capacity.Sub(cov[key])
			} else {
				avail = p.Capacity.Sub(used[[2]int{c.pi, c.k}])
			}
			if avail.Sign() <= 0 {
				continue
			}
			if rest.Sign() == 0 {
				break
			}
			to, _ := refConv(r.Unit, p.Unit)
			back, _ := refConv(p.Unit, r.Unit)
			take, part := to(rest), rest
			if avail.LessThan(take) {
				take, part = avail, back(avail)
				if part.GreaterThan(rest) {
					part = rest
				}
			}
			entries[r.ID] = append(entries[r.ID], refEntry{p.ID, c.k, take, part, avail})
			if level {
				cov[key] = cov[key].Add(take)
			} else {
				used[[2]int{c.pi, c.k}] = used[[2]int{c.pi, c.k}].Add(take)
			}
			if part.Equal(rest) {
				rest = decimal.Zero
				done = true
			} else {
				rest = rest.Sub(part)
			}
		}
		ppu[r.ID] = rest
	}
	wins := map[string][]string{}
	for _, k := range wkeys {
		id := l.Packages[k.pi].Pkg.ID
		wins[id] = append(wins[id], fmt.Sprintf("%d %d %d %s", k.k, k.start, k.end, cov[k].String()))
	}
	for id := range wins {
		slices.Sort(wins[id])
	}
	return entries, ppu, wins
}

// refCompare compares l's entries, pay-per-use rests and level windows with the
// reference's, in the ledger's record order, reporting the first difference; false then.
func refCompare(t *testing.T, tag string, l *Ledger, recs []model.Record) bool {
	t.Helper()
	ents, ppu, wins := refReplay(l, recs)
	var gotB, wantB strings.Builder
	ids := []string{}
	for _, r := range l.Records {
		ids = append(ids, r.Rec.ID)
	}
	for _, r := range l.Records {
		fmt.Fprintf(&gotB, "R %s p=%s\n", r.Rec.ID, r.PayPerUse.Dec().String())
		for i := range r.Entries() {
			e := &l.Entries[i]
			if e.Package < 0 {
				continue
			}
			fmt.Fprintf(&gotB, "  E %s %d %s %s avail=%s\n", l.Packages[e.Package].Pkg.ID, e.Period, e.Quantity.Dec().String(), e.RecordQuantity.Dec().String(), e.AvailableBefore.Dec().String())
		}
	}
	for _, id := range ids {
		fmt.Fprintf(&wantB, "R %s p=%s\n", id, ppu[id].String())
		for _, e := range ents[id] {
			fmt.Fprintf(&wantB, "  E %s %d %s %s avail=%s\n", e.pkg, e.period, e.qty.String(), e.rq.String(), e.availBef.String())
		}
	}
	ok := true
	if g, w := gotB.String(), wantB.String(); g != w {
		gl, wl := strings.Split(g, "\n"), strings.Split(w, "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Errorf("%s: first difference at line %d:\n got: %s\nwant: %s\n(context got: %s)", tag, i, gl[i], wl[i], strings.Join(gl[max(0, i-3):min(len(gl), i+4)], " | "))
				break
			}
		}
		ok = false
	}
	if os.Getenv("REF_WINDOWS") != "" {
		for pi := range l.Packages {
			id := l.Packages[pi].Pkg.ID
			var got []string
			for _, w := range l.Windows(pi) {
				got = append(got, fmt.Sprintf("%d %d %d %s", w.Period, stampNum(w.Start), stampNum(w.End), w.Covered.String()))
			}
			slices.Sort(got)
			if strings.Join(got, ";") != strings.Join(wins[id], ";") {
				t.Errorf("%s: windows of %s: got %v want %v", tag, id, got, wins[id])
				ok = false
			}
		}
	}
	return ok
}

// ---- random inputs the property tests do not make ----

func walkScenario(rng *rand.Rand, maxPkgs, maxRecs int) ([]model.Package, []model.Record) {
	base := at("2024-01-01")
	hour := func(max int) time.Time { return base.Add(time.Duration(rng.Intn(max)) * time.Hour) }
	pick := func(xs ...string) string { return xs[rng.Intn(len(xs))] }
	qty := func() decimal.Decimal {
		switch rng.Intn(4) {
		case 0:
			return decimal.Zero
		case 1:
			return decimal.New(int64(rng.Intn(50)), -int32(rng.Intn(2)))
		}
		return decimal.NewFromInt(int64(1 + rng.Intn(20)))
	}
	span := 6 * 24
	pkgs := make([]model.Package, 1+rng.Intn(maxPkgs))
	orders := []time.Time{{}, hour(10), hour(10)}
	for i := range pkgs {
		from := hour(span)
		if rng.Intn(3) == 0 {
			from = from.Truncate(24 * time.Hour)
		}
		p := model.Package{ID: fmt.Sprintf("p%02d", i), Product: pick("OBS", "OBS", "OBS", "CDN"),
			Region: pick("", "", "r1", "r2"), Specification: pick("", "", "", "s1"), EnterpriseProject: pick("", "", "", "e1"),
			Effective: from, Expiration: from.Add(time.Duration(1+rng.Intn(4*24)) * time.Hour),
			Capacity: qty(), Unit: pick("GB", "GB", "MB", "times", "calls", "hour"), OrderTime: orders[rng.Intn(3)], Currency: "USD"}
		switch rng.Intn(4) {
		case 0:
			p.DeductibleItems = []string{pick("x", "y")}
		case 1:
			p.DeductibleItems = []string{"x", "y"}
		}
		p.ResetCycle = model.ResetCycle(rng.Intn(4)) // none, hour, day, week
		p.ResetAnchor.Kind = model.AnchorKind(rng.Intn(4))
		p.ResetAnchor.Clock = time.Duration(rng.Intn(24)) * time.Hour
		p.ResetAnchor.At = hour(span)
		switch rng.Intn(4) {
		case 0:
			p.Type = model.TypeStorage
		case 1:
			p.Type = model.TypeReservedInstance
		}
		switch rng.Intn(8) {
		case 0:
			p.Destroyed = p.Effective // empty validity
		case 1:
			p.Destroyed = p.Effective.Add(time.Duration(rng.Intn(3*24)) * time.Hour)
		}
		if i > 0 && rng.Intn(8) == 0 {
			p.OrderType, p.OriginalID = model.OrderUpgrade, pkgs[rng.Intn(i)].ID
			if !pkgs[rng.Intn(i)].Effective.Before(p.Effective) {
				p.OriginalID = ""
			}
		}
		pkgs[i] = p
	}
	recs := make([]model.Record, 1+rng.Intn(maxRecs))
	attrsPool := []*model.RecordAttrs{}
	for i := range recs {
		var start time.Time
		switch rng.Intn(4) {
		case 0: // at a package's boundary
			p := &pkgs[rng.Intn(len(pkgs))]
			start = pick2(rng, p.Effective, p.Expiration, p.Destroyed, p.Effective.Add(24*time.Hour))
			if start.IsZero() {
				start = hour(span)
			}
		case 1:
			start = hour(span).Truncate(24 * time.Hour)
		default:
			start = hour(span)
		}
		var end time.Time
		switch rng.Intn(5) {
		case 0:
			end = start
		default:
			end = start.Add(time.Duration(rng.Intn(4)) * time.Hour)
		}
		if rng.Intn(4) == 0 { // start before a boundary instant
			start = start.Add(-time.Duration(rng.Intn(3)) * time.Hour)
		}
		var a *model.RecordAttrs
		if len(attrsPool) > 0 && rng.Intn(3) > 0 {
			a = attrsPool[rng.Intn(len(attrsPool))]
		} else {
			a = &model.RecordAttrs{Product: pick("OBS", "OBS", "OBS", "CDN"),
				BillingItem: pick("x", "x", "y", "z"), Region: pick("", "r1", "r1", "r2", "r3", "r"+strconv.Itoa(rng.Intn(20))),
				Specification: pick("", "s1", "s1", "s2"), EnterpriseProject: pick("", "e1", "e2", "e"+strconv.Itoa(rng.Intn(20))),
				Unit: pick("GB", "GB", "MB", "KB", "times", "calls", "minute", "hour"), Loc: shanghai}
			attrsPool = append(attrsPool, a)
		}
		q := qty()
		if rng.Intn(3) == 0 {
			q = decimal.New(int64(rng.Intn(5)), 0)
		}
		deduct := end.Add(time.Duration(rng.Intn(3)) * time.Hour)
		if rng.Intn(5) == 0 {
			deduct = end.Add(time.Duration(rng.Intn(50)) * time.Hour)
		}
		recs[i] = model.Record{ID: fmt.Sprintf("r%03d", i), RecordAttrs: a,
			Quantity: exact.AmountOf(q)}.WithTimes(start, end, deduct)
	}
	// many records of a few windows (full windows, skip pointers)
	if rng.Intn(2) == 0 && len(recs) > 4 {
		for i := range recs {
			if rng.Intn(2) == 0 {
				j := rng.Intn(4)
				recs[i] = recs[i].WithTimes(recs[j].Start(), recs[j].End(), recs[i].Deduct().Add(0))
				if recs[i].Deduct().Before(recs[i].End()) {
					recs[i].SetDeduct(recs[i].End())
				}
			}
		}
	}
	return pkgs, recs
}

func pick2(rng *rand.Rand, ts ...time.Time) time.Time { return ts[rng.Intn(len(ts))] }

// The replay agrees with the reference on random inputs, whatever the joint lists'
// budget, the full windows met before they are marked, and the workers.
func TestWalkReference(t *testing.T) {
	given, full := listBudget, passedFull
	defer func(n int) { listBudget, sequentialBelow, passedFull = given, n, full }(sequentialBelow)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	n := 300 / raceScale
	if s := os.Getenv("REF_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	fails := 0
	var stats [8]int
	replayed = func(rp *replayer, _ []*worker) {
		for _, c := range rp.classList {
			if len(c.parts) > 1 {
				stats[4]++
			}
		}
		stats[5] += len(rp.lists.joint)
		rp.lists.each(func(l *candList) {
			if l.full != nil {
				stats[6]++
				for _, sk := range l.full.byKey {
					stats[7] += len(sk)
				}
			}
		})
	}
	defer func() {
		replayed = nil
		t.Logf("entries %d level %d partial %d ppu %d sideBySide %d joint %d fullLists %d skips %d", stats[0], stats[1], stats[2], stats[3], stats[4], stats[5], stats[6], stats[7])
		if stats[1] == 0 || stats[4] == 0 || stats[5] == 0 || stats[7] == 0 {
			t.Errorf("the seeds made no level entry, no class walking lists side by side, no joint list or no skip pointer: the reference compared too little")
		}
	}()
	for seed := int64(0); seed < int64(n) && fails < 5; seed++ {
		rng := rand.New(rand.NewSource(seed))
		mp, mr := 14, 120
		if os.Getenv("REF_BIG") != "" {
			mp, mr = 60, 600
		}
		pkgs, recs := walkScenario(rng, mp, mr)
		if os.Getenv("REF_FRAC") != "" {
			jit := func() time.Duration {
				if rng.Intn(3) == 0 {
					return time.Duration(rng.Intn(2000)-1000) * time.Millisecond
				}
				return 0
			}
			for i := range pkgs {
				pkgs[i].Effective = pkgs[i].Effective.Add(jit())
				pkgs[i].Expiration = pkgs[i].Expiration.Add(jit())
				if !pkgs[i].Expiration.After(pkgs[i].Effective) {
					pkgs[i].Expiration = pkgs[i].Effective.Add(time.Hour)
				}
				if !pkgs[i].Destroyed.IsZero() {
					pkgs[i].Destroyed = pkgs[i].Destroyed.Add(jit())
					if pkgs[i].Destroyed.Before(pkgs[i].Effective) {
						pkgs[i].Destroyed = pkgs[i].Effective
					}
				}
			}
			for i := range recs {
				s, e := recs[i].Start().Add(jit()), recs[i].End().Add(jit())
				if e.Before(s) {
					e = s
				}
				d := recs[i].Deduct().Add(jit())
				if d.Before(e) {
					d = e
				}
				recs[i] = recs[i].WithTimes(s, e, d)
			}
		}
		for v, budget := range []func(int, int) int{given, none, plenty, tight} {
			listBudget = budget
			passedFull = []int{8, 0, 1}[(int(seed)+v)%3]
			sequentialBelow = []int{0, 1 << 30}[seed%2]
			l, err := runWorkers(pkgs, recs, Options{Location: shanghai, Precision: 2}, 1+int(seed%2))
			if err != nil {
				t.Logf("seed %d: %v", seed, err)
				continue
			}
			for _, e := range l.Entries {
				if e.Package >= 0 {
					stats[0]++
					if e.Window >= 0 {
						stats[1]++
					}
					if e.RecordQuantity.Dec().LessThan(l.Records[e.Record].Rec.Quantity.Dec()) {
						stats[2]++
					}
				} else {
					stats[3]++
				}
			}
			if !refCompare(t, fmt.Sprintf("seed %d variant %d", seed, v), l, recs) {
				fails++
				break
			}
		}
		// a session in parts
		listBudget, passedFull = given, []int{8, 0}[seed%2]
		sorted := slices.Clone(recs)
		slices.SortFunc(sorted, func(a, b model.Record) int { return keyOf(&a).compare(keyOf(&b)) })
		s, err := NewSession(pkgs, Options{Location: shanghai, Precision: 2})
		if err != nil {
			continue
		}
		want, _ := Run(pkgs, recs, Options{Location: shanghai, Precision: 2})
		out := ""
		k := 1 + rng.Intn(10)
		for i := 0; i < len(sorted); i += k {
			part, err := s.Replay(sorted[i:min(i+k, len(sorted))])
			if err != nil {
				t.Fatal(err)
			}
			out += entryLines(part)
		}
		if out != entryLines(want) {
			t.Errorf("seed %d: session in parts of %d differs from Run", seed, k)
			fails++
		}
	}
}

var _ = cmp.Compare[int]

func stampNum(t time.Time) int64 { s, _ := model.StampOf(t); return int64(s) }

// denseScenario: many storage packages of small capacity sharing one list with usage
// packages that start between a window's start and its records' deduct times; records of
// a few windows with many deduct times, attributes varying in fields no package sets.
func denseScenario(rng *rand.Rand) ([]model.Package, []model.Record) {
	base := at("2024-01-01")
	hour := func(n int) time.Time { return base.Add(time.Duration(n) * time.Hour) }
	pick := func(xs ...string) string { return xs[rng.Intn(len(xs))] }
	np := 5 + rng.Intn(40)
	pkgs := make([]model.Package, np)
	for i := range pkgs {
		from := hour(rng.Intn(48))
		p := model.Package{ID: fmt.Sprintf("p%02d", i), Product: "OBS", Effective: from,
			Expiration: from.Add(time.Duration(1+rng.Intn(96)) * time.Hour),
			Capacity:   decimal.NewFromInt(int64(rng.Intn(4))), Unit: pick("GB", "GB", "MB"), Currency: "USD",
			Region: pick("", "", "", "r1"), EnterpriseProject: pick("", "", "", "e1")}
		switch rng.Intn(3) {
		case 0:
			p.Type = model.TypeStorage
		case 1:
			p.Type = model.TypeReservedInstance
		}
		if rng.Intn(3) == 0 {
			p.ResetCycle = model.ResetCycle(1 + rng.Intn(2))
			p.ResetAnchor.Kind = model.AnchorKind(rng.Intn(2))
		}
		if rng.Intn(4) == 0 {
			p.OrderTime = hour(rng.Intn(3))
		}
		if rng.Intn(10) == 0 {
			p.Destroyed = p.Effective
		}
		pkgs[i] = p
	}
	type win struct{ s, e time.Time }
	var wins []win
	for range 1 + rng.Intn(4) {
		s := hour(rng.Intn(72))
		wins = append(wins, win{s, s.Add(time.Duration(rng.Intn(3)) * time.Hour)})
	}
	nr := 20 + rng.Intn(300)
	recs := make([]model.Record, nr)
	var pool []*model.RecordAttrs
	for i := range 1 + rng.Intn(6) {
		pool = append(pool, &model.RecordAttrs{Product: "OBS", BillingItem: "x", Region: pick("", "r1", "r2", "r"+strconv.Itoa(i)),
			Specification: pick("", "s"+strconv.Itoa(i)), EnterpriseProject: pick("", "e1", "e"+strconv.Itoa(i)),
			Unit: pick("GB", "GB", "MB", "KB"), Loc: shanghai})
	}
	for i := range recs {
		w := wins[rng.Intn(len(wins))]
		if rng.Intn(6) == 0 {
			s := hour(rng.Intn(72))
			w = win{s, s.Add(time.Duration(rng.Intn(3)) * time.Hour)}
		}
		d := w.e.Add(time.Duration(rng.Intn(72)) * time.Hour)
		q := decimal.NewFromInt(int64(rng.Intn(3)))
		if rng.Intn(5) == 0 {
			q = decimal.New(int64(rng.Intn(30)), -1)
		}
		recs[i] = model.Record{ID: fmt.Sprintf("r%03d", i), RecordAttrs: pool[rng.Intn(len(pool))],
			Quantity: exact.AmountOf(q)}.WithTimes(w.s, w.e, d)
	}
	return pkgs, recs
}

// The replay agrees with the reference where many level windows fill and skip
// pointers are made, some bounded by usage periods that start later.
func TestWalkReferenceDense(t *testing.T) {
	given, full := listBudget, passedFull
	defer func(n int) { listBudget, sequentialBelow, passedFull = given, n, full }(sequentialBelow)
	n := 150 / raceScale
	if s := os.Getenv("REF_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	fails := 0
	var st [4]int
	replayed = func(rp *replayer, ws []*worker) {
		rp.lists.each(func(l *candList) {
			if l.full != nil {
				st[0]++
				for _, sk := range l.full.byKey {
					st[1] += len(sk)
					for _, x := range sk {
						if x.until != 1<<63-1 {
							st[2]++
						}
					}
				}
			}
		})
		for _, w := range ws {
			st[3] += w.visited
		}
	}
	defer func() {
		replayed = nil
		t.Logf("fullLists %d skips %d bounded %d visited %d", st[0], st[1], st[2], st[3])
		if st[1] == 0 || st[2] == 0 {
			t.Errorf("the seeds made no skip pointer, or none bounded by a usage period starting later")
		}
	}()
	for seed := int64(0); seed < int64(n) && fails < 3; seed++ {
		rng := rand.New(rand.NewSource(seed))
		pkgs, recs := denseScenario(rng)
		for v, budget := range []func(int, int) int{given, none, plenty} {
			listBudget = budget
			passedFull = []int{0, 1, 8}[(int(seed)+v)%3]
			l, err := runWorkers(pkgs, recs, Options{Location: shanghai, Precision: 2}, 1)
			if err != nil {
				t.Fatal(err)
			}
			if !refCompare(t, fmt.Sprintf("dense seed %d variant %d", seed, v), l, recs) {
				fails++
				break
			}
		}
	}
}

// streamScenario: level packages of small capacity over ten days, hourly windows each
// met by many records of several classes deducted at their end, usage packages between.
func streamScenario(rng *rand.Rand) ([]model.Package, []model.Record) {
	base := at("2024-01-01")
	hour := func(n int) time.Time { return base.Add(time.Duration(n) * time.Hour) }
	pick := func(xs ...string) string { return xs[rng.Intn(len(xs))] }
	np := 3 + rng.Intn(25)
	pkgs := make([]model.Package, np)
	for i := range pkgs {
		from := hour(rng.Intn(120))
		p := model.Package{ID: fmt.Sprintf("p%02d", i), Product: "OBS", Effective: from,
			Expiration: from.Add(time.Duration(1+rng.Intn(200)) * time.Hour),
			Capacity:   decimal.NewFromInt(int64(rng.Intn(4))), Unit: "GB", Currency: "USD",
			Region: pick("", "", "r1")}
		if rng.Intn(3) > 0 {
			p.Type = model.TypeStorage
		}
		if rng.Intn(3) == 0 {
			p.ResetCycle = model.ResetCycle(1 + rng.Intn(2))
		}
		pkgs[i] = p
	}
	var recs []model.Record
	pool := []*model.RecordAttrs{}
	for i := range 4 {
		pool = append(pool, &model.RecordAttrs{Product: "OBS", BillingItem: "x", Region: pick("r1", "r2", ""),
			EnterpriseProject: pick("", "e"+strconv.Itoa(i)), Unit: pick("GB", "MB"), Loc: shanghai})
	}
	n := 0
	for h := 0; h < 240; h++ {
		for range rng.Intn(6) {
			s := hour(h)
			e := s.Add(time.Hour)
			if rng.Intn(8) == 0 {
				e = s
			}
			d := e.Add(time.Duration(rng.Intn(20)) * time.Minute)
			if rng.Intn(200) == 0 { // a correction, long after
				s = s.Add(-time.Duration(rng.Intn(100)) * time.Hour)
			}
			q := decimal.NewFromInt(int64(rng.Intn(3)))
			if pool[0].Unit == "MB" && rng.Intn(2) == 0 {
				q = decimal.NewFromInt(int64(rng.Intn(3000)))
			}
			recs = append(recs, model.Record{ID: fmt.Sprintf("r%05d", n), RecordAttrs: pool[rng.Intn(len(pool))],
				Quantity: exact.AmountOf(q)}.WithTimes(s, e, d))
			n++
		}
	}
	return pkgs, recs
}

// A replay in parts that lets windows go gives Run's entries and level windows, or
// stops at a record whose window was let go of (LateError), never other deductions.
func TestWalkStreamRetiring(t *testing.T) {
	given, full := listBudget, passedFull
	defer func() { listBudget, passedFull = given, full }()
	n := 60 / raceScale
	if s := os.Getenv("REF_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	same, late := 0, 0
	for seed := int64(0); seed < int64(n); seed++ {
		rng := rand.New(rand.NewSource(seed))
		pkgs, recs := streamScenario(rng)
		roughly(rng, recs)
		passedFull = []int{0, 1, 8}[seed%3]
		listBudget = []func(int, int) int{given, none, plenty}[(seed/3)%3]
		opt := Options{Location: shanghai, Precision: 2}
		want, err := Run(pkgs, recs, opt)
		if err != nil {
			t.Fatal(err)
		}
		refCompare(t, fmt.Sprintf("stream seed %d (Run)", seed), want, recs)
		keep := seed%2 == 0
		got, _, end, err := streamRetiring(t, pkgs, recs, opt, 8+rng.Intn(60), keep)
		var le *LateError
		if errors.As(err, &le) {
			late++
			continue
		} else if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if w := entryLines(want); got != w {
			gl, wl := strings.Split(got, "\n"), strings.Split(w, "\n")
			for i := range min(len(gl), len(wl)) {
				if gl[i] != wl[i] {
					t.Errorf("seed %d: stream differs at line %d:\n got %s\nwant %s", seed, i, gl[i], wl[i])
					break
				}
			}
			continue
		}
		if keep {
			if g, w := levelLines(end), levelLines(want); g != w {
				t.Errorf("seed %d: level lines differ", seed)
			}
		}
		same++
	}
	t.Logf("same %d late %d", same, late)
	if same == 0 {
		t.Errorf("no seed replayed in parts to the end")
	}
}
