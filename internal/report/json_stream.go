package report

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"
)

// Encoder writes JSON as encoding/json's Encoder with SetIndent("", "  ") and
// SetEscapeHTML(false) writes the same value, but for one rule: an object or array that
// is an item of an array is written on one line, its values separated by ", " and its
// keys followed by ": " (as Python's json.dumps writes it), so that a listing has one
// item per line (docs/formats.md). It writes one token at
// a time, so that a document is written as it is produced: arrays item by item (Array,
// a table's RowObjects), never marshalled whole. Values are written in order:
// BeginObject, Key and a value (String, Int, another Begin…) for each field, EndObject;
// arrays likewise without keys.
type Encoder struct {
	b        []byte
	w        io.Writer // where full buffers go; nil: the caller takes Bytes
	depth    int
	stack    []encFrame
	afterKey bool
	flat     int       // the stack's length with the one-line item open; 0: none
	doc      *Document // the precision and zone of Cell values
	memo     []colMemo // per column of the rows being written: recent times and texts
	spare    *colMemo  // for times outside those columns
	row      []Cell    // a row's cells, reused
}

type encFrame struct {
	n     int // values written in it
	array bool
}

// encFlushAt is the buffer size past which a streaming Encoder writes its buffer out.
const encFlushAt = 1 << 16

// nlIndent is a new line and indentation (2 spaces a level), sliced.
var nlIndent = "\n" + strings.Repeat(" ", 256)

func (e *Encoder) newline(depth int) {
	if e.flat != 0 {
		return
	}
	if n := 1 + 2*depth; n <= len(nlIndent) {
		e.b = append(e.b, nlIndent[:n]...)
		return
	}
	e.b = append(e.b, '\n')
	for n := 2 * depth; n > 0; {
		k := min(n, len(nlIndent)-1)
		e.b = append(e.b, nlIndent[1:1+k]...)
		n -= k
	}
}

// pre writes what comes before a value: in an array, the comma and the new line.
func (e *Encoder) pre() {
	if e.afterKey {
		e.afterKey = false
		return
	}
	if n := len(e.stack); n > 0 && e.stack[n-1].array {
		f := &e.stack[n-1]
		if f.n > 0 {
			e.comma()
		}
		f.n++
		e.newline(e.depth)
	}
}

// comma separates two values: ",", then a new line, or ", " on one line.
func (e *Encoder) comma() {
	if e.flat != 0 {
		e.b = append(e.b, ',', ' ')
		return
	}
	e.b = append(e.b, ',')
}

func (e *Encoder) open(c byte, array bool) {
	item := e.inArray()
	e.pre()
	e.b = append(e.b, c)
	e.stack = append(e.stack, encFrame{array: array})
	e.depth++
	if item && e.flat == 0 {
		e.flat = len(e.stack)
	}
}

// inArray reports whether the next value is an item of an array (not a field's value).
func (e *Encoder) inArray() bool {
	n := len(e.stack)
	return !e.afterKey && n > 0 && e.stack[n-1].array
}

func (e *Encoder) close(c byte) {
	f := e.stack[len(e.stack)-1]
	e.stack = e.stack[:len(e.stack)-1]
	e.depth--
	if f.n > 0 {
		e.newline(e.depth)
	}
	e.b = append(e.b, c)
	if e.flat > len(e.stack) {
		e.flat = 0
	}
}

// BeginObject starts an object value.
func (e *Encoder) BeginObject() { e.open('{', false) }

// EndObject ends the object begun last.
func (e *Encoder) EndObject() { e.close('}') }

// BeginArray starts an array value.
func (e *Encoder) BeginArray() { e.open('[', true) }

// EndArray ends the array begun last.
func (e *Encoder) EndArray() { e.close(']') }

// Key starts a field of the current object; its value comes next.
func (e *Encoder) Key(k string) {
	e.key()
	e.b = appendJSONString(e.b, k)
	e.b = append(e.b, ':', ' ')
}

// key starts a field: what comes before its key.
func (e *Encoder) key() {
	f := &e.stack[len(e.stack)-1]
	if f.n > 0 {
		e.comma()
	}
	f.n++
	e.newline(e.depth)
	e.afterKey = true
}

// String writes a string value.
func (e *Encoder) String(s string) {
	e.pre()
	e.b = appendJSONString(e.b, s)
}

// Int writes a number value.
func (e *Encoder) Int(n int64) {
	e.pre()
	e.b = strconv.AppendInt(e.b, n, 10)
}

// Cell writes a cell's value as a table's rows print it in JSON: counts as numbers,
// booleans as booleans, everything else (decimals included) as its text; an empty
// cell is "". Times and texts go through the column's memory of recent values (j: the
// column, -1 for none).
func (e *Encoder) Cell(c Cell, j int) {
	e.pre()
	e.b = e.appendCell(e.b, &c, j)
}

func (e *Encoder) appendCell(b []byte, c *Cell, j int) []byte {
	if !c.set() {
		return append(b, '"', '"')
	}
	var m *colMemo // only times and texts use it
	switch {
	case j >= 0 && j < len(e.memo):
		m = &e.memo[j]
	case c.kind() == KindTime:
		if e.spare == nil {
			e.spare = new(colMemo)
		}
		m = e.spare
	}
	var prec int32
	var loc *time.Location
	if e.doc != nil {
		prec, loc = e.doc.Precision, e.doc.Location
	}
	switch c.kind() {
	case KindText:
		return appendJSONString(b, c.str())
	case KindInt, KindBool:
		return c.appendCSV(b, prec, loc, m) // a bare number or true/false
	}
	b = append(b, '"')
	b = c.appendCSV(b, prec, loc, m) // decimals, times and dates: no character to escape
	return append(b, '"')
}

// Raw writes a value made by fn, which appends it to b laid out as the Encoder lays out
// a value at depth (its nested lines indented from depth + 1), or on one line when depth
// is -1 (an item of an array, or inside one; see Encoder): for listings whose items
// have a fixed shape, written faster from text made once (AppendString and AppendCell
// append the values). The caller answers for fn's text being that value.
func (e *Encoder) Raw(fn func(b []byte, depth int) []byte) {
	d := e.depth
	if e.flat != 0 || e.inArray() {
		d = -1
	}
	e.pre()
	e.b = fn(e.b, d)
}

// AppendString appends s as a JSON string, as String writes it.
func AppendString(b []byte, s string) []byte { return appendJSONString(b, s) }

// AppendEscaped appends s as the inside of a JSON string: AppendString without quotes.
func AppendEscaped(b []byte, s string) []byte { return appendJSONText(b, s) }

// AppendInt appends n as a JSON number, as Int writes it.
func AppendInt(b []byte, n int64) []byte {
	switch {
	case n < 0 || n >= 10000:
		return strconv.AppendInt(b, n, 10)
	case n < 10:
		return append(b, byte('0'+n))
	case n < 100:
		return append(b, byte('0'+n/10), byte('0'+n%10))
	case n < 1000:
		return append(b, byte('0'+n/100), byte('0'+n/10%10), byte('0'+n%10))
	}
	return append(b, byte('0'+n/1000), byte('0'+n/100%10), byte('0'+n/10%10), byte('0'+n%10))
}

// AppendCell appends a cell's value as Cell writes it (without a column's memory).
func (e *Encoder) AppendCell(b []byte, c Cell) []byte { return e.appendCell(b, &c, -1) }

// Indent is the text that starts a new line at depth: "\n" and two spaces a level.
func Indent(depth int) string {
	if n := 1 + 2*depth; n <= len(nlIndent) {
		return nlIndent[:n]
	}
	return "\n" + strings.Repeat("  ", depth)
}

// Value writes any other value as encoding/json marshals it (an Object, an Array and a
// table's RowObjects are written as they are produced; a func() any, as the value it
// returns when it is written).
func (e *Encoder) Value(v any) error {
	switch v := v.(type) {
	case Object:
		e.BeginObject()
		for _, f := range v {
			e.Key(f.Key)
			if err := e.Value(f.Value); err != nil {
				return err
			}
		}
		e.EndObject()
		return nil
	case *Array:
		return e.array(v)
	case rowObjects:
		return e.rows(v)
	case string:
		e.String(v)
		return nil
	case int:
		e.Int(int64(v))
		return nil
	case func() any: // a value made when it is written
		return e.Value(v())
	}
	raw, err := marshalPlain(v)
	if err != nil {
		return err
	}
	return e.tokens(raw)
}

// tokens writes the JSON text raw token by token, so that it is laid out as every other
// value (indented, an item of an array on one line); strings and numbers are copied as
// raw has them (its escapes kept).
func (e *Encoder) tokens(raw []byte) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var at int64
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		text := bytes.TrimLeft(raw[at:dec.InputOffset()], ",: \t\r\n")
		at = dec.InputOffset()
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				e.BeginObject()
			case '}':
				e.EndObject()
			case '[':
				e.BeginArray()
			case ']':
				e.EndArray()
			}
		case string:
			if n := len(e.stack); n > 0 && !e.stack[n-1].array && !e.afterKey {
				e.key()
				e.b = append(append(e.b, text...), ':', ' ')
				continue
			}
			e.pre()
			e.b = append(e.b, text...)
		default: // a number, true, false, null
			e.pre()
			e.b = append(e.b, text...)
		}
	}
}

// flush writes the buffer out when it is large (streaming Encoders only).
func (e *Encoder) flush(force bool) error {
	if e.w == nil || len(e.b) == 0 || !force && len(e.b) < encFlushAt {
		return nil
	}
	_, err := e.w.Write(e.b)
	e.b = e.b[:0]
	return err
}

// Array is a JSON array written item by item as it is encoded, never held whole: Item
// writes item i as one value with e. With Concurrent, blocks of items are written on
// every core (in order), so Item must be safe to call from several goroutines at once.
type Array struct {
	N          int
	Item       func(i int, e *Encoder) error
	Concurrent bool
	// Block, when set, is how many items a block holds (else jsonBlock): fewer for
	// items that may be long, so that the blocks made ahead stay a few megabytes.
	Block int
}

// MarshalJSON writes the array (for callers marshalling it whole).
func (a *Array) MarshalJSON() ([]byte, error) {
	e := &Encoder{}
	err := e.array(a)
	return e.b, err
}

// jsonBlock is how many items one goroutine writes at a time.
const jsonBlock = 1024

func (e *Encoder) array(a *Array) error {
	block := jsonBlock
	if a.Block > 0 {
		block = min(a.Block, jsonBlock)
	}
	return e.items(a.N, block, a.Concurrent && a.N >= 2*block, func(i int, x *Encoder) error { return a.Item(i, x) })
}

// items writes an array of n items, each written by item; in parallel blocks of block
// items when concurrent.
func (e *Encoder) items(n, block int, concurrent bool, item func(i int, x *Encoder) error) error {
	e.BeginArray()
	if !concurrent || e.w == nil {
		for i := range n {
			if err := item(i, e); err != nil {
				return err
			}
			if err := e.flush(false); err != nil {
				return err
			}
		}
		e.EndArray()
		return nil
	}
	if err := e.flush(true); err != nil {
		return err
	}
	depth := e.depth
	err := writeBlocks(e.w, n, block, func() blockFormatter {
		x := &Encoder{doc: e.doc, memo: make([]colMemo, len(e.memo))}
		return func(b []byte, lo, hi int) ([]byte, error) {
			x.b, x.depth, x.flat = b, depth, 0
			x.stack = append(x.stack[:0], encFrame{array: true, n: lo})
			for i := lo; i < hi; i++ {
				if err := item(i, x); err != nil {
					return x.b, err
				}
			}
			return x.b, nil
		}
	})
	if err != nil {
		return err
	}
	e.stack[len(e.stack)-1].n = n
	e.EndArray()
	return nil
}

// rows writes a table's rows as an array of objects with keys in column order.
func (e *Encoder) rows(r rowObjects) error {
	t := r.t
	e.doc = r.doc
	e.memo = make([]colMemo, len(t.Columns))
	writeRow := func(x *Encoder, row []Cell) {
		x.BeginObject()
		for j := range row {
			x.Key(t.Columns[j].Key)
			x.Cell(row[j], j)
		}
		x.EndObject()
	}
	if t.Row != nil && t.Concurrent {
		return e.items(t.N, jsonBlock, t.N >= 2*jsonBlock, func(i int, x *Encoder) error {
			x.row = t.Row(i, x.row[:0])
			if err := t.checkRow(i, x.row); err != nil {
				return err
			}
			writeRow(x, x.row)
			return nil
		})
	}
	e.BeginArray()
	err := t.each(func(_ int, row []Cell) error {
		writeRow(e, row)
		return e.flush(false)
	})
	if err != nil {
		return err
	}
	e.EndArray()
	return nil
}

// writeJSON writes v (with a final new line) as encodeJSON does, streaming what streams.
func writeJSON(w io.Writer, v any) error {
	e := &Encoder{w: w, b: make([]byte, 0, 2*encFlushAt)}
	if err := e.Value(v); err != nil {
		return err
	}
	e.b = append(e.b, '\n')
	return e.flush(true)
}
