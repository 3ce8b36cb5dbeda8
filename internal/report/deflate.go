package report

import (
	"bytes"
	"errors"
	"io"

	"github.com/klauspost/compress/flate"

	"github.com/pkgctl/pkgctl/internal/par"
)

// deflateChunk is how many input bytes a parallelDeflate compresses as one piece.
const deflateChunk = 1 << 20

// parallelDeflate is a deflate stream whose input is cut into pieces of deflateChunk
// bytes, compressed on every core at once and written in order. Each piece is
// compressed on its own and ends with a sync flush (an empty stored block: a byte
// boundary), and the stream ends with an empty final block, so that the pieces one
// after the other are one valid stream — what parallel gzip tools write. The bytes
// depend on the input only, never on the number of cores. A piece forgets the one
// before it, which at the level used (BestSpeed, for sheets) costs about 0.2 % of size.
// The compressor is klauspost/compress/flate's, the same format and API as
// compress/flate's with a faster level 1 (docs/performance.md, Writing).
//
// A few pieces are in the works at once (2 per core, and the one being filled): each
// has its input, its output and its compressor, about 2.5 MB together, reused piece
// after piece, so that compressing makes no garbage. Close must be called (the writing
// goroutine waits for it); nothing is written after it.
type parallelDeflate struct {
	out     io.Writer
	cur     *deflateSlot      // the piece being filled
	slots   chan *deflateSlot // the pieces written and free again
	made    int               // slots made, at most cap(slots)
	pending chan chan *deflateSlot
	wrote   chan deflateEnd // once the writing goroutine has ended
	closed  bool
}

// deflateSlot is a piece's input, its compressed bytes, and its compressor; p is the
// panic (a bug) that stopped its compression.
type deflateSlot struct {
	in  []byte
	out bytes.Buffer
	fw  *flate.Writer
	p   *par.Panic
}

// deflateEnd is what ended the writing goroutine: a write's error or a piece's panic.
type deflateEnd struct {
	err error
	p   *par.Panic
}

func newParallelDeflate(out io.Writer) *parallelDeflate {
	n := 2 * blockWorkers()
	z := &parallelDeflate{out: out, slots: make(chan *deflateSlot, n+1), pending: make(chan chan *deflateSlot, n),
		wrote: make(chan deflateEnd, 1)}
	go func() {
		var end deflateEnd
		for fut := range z.pending { // every piece is taken, even after an error
			s := <-fut
			switch {
			case end.p != nil || end.err != nil:
			case s.p != nil:
				end.p = s.p
			default:
				_, end.err = out.Write(s.out.Bytes())
			}
			z.slots <- s
		}
		z.wrote <- end
	}()
	return z
}

// Write takes p, handing out each full piece.
func (z *parallelDeflate) Write(p []byte) (int, error) {
	if z.closed {
		return 0, errors.New("report: write to a closed deflate stream")
	}
	n := len(p)
	for len(p) > 0 {
		if z.cur == nil {
			z.cur = z.slot()
		}
		k := min(len(p), deflateChunk-len(z.cur.in))
		z.cur.in, p = append(z.cur.in, p[:k]...), p[k:]
		if len(z.cur.in) == deflateChunk {
			z.hand()
		}
	}
	return n, nil
}

// slot is a free slot, made while fewer than allowed exist, else the next one written.
func (z *parallelDeflate) slot() *deflateSlot {
	select {
	case s := <-z.slots:
		return s
	default:
	}
	if z.made < cap(z.slots) {
		z.made++
		fw, _ := flate.NewWriter(nil, flate.BestSpeed)
		return &deflateSlot{in: make([]byte, 0, deflateChunk), fw: fw}
	}
	return <-z.slots
}

// hand compresses the piece being filled on a goroutine of its own.
func (z *parallelDeflate) hand() {
	s := z.cur
	z.cur = nil
	fut := make(chan *deflateSlot, 1)
	z.pending <- fut // waits while as many pieces as allowed are being compressed
	go func() {
		s.p = par.Catch(func() {
			s.out.Reset()
			s.fw.Reset(&s.out)
			s.fw.Write(s.in) // a bytes.Buffer does not fail
			s.fw.Flush()     // not final: ends on a byte boundary
		})
		s.in = s.in[:0]
		fut <- s
	}()
}

// Close compresses what is left, waits for every piece to be written and ends the
// stream. A piece's panic is raised again here.
func (z *parallelDeflate) Close() error {
	if z.closed {
		return nil
	}
	z.closed = true
	if z.cur != nil && len(z.cur.in) > 0 {
		z.hand()
	}
	close(z.pending)
	end := <-z.wrote
	if end.p != nil {
		panic(end.p)
	}
	if end.err != nil {
		return end.err
	}
	_, err := z.out.Write(finalDeflateBlock)
	return err
}

// finalDeflateBlock is an empty final stored block: the end of a deflate stream.
var finalDeflateBlock = []byte{0x01, 0x00, 0x00, 0xff, 0xff}
