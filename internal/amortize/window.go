package amortize

import (
	"fmt"
	"iter"
	"sync"
)

// Window serves the bills of a walk by index to readers that ask for them nearly in
// order (the writers' blocks, on several goroutines; the FOCUS rows, one after the
// other): it walks the bills once, a batch at a time a little ahead of the furthest
// reader, keeping the last of them in a ring, and walks again from the first when
// asked for one already dropped (a table printed on a terminal reads its rows twice).
// Readers copy their bill under a shared lock; the walk advances under the lock, and its
// goroutine ends with the last bill. A reader that finds its bill dropped part way
// (not the first bill: a reader that fell behind the others) doubles the ring, so that
// readers further apart than promised cost a few walks, not one per reader.
type Window struct {
	mu    sync.RWMutex
	seq   iter.Seq[*Bill]
	next  func() (made int, last, ok bool) // walks the next batch into the ring (batches)
	stop  func()
	ring  []Bill
	made  int  // bills walked so far; ring holds the last len(ring) of them
	done  bool // the walk reached the last bill (its goroutine has ended)
	want  int  // the last bill the batch being walked must reach
	walks int  // walks started, for tests
}

// NewWindow is a Window over seq (a Walk, or a walk filtered from one) for readers
// that ask, at any one moment, for bills among the span from the first still wanted
// (report.OutOfOrder for a table's blocks, or fewer when there are fewer bills; 1 for
// one reader in order).
func NewWindow(seq iter.Seq[*Bill], span int) *Window {
	return &Window{seq: seq, ring: make([]Bill, max(span, 1)+2*windowAhead)}
}

// windowAhead is how many bills the walk makes at once past the one asked for, so that
// the readers mostly find theirs made and only share the lock.
const windowAhead = 512

// At is a copy of bill i (on the caller's stack: nothing for the collector).
func (w *Window) At(i int) Bill {
	w.mu.RLock()
	if w.walks > 0 && i < w.made && i >= w.made-len(w.ring) {
		b := w.ring[i%len(w.ring)]
		w.mu.RUnlock()
		return b
	}
	w.mu.RUnlock()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.walks == 0 || i < w.made-len(w.ring) {
		if w.walks > 0 && i > 0 { // a reader fell behind the others
			w.ring = make([]Bill, 2*len(w.ring))
		}
		if !w.done && w.stop != nil {
			w.stop()
		}
		w.next, w.stop = iter.Pull2(w.batches())
		w.made, w.done = 0, false
		w.walks++
	}
	if i >= w.made && !w.done {
		w.want = i + windowAhead
		made, last, _ := w.next()
		w.made = made
		if last { // the walk is over: its goroutine ends
			w.stop()
			w.done = true
		}
	}
	if i >= w.made {
		panic(fmt.Sprintf("amortize: bill %d of a walk of %d", i, w.made))
	}
	return w.ring[i%len(w.ring)]
}

// batches walks the bills into the ring, handing over the number of bills walked so
// far once it is past w.want, and at the end (last set). It runs only inside w.next,
// under the lock.
func (w *Window) batches() iter.Seq2[int, bool] {
	return func(yield func(int, bool) bool) {
		made := 0
		for b := range w.seq {
			if made > w.want {
				if !yield(made, false) {
					return
				}
			}
			w.ring[made%len(w.ring)] = *b
			made++
		}
		yield(made, true)
	}
}

// Walks is how many times the bills were walked: 1 when every reader kept within the
// span (tests check it), more for a text table read twice or a reader that fell behind.
func (w *Window) Walks() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.walks
}
