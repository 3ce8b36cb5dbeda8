// Package par runs work on goroutines of its own without losing a panic there.
//
// A panic is a bug, and pkgctl reports a bug as exit 3 with "internal error" (cli.Main
// recovers it). A panic on a goroutine that Main does not run would instead end the
// program at once with a dump of every goroutine; and a goroutine that panics while
// others wait for what it makes would leave them waiting. So every goroutine pkgctl
// starts catches its panic (Catch) and hands it to the goroutine that waits for its
// work, which raises it again: a Group's Wait, the writer of formatted blocks, the
// readers of the bills' walk, the loader's merge.
package par

import (
	"fmt"
	"runtime/debug"
	"sync"
)

// Panic is a panic caught on one goroutine to be raised again on another: the value
// and the stack of the goroutine that panicked.
type Panic struct {
	Value any
	Stack []byte
}

// Error says what panicked and where.
func (p *Panic) Error() string {
	return fmt.Sprintf("%v\n\ngoroutine that panicked:\n%s", p.Value, p.Stack)
}

// Catch runs f and returns its panic, if any (nil when f returned). A *Panic raised
// again and caught once more is returned as it is, with the stack where it began.
func Catch(f func()) (p *Panic) {
	defer func() {
		if r := recover(); r != nil {
			if q, ok := r.(*Panic); ok {
				p = q
				return
			}
			p = &Panic{Value: r, Stack: debug.Stack()}
		}
	}()
	f()
	return nil
}

// Group is a sync.WaitGroup whose Wait raises again the first panic of the functions
// it ran (after all of them ended).
type Group struct {
	wg    sync.WaitGroup
	mu    sync.Mutex
	first *Panic
}

// Go runs f on a goroutine of its own.
func (g *Group) Go(f func()) {
	g.wg.Go(func() {
		if p := Catch(f); p != nil {
			g.mu.Lock()
			if g.first == nil {
				g.first = p
			}
			g.mu.Unlock()
		}
	})
}

// Wait waits for every function started by Go, then panics with the first panic
// caught among them, if any.
func (g *Group) Wait() {
	g.wg.Wait()
	if g.first != nil {
		panic(g.first)
	}
}
