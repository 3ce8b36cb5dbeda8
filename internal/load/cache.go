package load

import (
	"encoding/binary"
	"hash/maphash"
	"strings"
	"time"

	"github.com/pkgctl/pkgctl/internal/mem"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
	"github.com/shopspring/decimal"
)

// valueCache remembers, for one reader of one load, the values parsed from raw cell
// text. The parsers are pure functions of the text (and the load's zone), so a cached
// result is the result. Every string handed out is a copy: nothing returned points into
// the caller's cell text, which may be a reused buffer.
//
// Each cache is direct-mapped: one entry per hash bucket, replaced on a miss, so its
// size is fixed and it follows what the rows currently repeat. Shared results are safe
// to share: strings are immutable, a decimal.Decimal never changes its big.Int, and
// cached tag sets are clipped, so an append copies.
type valueCache struct {
	seed    maphash.Seed
	hours   [256]hourEntry // by hourEntry.key
	strs    [1024]string   // interned strings, keyed by themselves
	nums    [4096]numEntry // decimals and quantities
	tags    [256]tagEntry
	times   [256]timeEntry                // timestamps in other forms than stamp's
	attrSet map[string]*model.RecordAttrs // by attrLookup.key
	look    attrLookup                    // the last attrs lookup
	slab    []byte                        // copies of ids are appended here (clone2)
}

// slabSize is the size of the first block that clone2 copies short texts into; while
// huge pages are asked for (mem.HugeAsked), each next one is twice the one before, up to
// maxSlab: a large file's ids (21 MB at 1M records) fill blocks of huge pages
// (mem.MakeHuge) instead of 4 KiB ones faulted in one at a time, and a small file's take
// one small block. A replay in parts, whose parts' ids die with them, keeps to 64 KB
// blocks (10M records in parts: 16 MB less at the peak).
const (
	slabSize = 64 << 10
	maxSlab  = 4 << 20
)

// clone2 returns copies of a and b. Short ones are appended to a shared block instead of
// allocated each: a usage file's million record and resource ids cost no allocation per
// row. A block's bytes are never written again once a string points to them (only
// appended after), as strings require.
func (c *valueCache) clone2(a, b string) (string, string) {
	n := len(a) + len(b)
	if n == 0 || n > slabSize/16 {
		return cloneBoth(a, b)
	}
	if cap(c.slab)-len(c.slab) < n {
		size := slabSize
		if mem.HugeAsked() {
			size = min(max(2*cap(c.slab), slabSize), maxSlab)
		}
		c.slab = mem.MakeHuge[byte](size)[:0]
	}
	off := len(c.slab)
	c.slab = append(append(c.slab, a...), b...)
	ab := mem.String(c.slab[off : off+n]) // the slab is only appended to
	return ab[:len(a)], ab[len(a):]
}

// maxKey is the longest text whose number is cached (numEntry holds it inline).
const maxKey = 22

type numEntry struct {
	n    uint8 // length of the key; 0: empty entry
	qty  bool  // the entry is ParseQuantity's, else ParseDecimal's
	key  [maxKey]byte
	d    decimal.Decimal
	unit string
	err  error
}

type tagEntry struct {
	key  string
	tags model.Tags
	err  error
}

type timeEntry struct {
	key string
	t   time.Time
	err error
}

func newValueCache() *valueCache { return &valueCache{seed: maphash.MakeSeed()} }

func (c *valueCache) hash(s string) uint64 { return maphash.String(c.seed, s) }

// intern returns a copy of s that equal texts share (mostly).
func (c *valueCache) intern(s string) string {
	if s == "" {
		return ""
	}
	e := &c.strs[c.hash(s)%uint64(len(c.strs))]
	if *e != s {
		*e = strings.Clone(s)
	}
	return *e
}

// time is value.ParseTime(s, loc).
func (c *valueCache) time(s string, loc *time.Location) (time.Time, error) {
	if t, ok := c.stamp(s, loc); ok {
		return t, nil
	}
	e := &c.times[c.hash(s)%uint64(len(c.times))]
	if e.key != s || s == "" {
		t, _, err := value.ParseTime(s, loc)
		*e = timeEntry{strings.Clone(s), t, err}
	}
	return e.t, e.err
}

// num is ParseQuantity(s) (qty) or ParseDecimal(s) (no unit).
func (c *valueCache) num(s string, qty bool) (decimal.Decimal, string, error) {
	e := &c.nums[c.hash(s)%uint64(len(c.nums))]
	if len(s) > 0 && int(e.n) == len(s) && e.qty == qty && string(e.key[:e.n]) == s {
		return e.d, e.unit, e.err
	}
	var d decimal.Decimal
	var unit string
	var err error
	if qty {
		d, unit, err = value.ParseQuantity(s)
		unit = c.intern(unit)
	} else {
		d, err = value.ParseDecimal(s)
	}
	if len(s) <= maxKey {
		*e = numEntry{n: uint8(len(s)), qty: qty, d: d, unit: unit, err: err}
		copy(e.key[:], s)
	}
	return d, unit, err
}

// decimal is value.ParseDecimal(s).
func (c *valueCache) decimal(s string) (decimal.Decimal, error) {
	d, _, err := c.num(s, false)
	return d, err
}

// quantity is value.ParseQuantity(s), its unit a copy.
func (c *valueCache) quantity(s string) (decimal.Decimal, string, error) { return c.num(s, true) }

// parseTags is value.ParseTags(s), parsed from a copy of s.
func (c *valueCache) parseTags(s string) (model.Tags, error) {
	if s == "" {
		return nil, nil
	}
	e := &c.tags[c.hash(s)%uint64(len(c.tags))]
	if e.key != s {
		own := strings.Clone(s)
		t, err := value.ParseTags(own)
		*e = tagEntry{own, t[:len(t):len(t)], err}
	}
	return e.tags, e.err
}

// maxAttrs bounds the attribute sets one cache remembers; past it the cache starts over.
const maxAttrs = 1 << 16

// attrLookup is a row's attribute text and, on a hit, the attributes cached under it.
type attrLookup struct {
	c   *valueCache
	key []byte
	a   *model.RecordAttrs
}

// attrSlots are the columns a record's shared attributes are read from (with the unit).
var attrSlots = [...]int{uProduct, uItem, uSpec, uRegion, uProject, uPrice, uCurrency, uTags}

// attrs looks up the shared attributes of rr's row, whose quantity's unit is unit: the
// parsers are pure, so the same cell texts (and unit and sheet) give the same
// attributes. Unlike the direct-mapped caches it is a map: an export has few distinct
// attribute sets (hundreds) and every record should share one. The key is each text
// behind its length, so that no two different rows make the same key (a cell may hold
// any byte, NUL included). A nil cache gives a nil lookup, which never hits.
func (c *valueCache) attrs(rr *rowReader, unit string) *attrLookup {
	if c == nil {
		return nil
	}
	k := c.look.key[:0]
	for _, slot := range attrSlots {
		k = appendField(k, rr.str(slot))
	}
	k = appendField(k, unit)
	k = appendField(k, rr.src.Sheet)
	c.look = attrLookup{c: c, key: k, a: c.attrSet[string(k)]}
	return &c.look
}

// appendField appends s behind its length.
func appendField(k []byte, s string) []byte {
	return append(binary.AppendUvarint(k, uint64(len(s))), s...)
}

// get returns the cached attributes, nil on a miss.
func (l *attrLookup) get() *model.RecordAttrs {
	if l == nil {
		return nil
	}
	return l.a
}

// set caches a, read without a problem from the looked-up text.
func (l *attrLookup) set(a *model.RecordAttrs) {
	if l == nil {
		return
	}
	if l.c.attrSet == nil || len(l.c.attrSet) >= maxAttrs {
		l.c.attrSet = make(map[string]*model.RecordAttrs)
	}
	l.c.attrSet[string(l.key)] = a
}
