package report

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// QtyParts and MoneyParts print exactly what Qty and Money of the same decimal print, in
// every format, including coefficients past the 18-digit fast path.
func TestPartsCellsMatchDecimalCells(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var memo colMemo
	for i := 0; i < 100_000; i++ {
		c := r.Int64N(1 << uint(r.IntN(62)+1)) // up to 2^62
		if r.IntN(2) == 0 {
			c = -c
		}
		if r.IntN(50) == 0 {
			c = math.MaxInt64 - r.Int64N(10)
		}
		exp, prec := int32(r.IntN(40)-25), int32(r.IntN(5))
		d := decimal.New(c, exp)
		for _, pair := range [][2]Cell{{QtyParts(c, exp), Qty(d)}, {MoneyParts(c, exp), Money(d)}} {
			got, want := string(pair[0].appendCSV(nil, prec, time.UTC, &memo)), string(pair[1].appendCSV(nil, prec, time.UTC, &memo))
			if got != want || pair[0].format(prec, time.UTC) != want || !pair[0].decimal().Equal(d) {
				t.Fatalf("%d·10^%d (prec %d, kind %s): parts print %q / %q, decimal %q", c, exp, prec,
					pair[0].kind(), got, pair[0].format(prec, time.UTC), want)
			}
		}
	}
}

// A column's time memo prints every instant as TimeString does, whatever instants share
// its entries: equal seconds with different fractions, and seconds that collide.
func TestTimeMemo(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	loc := time.FixedZone("UTC+8", 8*3600)
	var memo timeMemo
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	for i := 0; i < 200_000; i++ {
		tm := time.Unix(base+r.Int64N(5000), r.Int64N(2)*int64(r.IntN(1e9)))
		if got, want := string(memo.append(nil, new(Time(tm)), loc)), TimeString(tm.In(loc)); got != want {
			t.Fatalf("%v: memo prints %q, want %q", tm, got, want)
		}
	}
	far := time.Date(12345, 1, 1, 0, 0, 0, 0, time.UTC) // longer than an entry holds
	for range 2 {
		if got, want := string(memo.append(nil, new(Time(far)), loc)), TimeString(far.In(loc)); got != want {
			t.Fatalf("year 12345: memo prints %q, want %q", got, want)
		}
	}
}

// A column's quote memo quotes every text as appendQuoted does, whatever texts follow
// each other: the same string again, another string of the same bytes, a prefix of one
// (same address, other length), and texts built anew for each row.
func TestQuoteMemo(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	whole := "a,b"
	pool := []string{whole, whole[:1], whole[1:], "ab", " lead", "plain", `q"uote`, "", strings.Clone(whole)}
	var memo quoteMemo
	for i := 0; i < 20_000; i++ {
		s := pool[r.IntN(len(pool))]
		if r.IntN(4) == 0 { // a fresh string, garbage after this row
			s = strings.Repeat([]string{"x", ",", " "}[r.IntN(3)], 1+r.IntN(3))
		}
		if got, want := string(memo.appendText(nil, s)), string(appendQuoted(nil, s)); got != want {
			t.Fatalf("%q: memo writes %s, want %s", s, got, want)
		}
	}
}

// Dates print as time.Format's 2006-01-02 in the time's own zone, far years included.
func TestAppendDate(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	zones := []*time.Location{time.UTC, time.FixedZone("E", 14*3600), time.FixedZone("W", -12*3600)}
	for i := 0; i < 20_000; i++ {
		tm := time.Unix(r.Int64N(1<<40)-1<<39, 0).In(zones[r.IntN(len(zones))])
		if got, want := string(appendDate(nil, tm)), tm.Format(dateLayout); got != want {
			t.Fatalf("%v: %q, want %q", tm, got, want)
		}
	}
	if got := DateString(time.Time{}); got != "" {
		t.Errorf("zero time: %q", got)
	}
}

// Two texts at the same address, of other lengths, that share a memo entry: a prefix
// without a comma, then the whole text with one.
func TestQuoteMemoSameAddress(t *testing.T) {
	whole := strings.Repeat("a", 300) + ","
	var memo quoteMemo
	for n := 1; n < len(whole); n++ {
		if quoteSlot(whole[:n]) == quoteSlot(whole) {
			memo.appendText(nil, whole[:n])
			if got := string(memo.appendText(nil, whole)); got != `"`+whole+`"` {
				t.Fatalf("the whole text after its %d-byte prefix: %s", n, got)
			}
			return
		}
	}
	t.Fatal("no prefix shares the whole text's entry")
}
