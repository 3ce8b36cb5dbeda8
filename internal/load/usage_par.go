package load

import (
	"bytes"
	"runtime"
	"strings"
	"sync/atomic"

	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/par"
)

// largeFile is the number of records (as estimated) from which a file's chunks' text is
// made in one array.
const largeFile = 1 << 16

// Knobs of the chunked reading; tests change them.
var (
	chunkSize       = 1 << 20 // bytes of text per chunk
	sequentialUsage = false   // read usage CSV row by row, as XLSX is
	sequentialBills = false   // read a bills CSV row by row, as XLSX is
	uncachedUsage   = false   // with sequentialUsage: parse every cell anew (the reference)
	scribble        = false   // overwrite a chunk's text once it is done with
)

// usageChunk is a run of whole records of a usage CSV and what one worker made of it:
// the valid records and the bad rows, in file order. Chunks are reused. (A bills CSV is
// read in the same chunks, its rows in bills: billChunks.)
type usageChunk struct {
	buf   []byte
	line  int // number of buf's first line
	comma byte
	done  chan struct{}
	panic *par.Panic // its parser's panic (a bug), raised again by the merging goroutine

	// slot and room are the part of the output that recs may fill in place (room >= the
	// chunk's lines, so >= its rows); room 0: recs is own instead.
	slot, room int

	maxRow int64 // the most bytes a record may take
	long   int   // the line of a record longer than maxRow (0: none); the chunk stops there

	rows   int            // non-blank rows
	recs   []model.Record // valid rows
	hashes []uint64       // of recs' ids, for the record_id check (firstSeen.hash)
	own    []model.Record // recs' memory when the chunk has no room in the output
	offs   []int          // with SkipInvalid: where each of recs starts in buf
	bad    []badRow
	// keepCells says the bad rows' cells are copied: with SkipInvalid only, which
	// writes them out (otherwise a file of bad rows would copy every one for nothing).
	keepCells bool

	bills []model.BillRow // a bills CSV's valid rows (their package ids still in buf)
}

// badRow is a row with problems; everything in it is a copy, not buf's text.
type badRow struct {
	src   model.Source
	id    string      // its record_id, "" when blank or unread
	cells packedCells // "" unless the chunk keeps them (keepCells)
	probs []Problem
}

// text is buf as a string without a copy. Valid while the chunk is not refilled: what
// a row yields (records, problems, bad rows) is copied (rowReader.c, badRow).
func (c *usageChunk) text() string { return mem.String(c.buf) }

// iter reads the chunk's text from offset off: split by lines when it has no quote at
// all, else by encoding/csv.
func (c *usageChunk) iter(off int) (rowIter, func() int) {
	comma := c.comma
	text := c.text()[off:]
	if bytes.IndexByte(c.buf, '"') < 0 {
		it := &lineIter{text: text, comma: comma, line: c.line}
		return it, func() int { return off + it.pos }
	}
	it := &csvIter{r: newCSVReader(strings.NewReader(text), rune(comma)), base: c.line - 1, text: text}
	return it, func() int { return off + int(it.r.InputOffset()) }
}

// usageChunks reads the rows of s in chunks parsed by one worker per CPU, and hands
// them in file order to merge, until merge returns false. While out has room, each chunk's records are written
// straight into a part of it (usageChunk.slot): the chunks' lines in order, so that
// merge only moves records down over the gaps that blank and bad rows leave.
func usageChunks(l *loader, s *csvStream, out []model.Record, first *firstSeen, merge func(*usageChunk) bool) error {
	cur := l.opt.currency()
	return readChunks(l, s, out, func(c *usageChunk, rr *rowReader) {
		parseChunk(c, rr, l.t.file, cur, l.opt.SkipInvalid, first)
	}, merge)
}

// readChunks is usageChunks with the parsing of a chunk given (parse, on the worker's
// reader, whose values it caches).
func readChunks(l *loader, s *csvStream, out []model.Record, parse func(c *usageChunk, rr *rowReader), merge func(*usageChunk) bool) error {
	workers := runtime.GOMAXPROCS(0)
	free := make(chan *usageChunk, 2*workers+2)
	var bufs []byte // a large file's chunks' text, in one array of huge pages (mem.MakeHuge)
	if len(out) >= largeFile {
		bufs = mem.MakeHuge[byte](cap(free) * chunkSize)
	}
	for i := range cap(free) {
		c := &usageChunk{}
		if bufs != nil {
			c.buf = bufs[i*chunkSize : i*chunkSize : (i+1)*chunkSize]
		}
		free <- c
	}
	work := make(chan *usageChunk, cap(free))
	order := make(chan *usageChunk, cap(free))
	var readErr error
	var stop atomic.Bool // a chunk found a record past the row limit: read no further
	// readChunks cuts the file into chunks for the parsers, on a goroutine of its own.
	readChunks := func() {
		ch := newChunker(s, chunkSize)
		slot := 0
		for {
			c := <-free
			var err error
			if c.buf, c.line, err = ch.next(c.buf); err != nil || len(c.buf) == 0 {
				if lr, ok := err.(*errLongRecord); ok {
					err = rowTooLong(l.t.file, lr.line, s.maxRow)
				}
				readErr = err
				return
			}
			c.slot, c.room = slot, ch.line-c.line+1
			slot += c.room
			c.recs = c.own[:0]
			c.comma, c.maxRow, c.keepCells = s.comma, s.maxRow, l.opt.SkipInvalid
			if stop.Load() {
				return
			}
			if slot <= len(out) {
				c.recs = out[c.slot:c.slot:slot]
			} else {
				c.room = 0
			}
			c.done = make(chan struct{})
			work <- c
			order <- c
		}
	}
	var readPanic *par.Panic // the reading goroutine's, raised again here (package par)
	go func() {
		defer close(order)
		defer close(work)
		readPanic = par.Catch(readChunks)
	}()
	for range workers {
		rr := l.rr
		rr.probs, rr.c = nil, newValueCache()
		go func() {
			for c := range work {
				c.panic = par.Catch(func() { parse(c, &rr) })
				close(c.done)
			}
		}()
	}
	var longErr error
	halted := false
	for c := range order {
		<-c.done
		if c.panic != nil {
			panic(c.panic)
		}
		if longErr == nil && c.long > 0 {
			longErr = rowTooLong(l.t.file, c.long, s.maxRow)
			stop.Store(true)
		}
		if longErr == nil && !halted && !merge(c) { // merge wants no more: read no further
			halted = true
			stop.Store(true)
		}
		if scribble {
			for i := range c.buf {
				c.buf[i] = '#'
			}
		}
		free <- c
	}
	if readPanic != nil {
		panic(readPanic)
	}
	if longErr != nil {
		return longErr
	}
	return readErr
}

// parseChunk reads every row of c into c's results.
func parseChunk(c *usageChunk, rr *rowReader, file string, currency string, keepOffs bool, first *firstSeen) {
	c.offs, c.hashes = c.offs[:0], c.hashes[:0]
	eachRow(c, rr, file, func(off int) {
		c.recs = append(c.recs, model.Record{})
		rec := &c.recs[len(c.recs)-1]
		readRecordInto(rr, currency, rec)
		if !rr.ok() {
			c.addBad(rr, rec.ID)
			*rec = model.Record{} // holds nothing of the rejected row
			c.recs = c.recs[:len(c.recs)-1]
			return
		}
		c.hashes = append(c.hashes, first.hash(rec.ID))
		if keepOffs {
			c.offs = append(c.offs, off)
		}
	})
}

// eachRow calls row for every non-blank row of c that encoding/csv reads (rr reset to
// it, its undecoded text and control characters filed; off: where it starts in c.buf),
// and counts them in c.rows; a row it cannot read (or with extra fields) goes to c.bad,
// and a row longer than c.maxRow stops the chunk there (c.long). The text is looked at
// once for the row checks: only a chunk with a control character checks its rows for
// them, and only one with a byte above ASCII that did not decode (where the charset
// checks: charset.check) for that.
func eachRow(c *usageChunk, rr *rowReader, file string, row func(off int)) {
	c.rows, c.bad, c.long = 0, c.bad[:0], 0
	var high bool
	rr.ctl, high = scanText(c.buf)
	rr.text = high && rr.csv != nil && rr.csv.cs.check && !rr.csv.cs.clean(c.buf)
	it, pos := c.iter(0)
	for {
		off := pos()
		if !it.next() {
			return
		}
		cells, line, bad := it.row()
		if c.maxRow > 0 && int64(pos()-off) > c.maxRow {
			c.long = line
			return
		}
		rr.reset(cells, model.Source{File: file, Line: line})
		if bad == nil && blank(cells) {
			continue
		}
		c.rows++
		if bad = rr.unreadable(bad); bad != nil {
			rr.fail(-1, "%v", bad)
			c.addBad(rr, "")
			continue
		}
		rr.undecoded()
		rr.controls()
		row(off)
	}
}

// addBad files the current row of rr, with the record_id id, as a bad row of c.
func (c *usageChunk) addBad(rr *rowReader, id string) {
	var cells packedCells
	if rr.cells != nil && c.keepCells {
		cells = packCells(rr.cells)
	}
	c.bad = append(c.bad, badRow{src: rr.src, id: id, cells: cells, probs: append([]Problem(nil), rr.probs...)})
}

// cellsAt re-reads the cells of c's k-th valid record (a copy), for rejecting it later.
func (c *usageChunk) cellsAt(k int) packedCells {
	it, _ := c.iter(c.offs[k])
	it.next()
	cells, _, _ := it.row()
	return packCells(cells)
}
