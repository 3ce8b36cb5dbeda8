package amortize

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/par"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// billRefs yields n held bills, bill k with PackageID "P<k>", in runs in one reused
// slice as a walk does.
func billRefs(n int) func(yield func([]ref) bool) {
	bills := make([]Bill, n)
	for k := range bills {
		bills[k].PackageID = fmt.Sprint("P", k)
	}
	// in runs of several sizes, one longer than a batch, in one reused slice (as a walk
	// hands its days over)
	runs := []int{1, 7, windowAhead + 3, 2}
	return func(yield func([]ref) bool) {
		var refs []ref
		for k, r := 0, 0; k < len(bills); r++ {
			refs = refs[:0]
			for range runs[r%len(runs)] {
				if k < len(bills) {
					refs = append(refs, ref{held: &bills[k]})
					k++
				}
			}
			if !yield(refs) {
				return
			}
		}
	}
}

// heldWindow is a Window over the held bills of seq.
func heldWindow(seq func(yield func([]ref) bool), span int) *Window {
	return newWindow(seq, span, nil)
}

// A Window read in order gives every bill once walked, and its walk's goroutine ends
// with the last bill, whatever the count is against the batches (the walk ending on a
// batch's last bill included).
func TestWindowInOrder(t *testing.T) {
	for _, n := range []int{1, 2, windowAhead, windowAhead + 1, windowAhead + 2, 2*windowAhead + 1, 5000} {
		w := heldWindow(billRefs(n), 1)
		for i := range n {
			if b := w.At(i); b.PackageID != fmt.Sprint("P", i) {
				t.Fatalf("n=%d: bill %d is %s", n, i, b.PackageID)
			}
		}
		if done := w.ended(); !done || w.Walks() != 1 {
			t.Errorf("n=%d: after the last bill: done %v, %d walks; want the walk over, once", n, done, w.Walks())
		}
		if b := w.At(0); b.PackageID != "P0" || (n > w.holds() && w.Walks() != 2) {
			t.Errorf("n=%d: read again from the first: %s, %d walks", n, b.PackageID, w.Walks())
		}
	}
}

// After a walk that ends on a short batch, a bill of the batch that short batch took
// the place of is walked again, not read from the short batch's place.
func TestWindowShortLastBatch(t *testing.T) {
	n := 5*windowAhead + 32 // batches 0 … 5, the last of 32 bills
	w := heldWindow(billRefs(n), 1)
	if w.holds() != 3*windowAhead {
		t.Fatalf("the ring holds %d bills, want 3 batches", w.holds())
	}
	for i := range n {
		w.At(i)
	}
	for _, i := range []int{n - w.holds() + 10, 3 * windowAhead, n - 1} {
		if b := w.At(i); b.PackageID != fmt.Sprint("P", i) {
			t.Fatalf("bill %d is %s", i, b.PackageID)
		}
	}
}

// Readers on several goroutines, each reading blocks of its own as the writers do
// (goroutine k blocks k, k+G, …), get every bill right; a ring smaller than how far
// apart they read grows until it holds them, after a few walks.
func TestWindowConcurrentReaders(t *testing.T) {
	const n, block, readers = 20000, 100, 8
	for _, span := range []int{readers * block, 10} {
		w := heldWindow(billRefs(n), span)
		for _, msg := range readBlocks(w, n, block, readers) {
			t.Fatalf("span %d: %s", span, msg)
		}
		if w.Walks() > 12 {
			t.Errorf("span %d: %d walks for readers %d bills apart: the ring does not grow", span, w.Walks(), readers*block)
		}
	}
}

// readBlocks reads bills 0 … n-1 of w on readers goroutines as the writers do
// (goroutine k reads blocks k, k+readers, … of block bills) and says which were wrong.
func readBlocks(w *Window, n, block, readers int) []string {
	var wg sync.WaitGroup
	bad := make(chan string, readers)
	for k := range readers {
		wg.Go(func() {
			for lo := k * block; lo < n; lo += readers * block {
				for i := lo; i < min(lo+block, n); i++ {
					if b := w.At(i); b.PackageID != fmt.Sprint("P", i) {
						bad <- fmt.Sprintf("bill %d is %s", i, b.PackageID)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(bad)
	var out []string
	for msg := range bad {
		out = append(out, msg)
	}
	return out
}

// ended waits for the walk's goroutine to end (a test that hangs here has found one
// that does not) and reports whether the walk reached the last bill.
func (w *Window) ended() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.running {
		w.moved.Wait()
	}
	return w.done
}

// A walk that panics (a bug) makes every reader waiting for a bill it did not hand over
// raise that panic (as par.Panic, with the value), on its own goroutine: none waits
// for ever, and the program's recover sees it.
func TestWindowWalkPanics(t *testing.T) {
	const n, bad = 3 * windowAhead, 2*windowAhead + 7
	seq := func(yield func([]ref) bool) {
		for refs := range billRefs(n) {
			for _, r := range refs {
				if r.held.PackageID == fmt.Sprint("P", bad) {
					panic("walk broke")
				}
			}
			if !yield(refs) {
				return
			}
		}
	}
	w := heldWindow(seq, 4*windowAhead)
	const readers = 4
	got := make(chan any, readers)
	for k := range readers {
		go func() {
			defer func() { got <- recover() }()
			w.At(bad + k*100)
		}()
	}
	for range readers {
		r := <-got
		if p, ok := r.(*par.Panic); !ok || p.Value != "walk broke" {
			t.Fatalf("a reader ended with %#v, want *par.Panic of \"walk broke\"", r)
		}
	}
}

// Readers waiting for the walk wake it, not each other: on one processor, eight readers
// of a walk that lets others run between bills all get their bills. (A reader that
// broadcast on every wake-up kept the others busy waking, and the walk all but
// stopped: this took minutes, not milliseconds.)
func TestWindowWaitingReadersLetTheWalkRun(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	const n, block, readers = 7000, 100, 8
	seq := func(yield func([]ref) bool) {
		for refs := range billRefs(n) {
			for k := range refs { // one bill at a time
				runtime.Gosched()
				if !yield(refs[k : k+1]) {
					return
				}
			}
		}
	}
	w := heldWindow(seq, readers*block)
	var bad []string
	done := make(chan struct{})
	go func() { bad = readBlocks(w, n, block, readers); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Minute): // a liveness bound, not a speed test: it takes milliseconds
		t.Fatal("readers still waiting after a minute: they keep waking each other, not the walk")
	}
	for _, msg := range bad {
		t.Error(msg)
	}
	if w.Walks() != 1 {
		t.Errorf("%d walks, want 1", w.Walks())
	}
}

// A Window's walk runs ahead on its own goroutine while the caller walks and tallies
// the same result: each on caches of its own (for the race detector, which CI runs on
// this package), and the bills are the same either way.
func TestWindowWalksBesideTheCaller(t *testing.T) {
	var pkgs []model.Package
	for k := range 40 {
		p := pkg(fmt.Sprintf("L%03d", k), "ECS", "2024-01-01 00:00", "2025-01-01 00:00", "1", "GB", "365", model.ResetNone)
		p.Amortization = model.MethodLinear
		pkgs = append(pkgs, p)
	}
	l, err := replay.Run(pkgs, nil, replay.Options{Location: sh, Precision: 2})
	if err != nil {
		t.Fatal(err)
	}
	res, err := RunLazy(l, cfgAsOf(time.Time{}))
	if err != nil {
		t.Fatal(err)
	}
	w := res.Window(time.Time{}, time.Time{}, 1)
	first := w.At(0) // the walk now runs up to a batch ahead, beside what follows
	from := at("2024-03-01 00:00")
	var walked []string
	for b := range res.Walk(from, time.Time{}) {
		walked = append(walked, exactBill(*b))
	}
	tally := res.Tally(time.Time{}, time.Time{})
	if tally.Bills != 40*366 || len(walked) == 0 {
		t.Fatalf("%d bills tallied, %d walked from March", tally.Bills, len(walked))
	}
	skip := tally.Bills - len(walked) // the bills before March
	for i, want := range walked {
		if got := w.At(skip + i); exactBill(got) != want {
			t.Fatalf("bill %d: window %s, walk %s", skip+i, exactBill(got), want)
		}
	}
	for b := range res.Walk(time.Time{}, time.Time{}) {
		if exactBill(*b) != exactBill(first) {
			t.Fatalf("first bill: window %s, walk %s", exactBill(first), exactBill(*b))
		}
		break
	}
}

// Property: Plain tells the plain bills (a package's linear rows) and what sets each
// apart, and the plain bills of one key agree in every other field: the bill made from
// the ref is the key's first plain bill with its own date, billing cycle and amount. The
// other bills (used, unused and refund rows, and held bills) are not plain.
func TestPlainBills(t *testing.T) {
	plain, other := 0, 0
	eachRandWindow(t, rand.New(rand.NewPCG(23, 24)), func(iter int, l *replay.Ledger, w *Window, n int) {
		first := map[int]Bill{} // by key, with no date, cycle or amount
		for i := range n {
			b := w.At(i)
			p, ok := w.Plain(i)
			if !ok {
				other++
				if b.Method == model.MethodLinear && b.Type != model.BillRefund {
					t.Fatalf("iter %d bill %d: a linear row not plain: %s", iter, i, exactBill(b))
				}
				continue
			}
			plain++
			if p.Key < 0 || p.Key >= w.Keys() || b.PackageID != l.Packages[p.Key].Pkg.ID {
				t.Fatalf("iter %d bill %d: key %d of %d for %s", iter, i, p.Key, w.Keys(), b.PackageID)
			}
			if !p.Date.Equal(b.Date) || p.Date.Location() != b.Date.Location() || p.Cycle != b.BillingCycle ||
				exactText(decimal.New(p.Coef, p.Exp)) != exactText(b.Amount) {
				t.Fatalf("iter %d bill %d: plain %v %s %de%d, bill %s", iter, i, p.Date, p.Cycle, p.Coef, p.Exp, exactBill(b))
			}
			b.Date, b.BillingCycle, b.Amount = time.Time{}, "", decimal.Decimal{}
			if f, seen := first[p.Key]; !seen {
				first[p.Key] = b
			} else if exactBill(f) != exactBill(b) {
				t.Fatalf("iter %d bill %d: plain bills of key %d differ:\n  %s\n  %s", iter, i, p.Key, exactBill(f), exactBill(b))
			}
		}
	})
	held := heldWindow(billRefs(3), 1)
	if _, ok := held.Plain(0); ok || held.Keys() != 0 {
		t.Fatal("a held bill is plain")
	}
	if plain < 10000 || other < 1000 {
		t.Fatalf("%d plain bills, %d others: the scenarios hardly amortize", plain, other)
	}
}

// Property: AtExact is At with the amount and quantity as exact amounts: put back into
// its Bill they give At's, value and exponent alike; a held bill is At's as it is.
func TestAtExactIsAt(t *testing.T) {
	exactOnes, withQty := 0, 0
	eachRandWindow(t, rand.New(rand.NewPCG(25, 26)), func(iter int, _ *replay.Ledger, w *Window, n int) {
		for i := range n {
			want := w.At(i)
			b, amt, qty, ok := w.AtExact(i)
			if ok {
				exactOnes++
				if !b.Amount.IsZero() || b.Amount.Exponent() != 0 || !b.Quantity.Decimal.IsZero() || b.Quantity.Decimal.Exponent() != 0 {
					t.Fatalf("iter %d bill %d: AtExact made decimals: %s", iter, i, exactBill(b))
				}
				b.Amount = amt.Dec()
				if b.Quantity.Valid {
					withQty++
					b.Quantity.Decimal = qty.Dec()
				}
			}
			if exactBill(b) != exactBill(want) {
				t.Fatalf("iter %d bill %d (exact %v):\n  AtExact %s\n  At      %s", iter, i, ok, exactBill(b), exactBill(want))
			}
		}
	})
	held := heldWindow(billRefs(3), 1)
	if b, _, _, ok := held.AtExact(1); ok || b.PackageID != "P1" {
		t.Fatalf("a held bill: %v, %s", ok, b.PackageID)
	}
	if exactOnes < 10000 || withQty < 1000 {
		t.Fatalf("%d bills given exactly, %d with a quantity: the scenarios hardly amortize", exactOnes, withQty)
	}
}

// eachRandWindow calls f with 200 random ledgers (randLedger) amortized as of their
// as-of, each with a Window over all its n bills for one reader.
func eachRandWindow(t *testing.T, r *rand.Rand, f func(iter int, l *replay.Ledger, w *Window, n int)) {
	t.Helper()
	for iter := 0; iter < 200; iter++ {
		l, asOf := randLedger(t, r)
		res, err := RunLazy(l, cfgAsOf(asOf))
		if err != nil {
			t.Fatal(err)
		}
		f(iter, l, res.Window(time.Time{}, time.Time{}, 1), res.Tally(time.Time{}, time.Time{}).Bills)
	}
}
