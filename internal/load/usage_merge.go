package load

import (
	"fmt"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

// usageLoad collects the records of a usage file, in coll or, while chunks are written
// in place, in out[:n]; first maps a record_id to the line of its first occurrence.
type usageLoad struct {
	l        *loader
	currency string // the default
	first    *firstSeen
	coll     collector[model.Record]
	out      []model.Record
	n        int  // records placed in out
	used     int  // the end of the part of out that chunks have written
	spilled  bool // a chunk did not fit in out: coll holds out[:n] and what follows
}

// records returns the records collected.
func (u *usageLoad) records() []model.Record {
	if u.out == nil || u.spilled {
		return u.coll.slice()
	}
	clear(u.out[u.n:u.used]) // copies of moved or rejected records
	if u.n == 0 {
		return nil
	}
	return u.out[:u.n]
}

// row reads the current row of rr (the loader's row function).
func (u *usageLoad) row(rr *rowReader) {
	rec := readRecord(rr, u.currency)
	h := u.first.hash(rec.ID)
	slot, line, dup := u.first.find(rec.ID, h)
	if dup {
		rr.fail(uID, "%s", duplicateID(rec.ID, model.Source{Sheet: rr.src.Sheet, Line: line}))
	}
	if rr.ok() {
		u.first.keep(slot, h, u.coll.n)
		u.coll.add(rec)
	} else {
		u.first.reject(slot, h, rec.ID, rr.src.Line)
	}
}

// at is the k-th record kept so far.
func (u *usageLoad) at(k int) *model.Record {
	if u.out != nil && !u.spilled {
		return &u.out[k]
	}
	return u.coll.at(k)
}

// kept is the number of records kept so far.
func (u *usageLoad) kept() int {
	if u.out != nil && !u.spilled {
		return u.n
	}
	return u.coll.n
}

// duplicateID is the problem of a repeated record_id first seen at first.
func duplicateID(id string, first model.Source) string {
	return fmt.Sprintf("duplicate record_id %s (first at %s)", value.Quote(id), place(first))
}

// prefetchAhead is how many records ahead merge starts loading the record_id index's
// slot (firstSeen.prefetch).
const prefetchAhead = 16

// merge files the rows of a parsed chunk, in file order, checking record_ids across the
// whole file.
func (u *usageLoad) merge(c *usageChunk) {
	u.l.rep.Rows += c.rows
	if c.room > 0 {
		u.used = c.slot + len(c.recs)
	} else if !u.spilled {
		u.spilled = true
		if u.n > 0 {
			u.coll = collector[model.Record]{full: [][]model.Record{u.out[:u.n]}, n: u.n}
		}
	}
	col := usageSchema.cols[uID].name
	for _, h := range c.hashes[:min(prefetchAhead, len(c.hashes))] {
		u.first.prefetch(h)
	}
	i, j := 0, 0
	for i < len(c.recs) || j < len(c.bad) {
		if j < len(c.bad) && (i == len(c.recs) || c.bad[j].src.Line < c.recs[i].Line) {
			b := &c.bad[j]
			j++
			h := u.first.hash(b.id)
			if slot, line, dup := u.first.find(b.id, h); dup {
				b.probs = append(b.probs, Problem{Src: b.src, Column: col, Msg: duplicateID(b.id, model.Source{Line: line})})
			} else {
				u.first.reject(slot, h, b.id, b.src.Line)
			}
			u.l.badPacked(b.src, b.cells, b.probs)
			continue
		}
		rec := &c.recs[i]
		if k := i + prefetchAhead; k < len(c.hashes) {
			u.first.prefetch(c.hashes[k])
		}
		i++
		slot, line, dup := u.first.find(rec.ID, c.hashes[i-1])
		if dup {
			var cells packedCells
			if u.l.opt.SkipInvalid {
				cells = c.cellsAt(i - 1)
			}
			src := rec.Source()
			u.l.badPacked(src, cells, []Problem{{Src: src, Column: col, Msg: duplicateID(rec.ID, model.Source{Line: line})}})
			continue
		}
		u.first.keep(slot, c.hashes[i-1], u.kept())
		u.keep(c, i-1)
	}
	if c.room == 0 {
		c.own = c.recs[:0]
	}
}

// keep places the k-th record of c after the records kept so far.
func (u *usageLoad) keep(c *usageChunk, k int) {
	switch {
	case u.spilled:
		u.coll.add(c.recs[k])
	case c.slot+k != u.n:
		u.out[u.n] = c.recs[k]
		fallthrough
	default:
		u.n++
	}
}
