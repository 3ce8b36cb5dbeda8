package amortize

import (
	"fmt"
	"iter"
	"sync"
)

// Window serves the bills of a walk by index to readers that ask for them nearly in
// order (the writers' blocks, on several goroutines; the FOCUS rows, one after the
// other): it walks the bills once, keeping the last size of them, and walks again from
// the first when asked for one already dropped (a table printed on a terminal reads
// its rows twice). Readers copy their bill under a shared lock; the walk advances under
// the lock, a little ahead of the furthest reader, and its goroutine ends with the last
// bill.
type Window struct {
	mu   sync.RWMutex
	seq  iter.Seq[*Bill]
	next func() (*Bill, bool)
	stop func()
	ring []Bill
	made int // bills walked so far; ring holds the last len(ring) of them
}

// NewWindow is a Window of size bills over seq (a Walk, or a walk filtered from one).
func NewWindow(seq iter.Seq[*Bill], size int) *Window {
	return &Window{seq: seq, ring: make([]Bill, size)}
}

// windowAhead is how many bills the walk makes at once past the one asked for, so that
// the readers mostly find theirs made and only share the lock.
const windowAhead = 512

// At is a copy of bill i (on the caller's stack: nothing for the collector).
func (w *Window) At(i int) Bill {
	w.mu.RLock()
	if w.next != nil && i < w.made && i >= w.made-len(w.ring) {
		b := w.ring[i%len(w.ring)]
		w.mu.RUnlock()
		return b
	}
	w.mu.RUnlock()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.next == nil || i < w.made-len(w.ring) {
		if w.stop != nil {
			w.stop()
		}
		w.next, w.stop = iter.Pull(w.seq)
		w.made = 0
	}
	for w.made <= i+min(windowAhead, len(w.ring)/4) {
		b, ok := w.next()
		if !ok { // the walk is over: its goroutine ends
			w.stop()
			w.next, w.stop = func() (*Bill, bool) { return nil, false }, func() {}
			if w.made <= i {
				panic(fmt.Sprintf("amortize: bill %d of a walk of %d", i, w.made))
			}
			break
		}
		w.ring[w.made%len(w.ring)] = *b
		w.made++
	}
	return w.ring[i%len(w.ring)]
}
