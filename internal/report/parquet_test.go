package report

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/testkit"
)

// parquetDoc is sampleDoc's bills with the values the decimal conversion must get
// right: negatives, rounding half away from zero, coefficients past int64, quantities
// with 18 decimals, times with a fraction of a second.
func parquetDoc() *Document {
	doc := sampleDoc()
	t := doc.Tables[0]
	big := dec("123456789012345678901234.5") // 25 digits: no int64 coefficient
	cases := []struct{ qty, amount string }{
		{"-0.000000000000000001", "-0.005"}, // rounds to -0.01
		{"12345678901234567890.123456789012345678", "2.005"},
		{"1E+3", "-1234567890123456.78"},
		{"0", "0"},
	}
	for i, c := range cases {
		t.Rows = append(t.Rows, []Cell{Date(day(i + 1)), Text(""), Text("x\"y,z"), Qty(dec(c.qty)),
			Empty(), Money(dec(c.amount)), Time(time.Date(2024, 2, 1, 0, 0, 0, 500_000_000, shanghai)), Bool(i%2 == 0)})
	}
	bigQty := dec("1234567890123456789.000000000000000001") // 37 digits
	t.Rows = append(t.Rows, []Cell{Empty(), Empty(), Empty(), Qty(bigQty), Empty(), Money(big.Neg()), Empty(), Empty()})
	return doc
}

func TestParquetRoundTrip(t *testing.T) {
	doc := parquetDoc()
	path := filepath.Join(t.TempDir(), "bills.parquet")
	if err := os.WriteFile(path, render(t, doc, FormatParquet), 0o644); err != nil {
		t.Fatal(err)
	}
	pt, err := testkit.ReadParquet(path)
	if err != nil {
		t.Fatal(err)
	}
	wantTypes := []string{"DATE", "STRING", "STRING", "DECIMAL(38,18)", "STRING", "DECIMAL(38,2)",
		"TIMESTAMP(MICROS,UTC)", "BOOLEAN"}
	for j, c := range pt.Columns {
		if c.Name != doc.Tables[0].Columns[j].Key || c.Type != wantTypes[j] || !c.Optional {
			t.Errorf("column %d: %+v, want %s %s optional", j, c, doc.Tables[0].Columns[j].Key, wantTypes[j])
		}
	}
	// Every value as the CSV of the same document prints it (money rounded alike).
	if err := pt.SameAsCSV(render(t, doc, FormatCSV)); err != nil {
		t.Error(err)
	}
	// An instant is its whole second, as in the CSV (2024-02-01T00:00:00.5+08:00 prints
	// 2024-02-01T00:00:00+08:00).
	if got := pt.Rows[7][6].(time.Time); !got.Equal(time.Date(2024, 1, 31, 16, 0, 0, 0, time.UTC)) {
		t.Errorf("time %s, want 2024-01-31T16:00:00Z", got.Format(time.RFC3339Nano))
	}
	// Invariant: the money column sums to the table's total, exactly.
	sum := decimal.Zero
	for _, r := range pt.Rows {
		if r[5] != nil {
			sum = sum.Add(r[5].(decimal.Decimal))
		}
	}
	want := decimal.Zero
	for _, r := range doc.Tables[0].Rows {
		want = want.Add(r[5].decimal().Round(doc.Precision))
	}
	if !sum.Equal(want) {
		t.Errorf("amounts sum to %s, want %s", sum, want)
	}
}

func TestParquetStreamsRowGroups(t *testing.T) {
	n := ParquetGroupRows*2 + 10
	tb := &Table{Name: "Big", Columns: []Column{{Key: "i", Kind: KindInt}, {Key: "amount", Kind: KindMoney}},
		N: n, Row: func(i int, row []Cell) []Cell {
			return append(row, Int(int64(i)), MoneyParts(int64(i), -2))
		}}
	doc := &Document{Tables: []*Table{tb}, Precision: 2}
	file := render(t, doc, FormatParquet)
	tb.Concurrent = true // rows converted on every core: the same row groups, the same file
	if !bytes.Equal(render(t, doc, FormatParquet), file) {
		t.Fatal("the rows converted on every core make another file")
	}
	path := filepath.Join(t.TempDir(), "big.parquet")
	if err := os.WriteFile(path, file, 0o644); err != nil {
		t.Fatal(err)
	}
	pt, err := testkit.ReadParquet(path)
	if err != nil {
		t.Fatal(err)
	}
	if pt.Groups != 3 || len(pt.Rows) != n {
		t.Fatalf("%d row groups, %d rows; want 3 and %d", pt.Groups, len(pt.Rows), n)
	}
	for i, r := range pt.Rows {
		if r[0].(int64) != int64(i) || r[1].(decimal.Decimal).String() != decimal.New(int64(i), -2).String() {
			t.Fatalf("row %d: %v", i, r)
		}
	}
}

func TestParquetDeterministic(t *testing.T) {
	a, b := render(t, parquetDoc(), FormatParquet), render(t, parquetDoc(), FormatParquet)
	if !bytes.Equal(a, b) || len(a) == 0 {
		t.Error("two renders differ")
	}
}

func TestParquetRefusesWhatItCannotHold(t *testing.T) {
	tb := &Table{Name: "T", Columns: []Column{{Key: "v", Kind: KindQuantity}}, Rows: [][]Cell{{Qty(dec("1.0000000000000000001"))}}}
	if err := Render(&bytes.Buffer{}, &Document{Tables: []*Table{tb}, Precision: 2}, FormatParquet); err == nil {
		t.Errorf("19 decimals: no error")
	}
	// A number with too many integer digits is a *TooLargeError naming the listing, the
	// row (its CSV line less the header) and the column, on one core and on every core.
	for _, c := range []struct {
		cell Cell
		n    int // rows; the last one holds cell
		want string
	}{
		{Qty(dec("99999999999999999999.999999999999999999")), 1, ""}, // 20 digits: fits
		{Qty(dec("365999999999999999817")), 3, `report: parquet: T row 3: column "v": 365999999999999999817 has 21 integer digits; DECIMAL(38, 18) holds 20`},
		{Money(dec("-1E+36")), 1, `report: parquet: T row 1: column "v": -1000000000000000000000000000000000000 has 37 integer digits; DECIMAL(38, 2) holds 36`},
		{Qty(dec("1E+21")), 3 * parquetBlock, `report: parquet: T row 3072: column "v": 1000000000000000000000 has 22 integer digits; DECIMAL(38, 18) holds 20`},
	} {
		last := c.cell
		tb := &Table{Name: "T", Columns: []Column{{Key: "v", Kind: last.kind()}}, N: c.n, Concurrent: true,
			Row: func(i int, buf []Cell) []Cell {
				if i == c.n-1 {
					return append(buf, last)
				}
				return append(buf, Empty())
			}}
		err := Render(&bytes.Buffer{}, &Document{Tables: []*Table{tb}, Precision: 2}, FormatParquet)
		var tl *TooLargeError
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%d rows: %v; want none", c.n, err)
		case c.want != "" && (!errors.As(err, &tl) || err.Error() != c.want):
			t.Errorf("%d rows: %v; want a *TooLargeError %s", c.n, err, c.want)
		}
	}
}

func TestPutScaled128MatchesBig(t *testing.T) {
	for _, coef := range []int64{0, 1, -1, 999_999_999_999_999_999, -999_999_999_999_999_999, 123456789} {
		for shift := 0; shift <= 38; shift++ {
			var fast [16]byte
			ok := putScaled128(&fast, coef, shift)
			d := decimal.New(coef, int32(shift))
			fits := d.Abs().Cmp(decimal.New(1, 38)) < 0
			if ok != fits {
				t.Fatalf("%d×10^%d: ok %v, fits %v", coef, shift, ok, fits)
			}
			if ok && !ParquetDecimal(fast[:], 0).Equal(d) {
				t.Fatalf("%d×10^%d: %s", coef, shift, ParquetDecimal(fast[:], 0))
			}
		}
	}
}
