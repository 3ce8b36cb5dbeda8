package report

import (
	"errors"
	"fmt"
	"io"
	"math/big"
	"math/bits"
	"reflect"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding"
	"github.com/shopspring/decimal"
)

// Parquet output: one file holds one table (Tables[0], as CSV does). Every column is
// optional (an empty cell, or an empty text, is a null) and typed by its Kind:
//
//	text      STRING (dictionary-encoded)
//	int       INT64
//	money     DECIMAL(38, Document.Precision), 16-byte fixed length
//	quantity  DECIMAL(38, 18), 16-byte fixed length
//	time      TIMESTAMP(MICROS, isAdjustedToUTC=true): the instant, zone dropped
//	date      DATE: the cell's own calendar day
//	bool      BOOLEAN
//
// Money is rounded to the precision half away from zero, as every text format prints
// it; a quantity is exact. A number with more integer digits than its column holds, or
// a quantity with more than 18 decimals (an input's own: converted quantities are
// rounded to 18), is a *TooLargeError, as a sheet too long for XLSX is: bad usage,
// since the text formats hold it. Rows are
// written as the table yields them, and a row group is closed every ParquetGroupRows
// rows: memory holds one row group, never the file.

// ParquetGroupRows is how many rows a Parquet row group holds.
const ParquetGroupRows = 1 << 17

// QtyScale is the scale of quantity columns in Parquet.
const QtyScale = 18

// renderParquet writes Tables[0] as a Parquet file.
func renderParquet(w io.Writer, doc *Document) error {
	if len(doc.Tables) == 0 {
		return fmt.Errorf("report: nothing to write as parquet")
	}
	t := doc.Tables[0]
	pw, err := NewParquetWriter(w, t.Columns, doc.Precision)
	if err != nil {
		return err
	}
	if t.Row != nil && t.Concurrent && t.N >= 2*parquetBlock {
		err = pw.writeBlocks(t)
	} else {
		err = t.each(func(_ int, row []Cell) error { return pw.WriteRow(row) })
	}
	if tl := (*TooLargeError)(nil); errors.As(err, &tl) {
		tl.Table = t.Name
	}
	if err != nil {
		return err
	}
	return pw.Close()
}

// TooLargeError is a number a Parquet DECIMAL(38, Scale) column cannot hold: one with
// more than 38 − Scale integer digits, or a quantity with more than Scale decimals (an
// input's 0.0000000000000000001 GB: money is rounded, a quantity is exact). The text
// formats print it.
type TooLargeError struct {
	Table    string // the listing
	Row      int    // from 1: the line of the same listing's CSV, less its header
	Column   string
	Value    string
	Scale    int32
	Decimals bool // too many decimals, not integer digits
}

func (e *TooLargeError) Error() string {
	v, _ := strings.CutPrefix(e.Value, "-")
	digits, frac, _ := strings.Cut(v, ".")
	if e.Decimals {
		return fmt.Sprintf("report: parquet: %s row %d: column %q: %s has %d decimals; DECIMAL(38, %d) holds %d",
			e.Table, e.Row, e.Column, e.Value, len(frac), e.Scale, e.Scale)
	}
	return fmt.Sprintf("report: parquet: %s row %d: column %q: %s has %d integer digits; DECIMAL(38, %d) holds %d",
		e.Table, e.Row, e.Column, e.Value, len(digits), e.Scale, 38-e.Scale)
}

// parquetBlock is how many rows of a Concurrent table one goroutine converts at a time.
const parquetBlock = 1024

// parquetRows is a block of rows converted to Parquet values: n rows, each with its
// decimal buffers (the values of its decimal cells point into them).
type parquetRows struct {
	rows []parquet.Row
	dec  [][][16]byte
	n    int
}

// writeBlocks writes the rows of a Concurrent table: blocks of parquetBlock rows are
// made and converted on every core (inBlocks) and handed to the Parquet writer in
// order, which encodes them meanwhile. The file is the one WriteRow makes row by row.
func (p *ParquetWriter) writeBlocks(t *Table) error {
	if err := p.flush(); err != nil {
		return err
	}
	return inBlocks(t.N, parquetBlock, func() func(*parquetRows, int, int) (*parquetRows, error) {
		var row []Cell
		c := &ParquetWriter{cols: p.cols, prec: p.prec} // its own scratch
		return func(b *parquetRows, lo, hi int) (*parquetRows, error) {
			if b == nil {
				b = &parquetRows{rows: make([]parquet.Row, parquetBlock), dec: make([][][16]byte, parquetBlock)}
				for i := range b.rows {
					b.rows[i], b.dec[i] = make(parquet.Row, len(p.cols)), make([][16]byte, len(p.cols))
				}
			}
			b.n = 0
			for i := lo; i < hi; i++ {
				row = t.Row(i, row[:0])
				if err := t.checkRow(i, row); err != nil {
					return b, err
				}
				if err := c.convert(row, b.rows[b.n], b.dec[b.n]); err != nil {
					return b, atRow(err, i)
				}
				b.n++
			}
			return b, nil
		}
	}, func(b *parquetRows) error {
		_, err := p.w.WriteRows(b.rows[:b.n])
		return err
	})
}

// ParquetWriter streams rows of cells into a Parquet file with one column per Column
// (in their order), typed as renderParquet says. Rows are handed to the Parquet writer
// parquetBatch at a time, so a text cell's bytes are read until then (as any Go
// string's, they must not change).
type ParquetWriter struct {
	w     *parquet.Writer
	cols  []Column
	prec  int32
	batch []parquet.Row // rows waiting to be handed to the writer together
	dec   [][][16]byte  // per batch row, one decimal buffer per column: its values point into them
	n     int           // rows in batch
	rows  int           // rows taken by WriteRow
	big   big.Int
}

// parquetBatch is how many rows are handed to the Parquet writer at once: one at a
// time, its per-call work costs more than the values.
const parquetBatch = 256

// NewParquetWriter starts a Parquet file on w for rows of cols; money has prec decimals.
func NewParquetWriter(w io.Writer, cols []Column, prec int32) (*ParquetWriter, error) {
	if prec < 0 || prec > 18 {
		return nil, fmt.Errorf("report: parquet: precision %d out of range", prec)
	}
	fields := make(orderedGroup, len(cols))
	seen := map[string]bool{}
	for i, c := range cols {
		if seen[c.Key] {
			return nil, fmt.Errorf("report: parquet: duplicate column %q", c.Key)
		}
		seen[c.Key] = true
		fields[i] = &namedField{Node: parquet.Optional(parquetNode(c.Kind, prec)), name: c.Key}
	}
	cfg, err := parquet.NewWriterConfig(
		parquet.NewSchema("pkgctl", fields),
		parquet.CreatedBy("pkgctl", "1", "-"),
		parquet.Compression(&parquet.Snappy),
		parquet.MaxRowsPerRowGroup(ParquetGroupRows),
		parquet.DictionaryMaxBytes(1<<20),
	)
	if err != nil {
		return nil, err
	}
	p := &ParquetWriter{w: parquet.NewWriter(w, cfg), cols: cols, prec: prec,
		batch: make([]parquet.Row, parquetBatch), dec: make([][][16]byte, parquetBatch)}
	for i := range p.batch {
		p.batch[i], p.dec[i] = make(parquet.Row, len(cols)), make([][16]byte, len(cols))
	}
	return p, nil
}

// parquetNode is the column type of a kind.
func parquetNode(k Kind, prec int32) parquet.Node {
	switch k {
	case KindInt:
		return parquet.Int(64)
	case KindMoney:
		return parquet.Decimal(int(prec), 38, parquet.FixedLenByteArrayType(16))
	case KindQuantity:
		return parquet.Decimal(QtyScale, 38, parquet.FixedLenByteArrayType(16))
	case KindTime:
		return parquet.Timestamp(parquet.Microsecond)
	case KindDate:
		return parquet.Date()
	case KindBool:
		return parquet.Leaf(parquet.BooleanType)
	}
	return parquet.Encoded(parquet.String(), &parquet.RLEDictionary)
}

// WriteRow writes one row: one cell per column, each empty or of its column's kind.
func (p *ParquetWriter) WriteRow(row []Cell) error {
	if len(row) != len(p.cols) {
		return fmt.Errorf("report: parquet: %d cells for %d columns", len(row), len(p.cols))
	}
	if err := p.convert(row, p.batch[p.n], p.dec[p.n]); err != nil {
		return atRow(err, p.rows)
	}
	p.rows++
	if p.n++; p.n == len(p.batch) {
		return p.flush()
	}
	return nil
}

// atRow sets a *TooLargeError's row: i, from 0.
func atRow(err error, i int) error {
	if tl := (*TooLargeError)(nil); errors.As(err, &tl) {
		tl.Row = i + 1
	}
	return err
}

// convert fills out with the values of row, its decimals in dec.
func (p *ParquetWriter) convert(row []Cell, out parquet.Row, dec [][16]byte) error {
	for j := range row {
		v, err := p.value(&row[j], j, &dec[j])
		if tl := (*TooLargeError)(nil); errors.As(err, &tl) {
			tl.Column = p.cols[j].Key
			return tl
		}
		if err != nil {
			return fmt.Errorf("report: parquet: column %q: %w", p.cols[j].Key, err)
		}
		if v.IsNull() {
			out[j] = v.Level(0, 0, j)
		} else {
			out[j] = v.Level(0, 1, j)
		}
	}
	return nil
}

// flush hands the batched rows to the writer.
func (p *ParquetWriter) flush() error {
	_, err := p.w.WriteRows(p.batch[:p.n])
	p.n = 0
	return err
}

// value converts cell j; a null Value for an empty cell or an empty text.
func (p *ParquetWriter) value(c *Cell, j int, dec *[16]byte) (parquet.Value, error) {
	if !c.set() {
		return parquet.NullValue(), nil
	}
	if c.kind() != p.cols[j].Kind {
		return parquet.Value{}, fmt.Errorf("%s cell in a %s column", c.kind(), p.cols[j].Kind)
	}
	switch c.kind() {
	case KindText:
		if c.n == 0 {
			return parquet.NullValue(), nil
		}
		return parquet.ByteArrayValue(c.ref.Bytes(c.n)), nil
	case KindInt:
		return parquet.Int64Value(c.num), nil
	case KindMoney, KindQuantity:
		scale := p.prec
		if c.kind() == KindQuantity {
			scale = QtyScale
		}
		if err := p.putDecimal(dec, c, scale); err != nil {
			return parquet.Value{}, err
		}
		return parquet.FixedLenByteArrayValue(dec[:]), nil
	case KindTime:
		// The whole second, as every other format prints it (rules.md §4.1): a Parquet
		// file holds its CSV's values.
		return parquet.Int64Value(c.num * 1_000_000), nil
	case KindDate:
		y, m, d := c.when().Date()
		return parquet.Int32Value(int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)), nil
	case KindBool:
		return parquet.BooleanValue(c.truth()), nil
	}
	return parquet.Value{}, fmt.Errorf("unknown kind %s", c.kind())
}

// putDecimal stores the cell's value × 10^scale as a 16-byte big-endian two's
// complement integer. Money rounds to scale half away from zero; a quantity with more
// decimals than scale, or a value past 38 digits, is an error.
func (p *ParquetWriter) putDecimal(dst *[16]byte, c *Cell, scale int32) error {
	if c.parts() && c.exp() >= -scale {
		if putScaled128(dst, c.num, int(c.exp()+scale)) {
			return nil
		}
	}
	d := c.decimal()
	if d.Exponent() < -scale {
		r := d.Round(scale)
		if c.kind() == KindQuantity && !r.Equal(d) { // a quantity is exact, or refused
			return &TooLargeError{Value: d.String(), Scale: scale, Decimals: true}
		}
		d = r
	}
	// unscaled = coefficient × 10^(exp+scale), exact
	p.big.Set(d.Coefficient())
	if shift := int64(d.Exponent()) + int64(scale); shift > 0 {
		p.big.Mul(&p.big, new(big.Int).Exp(big.NewInt(10), big.NewInt(shift), nil))
	}
	if p.big.CmpAbs(maxDecimal38) >= 0 {
		return &TooLargeError{Value: d.String(), Scale: scale}
	}
	neg := p.big.Sign() < 0
	p.big.Abs(&p.big)
	p.big.FillBytes(dst[:])
	if neg {
		negate128(dst)
	}
	return nil
}

// maxDecimal38 is 10^38, the first value DECIMAL(38, s) cannot hold unscaled.
var maxDecimal38 = new(big.Int).Exp(big.NewInt(10), big.NewInt(38), nil)

// pow10u holds 10^0 … 10^19, the powers that fit a uint64.
var pow10u = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// 10^38 as two 64-bit words.
const max38Hi, max38Lo = 0x4B3B4CA85A86C47A, 0x098A224000000000

// putScaled128 stores coef × 10^shift (shift ≥ 0) as 16 big-endian bytes of two's
// complement, when its magnitude is below 10^38; ok is false otherwise.
func putScaled128(dst *[16]byte, coef int64, shift int) bool {
	if shift < 0 || shift > 38 {
		return false
	}
	neg := coef < 0
	lo := uint64(coef)
	if neg {
		lo = -lo
	}
	var hi uint64
	for shift > 0 {
		step := min(shift, 19)
		shift -= step
		h1, l1 := bits.Mul64(lo, pow10u[step])
		h2, l2 := bits.Mul64(hi, pow10u[step])
		var carry uint64
		hi, carry = bits.Add64(h1, l2, 0)
		if h2 != 0 || carry != 0 {
			return false
		}
		lo = l1
	}
	if hi > max38Hi || hi == max38Hi && lo >= max38Lo {
		return false
	}
	for i := 0; i < 8; i++ {
		dst[i] = byte(hi >> (56 - 8*i))
		dst[8+i] = byte(lo >> (56 - 8*i))
	}
	if neg {
		negate128(dst)
	}
	return true
}

// negate128 replaces the 16-byte big-endian integer with its two's complement.
func negate128(b *[16]byte) {
	carry := 1
	for i := 15; i >= 0; i-- {
		v := int(^b[i]) + carry
		b[i] = byte(v)
		carry = v >> 8
	}
}

// Close flushes the last rows and row group and writes the file footer.
func (p *ParquetWriter) Close() error {
	if err := p.flush(); err != nil {
		return err
	}
	return p.w.Close()
}

// orderedGroup is a Parquet group whose columns keep the given order (parquet.Group,
// a map, sorts them by name).
type orderedGroup []parquet.Field

func (g orderedGroup) ID() int                          { return 0 }
func (g orderedGroup) String() string                   { return "group" }
func (g orderedGroup) Type() parquet.Type               { return parquet.Group{}.Type() }
func (g orderedGroup) Optional() bool                   { return false }
func (g orderedGroup) Repeated() bool                   { return false }
func (g orderedGroup) Required() bool                   { return true }
func (g orderedGroup) Leaf() bool                       { return false }
func (g orderedGroup) Fields() []parquet.Field          { return g }
func (g orderedGroup) Encoding() encoding.Encoding      { return nil }
func (g orderedGroup) Compression() compress.Codec      { return nil }
func (g orderedGroup) GoType() reflect.Type             { return reflect.TypeOf(struct{}{}) }
func (f *namedField) Name() string                      { return f.name }
func (f *namedField) Value(reflect.Value) reflect.Value { return reflect.Value{} }

// namedField is one column of an orderedGroup.
type namedField struct {
	parquet.Node
	name string
}

// ParquetDecimal reads a DECIMAL(38, scale) value as written by ParquetWriter.
func ParquetDecimal(b []byte, scale int32) decimal.Decimal {
	v := new(big.Int).SetBytes(b)
	if len(b) > 0 && b[0]&0x80 != 0 { // negative: subtract 2^(8·len)
		v.Sub(v, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
	}
	return decimal.NewFromBigInt(v, -scale)
}
