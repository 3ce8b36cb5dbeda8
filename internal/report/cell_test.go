package report

import (
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/shopspring/decimal"
)

// A cell stays four 64-bit words: the size that the compiler keeps in registers on the
// 64-bit platforms pkgctl is built for (cell.go). (On 32-bit ones head and num are still
// 64-bit: 24 bytes, six words.)
func TestCellIsFourWords(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("not a 64-bit platform")
	}
	if got := unsafe.Sizeof(Cell{}); got != 32 {
		t.Fatalf("Cell is %d bytes, want 32", got)
	}
}

// Every kind of cell gives back the value it was made of: decimals of any length (held
// as parts or by pointer) print as shopspring prints them and keep their exponent;
// instants keep their nanosecond and zone; texts, counts and booleans are themselves.
func TestCellKeepsItsValue(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var memo colMemo
	for i := 0; i < 50_000; i++ {
		digits := make([]byte, r.IntN(45)+1) // past 18 digits: held by pointer
		for k := range digits {
			digits[k] = byte('0' + r.IntN(10))
		}
		c, _ := new(big.Int).SetString(string(digits), 10)
		if r.IntN(2) == 0 {
			c.Neg(c)
		}
		d := decimal.NewFromBigInt(c, int32(r.IntN(40)-25))
		prec := int32(r.IntN(5))
		for _, cell := range []Cell{Qty(d), Money(d)} {
			want := d.String()
			if cell.Kind() == KindMoney {
				want = d.StringFixed(prec)
			}
			got := cell.decimal()
			if s := cell.format(prec, nil); s != want || got.Cmp(d) != 0 || got.Exponent() != d.Exponent() {
				t.Fatalf("%s cell of %s: prints %q (want %q), holds %s·10^%d", cell.Kind(), d, s, want, got.Coefficient(), got.Exponent())
			}
			if s := string(cell.appendCSV(nil, prec, nil, &memo)); s != want {
				t.Fatalf("%s cell of %s: CSV %q, want %q", cell.Kind(), d, s, want)
			}
		}
	}
	zones := []*time.Location{time.UTC, time.Local, time.FixedZone("", 5*3600+45*60), time.FixedZone("X", -9*3600-30*60)}
	for i := 0; i < 20_000; i++ {
		in := time.Unix(r.Int64N(1<<36)-1<<35, r.Int64N(2)*r.Int64N(1e9)).In(zones[r.IntN(len(zones))])
		loc := zones[r.IntN(len(zones))]
		tc, dc := Time(in), Date(in)
		if got := tc.when(); !got.Equal(in) || got.Location() != in.Location() && in.Location() != time.UTC {
			t.Fatalf("Time(%v) holds %v", in, got)
		}
		if got, want := tc.format(0, nil), TimeString(in); got != want {
			t.Fatalf("Time(%v) in its own zone prints %q, want %q", in, got, want)
		}
		if got, want := string(tc.appendCSV(nil, 0, loc, &memo)), TimeString(in.In(loc)); got != want {
			t.Fatalf("Time(%v) in %v prints %q, want %q", in, loc, got, want)
		}
		if got, want := dc.format(0, loc), DateString(in); got != want || dc.Kind() != KindDate {
			t.Fatalf("Date(%v) prints %q, want %q", in, got, want)
		}
	}
	for _, s := range []string{"", "a", "PKG000001", "a,b", "日本語", strings.Repeat("x", 1000)} {
		if c := Text(s); c.str() != s || c.format(2, nil) != s || c.IsEmpty() || c.Kind() != KindText {
			t.Fatalf("Text(%q) holds %q", s, c.str())
		}
	}
	for _, n := range []int64{0, -1, 1 << 62} {
		if c := Int(n); c.num != n || c.format(2, nil) != decimal.NewFromInt(n).String() {
			t.Fatalf("Int(%d) prints %q", n, c.format(2, nil))
		}
	}
	if a, b := Bool(true), Bool(false); !a.truth() || b.truth() || a.format(0, nil) != "true" || b.format(0, nil) != "false" {
		t.Fatal("Bool cells do not hold their value")
	}
	for _, c := range []Cell{Empty(), Time(time.Time{}), Date(time.Time{})} {
		if !c.IsEmpty() || c.format(2, time.UTC) != "" {
			t.Fatalf("an empty cell prints %q", c.format(2, time.UTC))
		}
	}
}

// AppendCell appends what format prints, for every kind.
func TestAppendCell(t *testing.T) {
	loc := time.FixedZone("UTC+8", 8*3600)
	tm := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, c := range []Cell{Empty(), Text("a,\"b"), Int(-42), Money(decimal.RequireFromString("1.005")),
		Qty(decimal.RequireFromString("0.0100")), QtyParts(12345, -2), Time(tm), Date(tm), Bool(true)} {
		if got, want := string(AppendCell([]byte("x"), c, 2, loc)), "x"+c.format(2, loc); got != want {
			t.Errorf("%v: %q, want %q", c.kind(), got, want)
		}
	}
}
