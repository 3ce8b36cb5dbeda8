package load

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"math/bits"
	"os"
	"slices"
	"sort"
	"strings"
	"unsafe"

	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
)

// Rejected is a row dropped under SkipInvalid, with what was wrong with it.
//
// Every row set aside is kept until its file is written (in memory, then in a
// temporary file: RejectedRows), and a file may set aside millions, so a row is one
// string (data): its cells, then its problems, each text preceded by its length. A row
// of 15 short cells then takes about 70 bytes more than its text and its messages;
// held as a slice of cells and a slice of Problems, each cell and message a string of
// its own, it would take three times its text. The same string is what the temporary
// file holds.
type Rejected struct {
	Src  model.Source
	data string // packedCells, then each problem (appendProblem)
}

// packedCells is a row's cells as Rejected holds them: their number, then each cell's
// length and bytes (uvarints). A row set aside in a worker is packed there, where its
// cells are still in the chunk's text, so that it is copied once, not cell by cell.
type packedCells string

// packCells packs cells (a copy: cells may be a reader's reused text).
func packCells(cells []string) packedCells {
	n := uvarintLen(uint64(len(cells)))
	for _, c := range cells {
		n += textLen(c)
	}
	b := make([]byte, 0, n)
	b = binary.AppendUvarint(b, uint64(len(cells)))
	for _, c := range cells {
		b = appendText(b, c)
	}
	return packedCells(mem.String(b)) // b is never written again
}

// Problem flags, the first byte of a packed problem.
const (
	problemFatal  = 1 << iota
	problemOwnSrc // its Src is not the row's, and follows
)

// newRejected holds the row at src with its packed cells and its problems (copied).
func newRejected(src model.Source, cells packedCells, probs []Problem) Rejected {
	if cells == "" {
		cells = packCells(nil)
	}
	n := len(cells)
	for _, p := range probs {
		n += 1 + textLen(p.Column) + textLen(p.Msg) + textLen(p.Hint)
		if p.Src != src {
			n += textLen(p.Src.File) + textLen(p.Src.Sheet) + binary.MaxVarintLen64
		}
	}
	b := append(make([]byte, 0, n), cells...)
	for _, p := range probs {
		b = appendProblem(b, src, p)
	}
	return Rejected{Src: src, data: mem.String(b)} // b is never written again
}

// appendProblem appends p, a problem of the row at src: its flags, its Src when not
// src, its column, message and hint.
func appendProblem(b []byte, src model.Source, p Problem) []byte {
	var flags byte
	if p.Fatal {
		flags |= problemFatal
	}
	if p.Src != src {
		flags |= problemOwnSrc
	}
	b = append(b, flags)
	if flags&problemOwnSrc != 0 {
		b = appendText(appendText(b, p.Src.File), p.Src.Sheet)
		b = binary.AppendVarint(b, int64(p.Src.Line))
	}
	return appendText(appendText(appendText(b, p.Column), p.Msg), p.Hint)
}

// Cells are the row's raw cells, in file order (nil for a row read without its cells).
func (r Rejected) Cells() []string {
	cells, _ := r.cells(nil)
	return cells
}

// cells appends the row's cells to dst (views of r.data, no copy), and returns the
// rest of r.data: its problems.
func (r Rejected) cells(dst []string) ([]string, string) {
	d := unpacker(r.data)
	if d == "" {
		return dst, ""
	}
	for n := d.uvarint(); n > 0; n-- {
		dst = append(dst, d.text())
	}
	return dst, string(d)
}

// Problems are why the row was rejected (at least one), in the order they were found.
func (r Rejected) Problems() []Problem {
	_, rest := r.cells(nil)
	var ps []Problem
	for d := unpacker(rest); d != ""; {
		ps = append(ps, d.problem(r.Src))
	}
	return ps
}

// unpacker reads what packCells and appendProblem wrote, from its start.
type unpacker string

// uvarint reads what binary.AppendUvarint wrote.
func (d *unpacker) uvarint() uint64 {
	var v uint64
	for shift := 0; ; shift += 7 {
		c := (*d)[0]
		*d = (*d)[1:]
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
}

// varint reads what binary.AppendVarint wrote (zig-zag).
func (d *unpacker) varint() int64 {
	u := d.uvarint()
	if u&1 != 0 {
		return ^int64(u >> 1)
	}
	return int64(u >> 1)
}

func (d *unpacker) text() string {
	n := d.uvarint()
	s := string((*d)[:n])
	*d = (*d)[n:]
	return s
}

func (d *unpacker) problem(src model.Source) Problem {
	flags := (*d)[0]
	*d = (*d)[1:]
	p := Problem{Src: src, Fatal: flags&problemFatal != 0}
	if flags&problemOwnSrc != 0 {
		p.Src.File, p.Src.Sheet = d.text(), d.text()
		p.Src.Line = int(d.varint())
	}
	p.Column, p.Msg, p.Hint = d.text(), d.text(), d.text()
	return p
}

// appendText appends s's length (a uvarint), then s.
func appendText(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// textLen is the length appendText adds for s.
func textLen(s string) int { return uvarintLen(uint64(len(s))) + len(s) }

func uvarintLen(x uint64) int { return (bits.Len64(x|1) + 6) / 7 }

// RejectedRows are the rows of one file set aside under SkipInvalid, in the order of
// their lines. A file may set aside millions, and they are written out only once the
// run's output is made, so they are held in memory up to spillAt bytes only: past
// that, every row goes to a temporary file (in os.TempDir, removed as soon as it is
// open where the system allows, else when Close is called), and is read back from it
// when the rows are written. Rows arrive in line order; a row that does not is put in
// its place when they are read back. The zero value holds no row.
type RejectedRows struct {
	n        int
	held     []Rejected
	heldSize int
	spool    *spool // nil until the rows held pass spillAt
	noSpool  bool   // no temporary file could be made: every row is held
	last     int    // the highest line added
	unsorted bool   // a row came after one of a later line
}

// spillAt is the size of the rows held in memory, in bytes, past which they go to a
// temporary file (tests lower it).
var spillAt = 16 << 20

// heldRowSize is what a held Rejected takes besides its data.
const heldRowSize = int(unsafe.Sizeof(Rejected{}))

// Len is the number of rows set aside.
func (rs *RejectedRows) Len() int { return rs.n }

// Add sets r aside.
func (rs *RejectedRows) Add(r Rejected) {
	rs.n++
	if r.Src.Line < rs.last {
		rs.unsorted = true
	}
	rs.last = max(rs.last, r.Src.Line)
	if rs.spool != nil {
		rs.spool.write(r)
		return
	}
	rs.held = append(rs.held, r)
	rs.heldSize += heldRowSize + len(r.data)
	if rs.heldSize < spillAt || rs.noSpool {
		return
	}
	s, err := newSpool()
	if err != nil { // no temporary file: the rows stay in memory, as they fit
		rs.noSpool = true
		return
	}
	for _, h := range rs.held {
		s.write(h)
	}
	rs.spool, rs.held, rs.heldSize = s, nil, 0
}

// Each calls fn with every row set aside, in line order (rows of one line in the order
// they were set aside), until fn returns an error, which Each returns. A row read back
// from the temporary file, and the strings its Cells and Problems return, are valid
// during its call only (Rows copies). An error writing the file or reading it back is
// returned too.
func (rs *RejectedRows) Each(fn func(Rejected) error) error {
	if rs.spool == nil {
		if rs.unsorted {
			sort.SliceStable(rs.held, func(i, j int) bool { return rs.held[i].Src.Line < rs.held[j].Src.Line })
			rs.unsorted = false
		}
		for _, r := range rs.held {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
	return rs.spool.each(rs.unsorted, fn)
}

// Rows are the rows set aside, in line order, all in memory: for a file known to set
// few aside.
func (rs *RejectedRows) Rows() ([]Rejected, error) {
	var out []Rejected
	err := rs.Each(func(r Rejected) error {
		r.Src.File, r.Src.Sheet, r.data = strings.Clone(r.Src.File), strings.Clone(r.Src.Sheet), strings.Clone(r.data)
		out = append(out, r)
		return nil
	})
	return out, err
}

// Close lets go of the rows and removes the temporary file, if any: Each then calls
// fn with none, and Len still counts them.
func (rs *RejectedRows) Close() error {
	s := rs.spool
	rs.held, rs.heldSize, rs.spool, rs.unsorted = nil, 0, nil, false
	if s == nil {
		return nil
	}
	return s.close()
}

// SpoolError is a failure to write or read back the temporary file of the rows set
// aside (RejectedRows): a full temporary folder, most likely.
type SpoolError struct{ Err error }

func (e *SpoolError) Error() string {
	return "the rows set aside, in a temporary file: " + e.Err.Error()
}

func (e *SpoolError) Unwrap() error { return e.Err }

// spool is the temporary file of RejectedRows: each row as a byte, 1 when its file and
// sheet (texts) follow, 0 when they are the previous row's; its line (uvarint); and its
// data (a text).
type spool struct {
	f           *os.File
	name        string // "" once removed
	w           *bufio.Writer
	size        int64
	err         error // the first error writing
	file, sheet string
	b           []byte
}

func newSpool() (*spool, error) {
	f, err := os.CreateTemp("", "pkgctl-rejected-*")
	if err != nil {
		return nil, err
	}
	s := &spool{f: f, name: f.Name(), w: bufio.NewWriterSize(f, 1<<16)}
	if os.Remove(s.name) == nil { // open, it is read and written all the same
		s.name = ""
	}
	return s, nil
}

func (s *spool) write(r Rejected) {
	if s.err != nil {
		return
	}
	b := s.b[:0]
	if r.Src.File != s.file || r.Src.Sheet != s.sheet {
		b = appendText(appendText(append(b, 1), r.Src.File), r.Src.Sheet)
		s.file, s.sheet = r.Src.File, r.Src.Sheet
	} else {
		b = append(b, 0)
	}
	b = appendText(binary.AppendUvarint(b, uint64(r.Src.Line)), r.data)
	n, err := s.w.Write(b)
	s.size += int64(n)
	s.err, s.b = err, b
}

// each reads the rows back (see RejectedRows.Each): in the order written, or, when
// unsorted, in line order through an index of the rows' lines and offsets.
func (s *spool) each(unsorted bool, fn func(Rejected) error) error {
	if s.err == nil {
		s.err = s.w.Flush()
	}
	if s.err != nil {
		return &SpoolError{s.err}
	}
	file := io.NewSectionReader(s.f, 0, s.size)
	rd := &spoolReader{r: bufio.NewReaderSize(file, 1<<16)}
	type at struct {
		line        int
		off         int64
		file, sheet string // of the row
	}
	var index []at
	if unsorted {
		for rd.off < s.size {
			off := rd.off
			r, err := rd.next()
			if err != nil {
				return err
			}
			index = append(index, at{r.Src.Line, off, rd.file, rd.sheet})
		}
		sort.SliceStable(index, func(i, j int) bool { return index[i].line < index[j].line })
		rd.off = s.size // the next row is read from its offset
	}
	for i := 0; ; i++ {
		if unsorted {
			if i == len(index) {
				return nil
			}
			x := index[i]
			if x.off != rd.off { // else it follows the row read last: read on
				if _, err := file.Seek(x.off, io.SeekStart); err != nil {
					return err
				}
				rd.r.Reset(file)
				rd.off = x.off
			}
			rd.file, rd.sheet = x.file, x.sheet
		} else if rd.off == s.size {
			return nil
		}
		r, err := rd.next()
		if err == nil {
			err = fn(r)
		}
		if err != nil {
			return err
		}
	}
}

func (s *spool) close() error {
	err := s.f.Close()
	if s.name != "" {
		if rerr := os.Remove(s.name); err == nil {
			err = rerr
		}
	}
	return err
}

// spoolReader reads a spool's rows from an offset.
type spoolReader struct {
	r           *bufio.Reader
	off         int64
	file, sheet string
	b           []byte // the data of the row read last
}

func (rd *spoolReader) next() (Rejected, error) {
	flag, err := rd.r.ReadByte()
	rd.off++
	if err == nil && flag == 1 {
		var file, sheet []byte
		if file, err = rd.text(nil); err == nil {
			sheet, err = rd.text(nil)
		}
		rd.file, rd.sheet = string(file), string(sheet)
	}
	var line uint64
	if err == nil {
		line, err = rd.uvarint()
	}
	if err == nil {
		rd.b, err = rd.text(rd.b[:0])
	}
	if err != nil {
		return Rejected{}, &SpoolError{fmt.Errorf("reading it back: %w", err)}
	}
	return Rejected{Src: model.Source{File: rd.file, Sheet: rd.sheet, Line: int(line)}, data: mem.String(rd.b)}, nil
}

func (rd *spoolReader) uvarint() (uint64, error) {
	v, err := binary.ReadUvarint(rd.r)
	rd.off += int64(uvarintLen(v))
	return v, err
}

// text reads a text appended to b.
func (rd *spoolReader) text(b []byte) ([]byte, error) {
	n, err := rd.uvarint()
	if err != nil {
		return b, err
	}
	if n > math.MaxInt32 {
		return b, fmt.Errorf("a text of %d bytes", n)
	}
	b = slices.Grow(b, int(n))[:len(b)+int(n)]
	_, err = io.ReadFull(rd.r, b[len(b)-int(n):])
	rd.off += int64(n)
	return b, err
}
