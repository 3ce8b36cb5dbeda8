package load

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/pkgctl/pkgctl/internal/model"
)

// ErrNotStreamable is a usage file UsageStream cannot read as it goes: an XLSX workbook
// (its rows are few enough to hold) or a file whose record_ids may repeat.
var ErrNotStreamable = errors.New("the usage cannot be read as it goes")

// UsageStream reads a usage CSV as Usage does, but hands its valid records to batch a
// chunk at a time, in file order, instead of holding them: batch keeps nothing of the
// slice it is given (it copies what it keeps), and reading stops at its first error,
// which UsageStream returns. Once a row has a problem, batch is not called again; the
// file's problems are returned, as by Usage, once it is read. Memory does not grow with
// the records, so the record_id check is done on disk: each id's 64-bit hash goes to one
// of idBuckets temporary files, and each bucket is sorted once the file is read. A hash
// seen twice (a repeated record_id, or two ids with one hash) is ErrNotStreamable
// (wrapped), whatever problems the rows have: Usage, which holds the ids, tells which,
// with them; the error wraps those problems too (Errors), for a caller that cannot read
// the file in memory. So is an XLSX file.
func UsageStream(file string, r io.Reader, opt Options, batch func([]model.Record) error) (*Report, error) {
	l, err := newLoader(file, r, opt, &usageSchema)
	if err != nil {
		return nil, err
	}
	defer l.close()
	s := l.t.stream
	if s == nil {
		l.t.rows.close()
		return nil, fmt.Errorf("%s: an XLSX workbook: %w", file, ErrNotStreamable)
	}
	ids, err := newIDCheck()
	if err != nil {
		return nil, err
	}
	defer ids.close()
	first := newFirstSeen(0, nil) // for its hash only
	var stop error
	merge := func(c *usageChunk) bool {
		l.rep.Rows += c.rows
		for j := range c.bad {
			b := &c.bad[j]
			l.badPacked(b.src, b.cells, b.probs)
		}
		for k, h := range c.hashes[:len(c.recs)] {
			if c.recs[k].ID == "" {
				continue // never a repeat (as in Usage)
			}
			if err := ids.add(h, c.recs[k].Line); err != nil {
				stop = idFileError(err)
				return false
			}
		}
		if !l.errs.any() && len(c.recs) > 0 {
			stop = batch(c.recs)
		}
		clear(c.recs) // batch kept copies: the memory is the next chunk's
		c.own = c.recs[:0]
		return stop == nil
	}
	err = usageChunks(l, s, nil, first, merge)
	if stop != nil {
		return l.rep, stop
	}
	if err != nil {
		return l.rep, err
	}
	rows := l.finish()
	// The ids are checked even when rows are bad: a read in memory lists a repeated id
	// with them, and so must this one (by leaving the file to it).
	if line, err := ids.repeated(); err != nil {
		return l.rep, idFileError(err)
	} else if line > 0 {
		return l.rep, &repeatedID{fmt.Errorf("%s:%d: a record_id seen before, or two ids with one hash: %w", file, line, ErrNotStreamable), rows}
	}
	return l.rep, rows
}

// repeatedID is a usage file read as it went with a record_id hash seen twice: its
// message says where, and it wraps ErrNotStreamable and the problems of its rows (nil
// when none), which a caller that cannot read the file in memory reports as found.
type repeatedID struct{ at, rows error }

func (e *repeatedID) Error() string { return e.at.Error() }

// RepeatedID reports whether err is UsageStream's record_id hash seen twice.
func RepeatedID(err error) bool {
	var r *repeatedID
	return errors.As(err, &r)
}

func (e *repeatedID) Unwrap() []error {
	if e.rows == nil {
		return []error{e.at}
	}
	return []error{e.at, e.rows}
}

// idBuckets is the number of files the record_ids' hashes are spread over: a bucket of
// 100M records' hashes is 12.5 MB.
const idBuckets = 64

// idCheck finds a repeated 64-bit hash among many, in bounded memory: (hash, line) pairs
// go to a temporary file per bucket (by the hash's top bits), and each bucket is then
// read back alone and sorted.
type idCheck struct {
	files []*os.File
	w     []*bufio.Writer
	b     [16]byte
}

// idFileError is a failure of the record_ids' temporary files (a missing TMPDIR, a full
// disk): the file is then read in memory, which needs none, rather than failing.
func idFileError(err error) error {
	return fmt.Errorf("the record_ids cannot be checked in temporary files (%v): %w", err, ErrNotStreamable)
}

func newIDCheck() (*idCheck, error) {
	c := &idCheck{}
	for range idBuckets {
		f, err := os.CreateTemp("", "pkgctl-ids-*")
		if err != nil {
			c.close()
			return nil, idFileError(err)
		}
		os.Remove(f.Name()) // gone once closed, whatever happens
		c.files = append(c.files, f)
		c.w = append(c.w, bufio.NewWriterSize(f, 1<<14))
	}
	return c, nil
}

func (c *idCheck) add(h uint64, line int) error {
	binary.LittleEndian.PutUint64(c.b[:8], h)
	binary.LittleEndian.PutUint64(c.b[8:], uint64(line))
	_, err := c.w[h>>(64-6)].Write(c.b[:])
	return err
}

// repeated returns the line of a record whose hash another line has, or 0.
func (c *idCheck) repeated() (int, error) {
	type ref struct{ h, line uint64 }
	var refs []ref
	var hs []uint64
	for i, f := range c.files {
		if err := c.w[i].Flush(); err != nil {
			return 0, err
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return 0, err
		}
		refs = refs[:0]
		r := bufio.NewReaderSize(f, 1<<16)
		for {
			if _, err := io.ReadFull(r, c.b[:]); err == io.EOF {
				break
			} else if err != nil {
				return 0, err
			}
			refs = append(refs, ref{binary.LittleEndian.Uint64(c.b[:8]), binary.LittleEndian.Uint64(c.b[8:])})
		}
		hs = hs[:0]
		for _, r := range refs {
			hs = append(hs, r.h)
		}
		slices.Sort(hs)
		for k := 1; k < len(hs); k++ {
			if hs[k] != hs[k-1] {
				continue
			}
			line := uint64(0) // the last of the lines with that hash
			for _, r := range refs {
				if r.h == hs[k] {
					line = max(line, r.line)
				}
			}
			return int(line), nil
		}
	}
	return 0, nil
}

func (c *idCheck) close() {
	for _, f := range c.files {
		f.Close()
	}
}
