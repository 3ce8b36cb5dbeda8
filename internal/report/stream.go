package report

import (
	"io"
	"runtime"
	"sync"

	"github.com/pkgctl/pkgctl/internal/par"
)

// Streaming. A table whose rows are produced (N/Row, or Stream) is never held whole:
//
//   - csv and markdown write each row as it comes; json writes arrays item by item
//     (writeJSON), with no buffer for the whole document;
//   - xlsx writes the sheet of such a table itself, row by row into the zip entry
//     (xlsx_stream.go), because excelize's StreamWriter stores numbers only as Go ints
//     and float64 and a decimal's exact text must reach the numeric cell;
//   - the text table measures its columns over every row, then prints (text_stream.go);
//     a Stream table is the only kind it renders so, rows held or N/Row keep
//     tablewriter.
//
// What depends on every row is accumulated on the way: totals rows (markdown, text),
// an xlsx sheet's row count (checked up front when known: N/Row) and autofilter.
// Row tables marked Concurrent are formatted in blocks on every core (writeBlocks),
// in csv and json alike; Parquet converts their rows to values in blocks the same way
// (inBlocks).

// blockFormatter formats items [lo, hi) of a listing, appending them to b.
type blockFormatter func(b []byte, lo, hi int) ([]byte, error)

// writeBlocks writes n items formatted in blocks of block items on every core
// (inBlocks), each block's bytes written to w in order: the bytes are those of
// formatting every item in order with one formatter. A block's buffer starts with
// room for blockBytes (it is reused for the goroutine's later blocks).
func writeBlocks(w io.Writer, n, block int, newFormatter func() blockFormatter) error {
	return inBlocks(n, block, func() func([]byte, int, int) ([]byte, error) {
		format := newFormatter()
		return func(b []byte, lo, hi int) ([]byte, error) {
			if b == nil {
				b = make([]byte, 0, blockBytes)
			}
			return format(b[:0], lo, hi)
		}
	}, func(b []byte) error {
		_, err := w.Write(b)
		return err
	})
}

// inBlocks makes n items in blocks of block items, one goroutine per core (goroutine k
// makes blocks k, k+workers, …, each with its own maker from newMaker, into a buffer
// B it is handed back once used), while the caller uses the blocks in order: what it
// sees is what making every item in order with one maker gives. Nothing waits for a
// round of blocks to finish: a goroutine makes up to blocksAhead blocks ahead of the
// user, into buffers the user hands back (a maker is given the zero B, or a buffer it
// returned before, and fills it anew). The first failing block's error is returned,
// after the blocks before it are used; a maker's panic is raised again by the caller
// when it comes to that block (package par).
func inBlocks[B any](n, block int, newMaker func() func(buf B, lo, hi int) (B, error), use func(B) error) error {
	workers := blockWorkers()
	blocks := (n + block - 1) / block
	type result struct {
		b   B
		err error
		p   *par.Panic // a maker's panic (a bug), raised again by the user
	}
	done := make(chan struct{})
	out := make([]chan result, workers)
	free := make([]chan B, workers)
	// makeBlocks is goroutine k's work: blocks k, k+workers, …
	makeBlocks := func(k int) {
		fill := newMaker()
		for i := k; i < blocks; i += workers {
			select { // done first: a select between two ready cases picks at random
			case <-done:
				return
			default:
			}
			var b B
			select {
			case b = <-free[k]:
			case <-done:
				return
			}
			lo := i * block
			b, err := fill(b, lo, min(lo+block, n))
			select {
			case out[k] <- result{b: b, err: err}:
			case <-done:
				return
			}
			if err != nil {
				return
			}
		}
	}
	var wg sync.WaitGroup
	for k := range workers {
		out[k], free[k] = make(chan result, blocksAhead), make(chan B, blocksAhead+1)
		for range blocksAhead + 1 {
			var zero B
			free[k] <- zero
		}
		wg.Go(func() {
			if p := par.Catch(func() { makeBlocks(k) }); p != nil {
				select { // in the place of the block it was making
				case out[k] <- result{p: p}:
				case <-done:
				}
			}
		})
	}
	defer wg.Wait()
	defer close(done) // before wg.Wait: stops the goroutines when a use fails
	for i := range blocks {
		k := i % workers
		r := <-out[k]
		if r.p != nil {
			panic(r.p)
		}
		if r.err != nil {
			return r.err
		}
		if err := use(r.b); err != nil {
			return err
		}
		free[k] <- r.b
	}
	return nil
}

// blocksAhead is how many formatted blocks each goroutine may have waiting to be written.
const blocksAhead = 2

// blockBytes is the room a block's buffer starts with: a block of csvBlock bills or
// ledger rows takes about 600 KB. Grown from empty instead, the first blocks of every
// goroutine copy themselves at each doubling, each time into memory not touched yet.
const blockBytes = 1 << 20

// maxBlockWorkers caps the goroutines that format blocks: beyond it the one writer
// (and the disk behind it) is the limit, and more blocks at once only hold more rows.
const maxBlockWorkers = 8

// blockWorkers is how many goroutines format blocks: one per core, at most
// maxBlockWorkers.
func blockWorkers() int { return min(runtime.GOMAXPROCS(0), maxBlockWorkers) }

// OutOfOrder bounds how far apart the rows of a Concurrent table (or the items of a
// Concurrent array) asked for at one moment are: every row asked for is among the
// OutOfOrder rows from the first not yet written (each formatting goroutine holds at
// most blocksAhead+1 blocks, its own of the blocks from the writer's on). A source
// that serves rows from a window of the last ones made (amortize.Window) keeps at least
// this many, or makes rows again.
func OutOfOrder() int {
	return blockWorkers() * (blocksAhead + 1) * max(csvBlock, jsonBlock, parquetBlock)
}
