package load

// collector accumulates values in chunks and joins them once at the end: a million
// records are copied once, instead of about twice by append's doubling.
type collector[T any] struct {
	full [][]T
	cur  []T
	n    int
}

// newCollector starts with room for about hint values (the table's estimate), so that a
// good estimate means a single chunk and no copy at all.
func newCollector[T any](hint int) collector[T] {
	if hint <= 0 {
		return collector[T]{}
	}
	return collector[T]{cur: make([]T, 0, hintCap(hint))}
}

// hintCap is the room made for an estimated hint values: a little more than the
// estimate, which is taken from the start of the input.
func hintCap(hint int) int { return hint + hint/8 + 64 }

const (
	firstChunk = 1 << 10
	maxChunk   = 1 << 16
)

func (c *collector[T]) add(v T) {
	if len(c.cur) == cap(c.cur) {
		size := firstChunk
		if c.cur != nil {
			c.full = append(c.full, c.cur)
			size = min(2*cap(c.cur), maxChunk)
		}
		c.cur = make([]T, 0, size)
	}
	c.cur = append(c.cur, v)
	c.n++
}

// at returns the k-th value added.
func (c *collector[T]) at(k int) *T {
	for _, chunk := range c.full {
		if k < len(chunk) {
			return &chunk[k]
		}
		k -= len(chunk)
	}
	return &c.cur[k]
}

// slice returns every value added, in order; nil when none was.
func (c *collector[T]) slice() []T {
	if len(c.full) == 0 {
		if c.n == 0 {
			return nil
		}
		return c.cur
	}
	out := make([]T, 0, c.n)
	for _, chunk := range c.full {
		out = append(out, chunk...)
	}
	return append(out, c.cur...)
}
