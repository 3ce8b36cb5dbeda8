package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/testkit"
)

// encodeJSON is what writeJSON must write, made another way: encoding/json (no HTML
// escaping), laid out as testkit.JSONLayout lays JSON out (2-space indent, an item of an
// array on one line), with a final newline.
func encodeJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(append(testkit.JSONLayout(b.Bytes()), '\n'))
	return err
}

// jsonText is a random string with what JSON escapes: quotes, backslashes, control
// characters, invalid UTF-8, U+2028, HTML characters, wide runes.
func jsonText(r *rand.Rand) string {
	parts := []string{"a", "Z9", `"`, `\`, "\n", "\t", "\x00", "\x1f", "\x7f", "\b", "\f", "\r", "<", ">", "&",
		"\xff", "\xe2\x80", "\u2028", "\u2029", "→", "≠", "中文", " ", "'", "/", "\u00e9", "😀"}
	var b strings.Builder
	for range r.IntN(8) {
		b.WriteString(parts[r.IntN(len(parts))])
	}
	return b.String()
}

// jsonValue is a random value of the kinds documents hold.
func randomJSONValue(r *rand.Rand, depth int) any {
	switch k := r.IntN(9); {
	case k < 3 || depth > 3:
		return jsonText(r)
	case k == 3:
		return r.IntN(2000) - 1000
	case k == 4:
		return []Object{}
	case k == 5:
		o := Object{}
		for range r.IntN(4) {
			o = append(o, Field{jsonText(r), randomJSONValue(r, depth+1)})
		}
		return o
	case k == 6:
		var os []Object
		for range r.IntN(3) {
			os = append(os, Object{{"k", randomJSONValue(r, depth+1)}})
		}
		return os
	case k == 7:
		return map[string]int{"x": r.IntN(9), "<y>": 2}
	}
	return struct {
		A string `json:"a"`
		B []int  `json:"b"`
	}{jsonText(r), []int{r.IntN(5)}}
}

// randomTable is a table of every cell kind, held, on demand (concurrent or not) or
// streamed.
func randomStreamTable(r *rand.Rand, n int, how int) *Table {
	cols := []Column{{Key: "text"}, {Key: "n", Kind: KindInt}, {Key: "money", Kind: KindMoney},
		{Key: "qty", Kind: KindQuantity}, {Key: "at", Kind: KindTime}, {Key: "day", Kind: KindDate},
		{Key: "ok", Kind: KindBool}}
	rows := make([][]Cell, n)
	for i := range rows {
		tm := time.Unix(1.7e9+r.Int64N(1e8), 0)
		rows[i] = []Cell{Text(jsonText(r)), Int(r.Int64N(1e6)), Money(decimal.New(r.Int64N(1e9), -r.Int32N(4))),
			Qty(decimal.New(r.Int64N(1e12), -r.Int32N(20))), Time(tm), Date(tm), Bool(r.IntN(2) == 0)}
		if r.IntN(5) == 0 {
			rows[i][r.IntN(len(cols))] = Empty()
		}
	}
	t := &Table{Name: "T", Columns: cols}
	switch how {
	case 0:
		t.Rows = rows
	case 1, 2:
		t.N, t.Concurrent = n, how == 2
		t.Row = func(i int, row []Cell) []Cell { return append(row, rows[i]...) }
	default:
		t.Stream = func(yield func([]Cell) error) error {
			for _, row := range rows {
				if err := yield(row); err != nil {
					return err
				}
			}
			return nil
		}
	}
	return t
}

// writeJSON writes the very bytes of encodeJSON, for every value documents hold,
// tables of every kind (their rows streamed, concurrent ones in blocks) and Arrays
// (in blocks of their own size or the default).
func TestWriteJSONMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	loc := time.FixedZone("UTC+8", 8*3600)
	for i := range 600 {
		doc := &Document{Precision: int32(r.IntN(3)), Location: loc}
		var v any = randomJSONValue(r, 0)
		if i%3 == 0 {
			n := r.IntN(6)
			if i%60 == 0 {
				n = 2*jsonBlock + r.IntN(3*jsonBlock)
			} else if i%9 == 0 {
				n = r.IntN(40) // blocks of a few items (Array.Block)
			}
			tb := randomStreamTable(r, n, r.IntN(4))
			arr := &Array{N: n, Concurrent: r.IntN(2) == 0, Block: []int{0, 1, 7, 5000}[r.IntN(4)], Item: func(i int, e *Encoder) error {
				e.BeginObject()
				e.Key("i")
				e.Int(int64(i))
				for d := range i % 14 { // deep, and keys JSON escapes
					e.Key("deep <&>")
					e.BeginObject()
					e.Key("i")
					e.Int(int64(d))
				}
				for range i % 14 {
					e.EndObject()
				}
				e.Key("s")
				e.String(fmt.Sprint("item ", i))
				e.Key("nested")
				e.BeginArray()
				for j := range i % 3 {
					e.Int(int64(j))
				}
				e.EndArray()
				e.EndObject()
				return nil
			}}
			v = Object{{"rows", doc.RowObjects(tb)}, {"v", v}, {"items", arr}, {"empty", Object{}}}
		}
		var got, want bytes.Buffer
		if err := writeJSON(&got, v); err != nil {
			t.Fatal(err)
		}
		if err := encodeJSON(&want, v); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("case %d:\n%s\nwant\n%s", i, got.String(), want.String())
		}
	}
}

// plainPrefix stops at the first byte JSON escapes or that starts a multi-byte rune,
// wherever it lies in the eight-byte words.
func TestPlainPrefix(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	special := []byte{'"', '\\', 0, 0x1f, 0x7f, 0x80, 0xff, '\n', ' ', '!', '#', '[', ']', 'a'}
	for range 200_000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = byte('a' + r.IntN(26))
			if r.IntN(12) == 0 {
				b[i] = special[r.IntN(len(special))]
			}
		}
		want := 0
		for want < len(b) && jsonPlain[b[want]] {
			want++
		}
		if got := plainPrefix(string(b)); got != want {
			t.Fatalf("%q: %d, want %d", b, got, want)
		}
	}
}

func TestAppendJSONString(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	for range 100_000 {
		s := jsonText(r)
		if r.IntN(10) == 0 { // any bytes at all
			b := make([]byte, r.IntN(12))
			for i := range b {
				b[i] = byte(r.IntN(256))
			}
			s = string(b)
		}
		want, _ := marshalPlain(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Fatalf("%q: %s, want %s", s, got, want)
		}
	}
}

// AppendInt writes what strconv writes; AppendEscaped what AppendString writes inside
// its quotes.
func TestAppendIntAndEscaped(t *testing.T) {
	for n := int64(-20); n < 20_050; n++ {
		if got, want := string(AppendInt(nil, n)), strconv.FormatInt(n, 10); got != want {
			t.Fatalf("%d: %s", n, got)
		}
	}
	r := rand.New(rand.NewPCG(4, 4))
	for range 20_000 {
		s := jsonText(r)
		if got, want := `"`+string(AppendEscaped(nil, s))+`"`, string(AppendString(nil, s)); got != want {
			t.Fatalf("%q: %s, want %s", s, got, want)
		}
	}
}
