package par

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"
)

// recovered runs f and returns what it panicked with (nil if it returned).
func recovered(f func()) (r any) {
	defer func() { r = recover() }()
	f()
	return nil
}

func TestCatchReturnsNilWithoutPanic(t *testing.T) {
	ran := false
	if p := Catch(func() { ran = true }); p != nil || !ran {
		t.Fatalf("Catch = %v, ran %v; want nil, true", p, ran)
	}
}

func TestCatchKeepsValueAndStack(t *testing.T) {
	boom := errors.New("boom")
	p := Catch(func() { panicsDeep(boom) })
	if p == nil || p.Value != boom {
		t.Fatalf("Catch = %#v, want the value %v", p, boom)
	}
	if !strings.Contains(string(p.Stack), "panicsDeep") {
		t.Errorf("stack does not show where it panicked:\n%s", p.Stack)
	}
	if msg := p.Error(); !strings.HasPrefix(msg, "boom\n") || !strings.Contains(msg, "panicsDeep") {
		t.Errorf("Error() = %q", msg)
	}
	// Raised again and caught again: the same *Panic, with the first stack.
	if q := Catch(func() { panic(p) }); q != p {
		t.Errorf("a caught *Panic caught again = %p, want %p", q, p)
	}
}

func panicsDeep(v any) { panic(v) }

func TestGroupWaitRaisesAfterAllEnded(t *testing.T) {
	var g Group
	var ended atomic.Int32
	for k := range 8 {
		g.Go(func() {
			defer ended.Add(1)
			if k == 3 {
				panic("worker 3")
			}
		})
	}
	r := recovered(g.Wait)
	p, ok := r.(*Panic)
	if !ok || p.Value != "worker 3" {
		t.Fatalf("Wait panicked with %#v, want *Panic of \"worker 3\"", r)
	}
	if n := ended.Load(); n != 8 {
		t.Errorf("%d of 8 workers had ended when Wait raised", n)
	}
}

func TestGroupWaitWithoutPanic(t *testing.T) {
	var g Group
	var sum atomic.Int64
	for k := range 100 {
		g.Go(func() { sum.Add(int64(k)) })
	}
	if r := recovered(g.Wait); r != nil {
		t.Fatalf("Wait panicked with %v", r)
	}
	if got := sum.Load(); got != 4950 {
		t.Errorf("sum = %d, want 4950: not every function ran before Wait returned", got)
	}
}
