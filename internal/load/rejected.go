package load

import (
	"encoding/binary"
	"math/bits"

	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
)

// Rejected is a row dropped under SkipInvalid, with what was wrong with it.
//
// Every row set aside is held until its file is written, and a file may set aside
// millions, so a row is held as one string (data): its cells, then its problems, each
// text preceded by its length. A row of 15 short cells then takes about 70 bytes more
// than its text and its messages; held as a slice of cells and a slice of Problems,
// each cell and message a string of its own, it would take three times its text
// (docs/performance.md: 1M rows set aside).
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
