package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode"
)

// defaultJSON is the object rendered when Document.JSON is nil:
// {"<table name in snake_case>": [row objects with keys in column order]}.
func defaultJSON(doc *Document) Object {
	obj := Object{}
	for _, t := range doc.Tables {
		obj = append(obj, Field{SnakeCase(t.Name), doc.RowObjects(t)})
	}
	return obj
}

// RowObjects is the rows of t as a JSON array of objects with keys in column order and
// values as rules.md §4.1 prints them (in doc's precision and zone), for commands that build their
// own JSON shape around a table. Nothing is formatted until it is marshalled.
func (doc *Document) RowObjects(t *Table) json.Marshaler {
	return rowObjects{t: t, doc: doc}
}

type rowObjects struct {
	t   *Table
	doc *Document
}

// MarshalJSON writes the rows as an array of ordered objects.
func (r rowObjects) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('[')
	o := make(Object, len(r.t.Columns))
	err := r.t.each(func(i int, row []Cell) error {
		if i > 0 {
			buf.WriteByte(',')
		}
		for j, c := range row {
			o[j] = Field{r.t.Columns[j].Key, jsonValue(c, r.doc)}
		}
		b, err := o.MarshalJSON()
		buf.Write(b)
		return err
	})
	buf.WriteByte(']')
	return buf.Bytes(), err
}

// jsonValue is a cell's JSON value: counts are numbers, booleans are booleans, every
// other kind (decimals included) is its rules.md §4.1 string; an empty cell is "".
func jsonValue(c Cell, doc *Document) any {
	if c.set() && c.kind() == KindInt {
		return c.num
	}
	if c.set() && c.kind() == KindBool {
		return c.truth()
	}
	return c.format(doc.Precision, doc.Location)
}

// Field is one key of an Object.
type Field struct {
	Key   string
	Value any
}

// Object is a JSON object that keeps its keys in the given order.
type Object []Field

// MarshalJSON encodes the object with its keys in order.
func (o Object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, err := marshalPlain(f.Key)
		if err != nil {
			return nil, err
		}
		v, err := marshalPlain(f.Value)
		if err != nil {
			return nil, err
		}
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// marshalPlain is json.Marshal without HTML escaping ("<" stays "<").
func marshalPlain(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// SnakeCase turns a table name into a JSON key: "Bills" → "bills",
// "Summary by Month" → "summary_by_month", "PackageTotals" → "package_totals".
func SnakeCase(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case unicode.IsUpper(r):
			if i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1])) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}
