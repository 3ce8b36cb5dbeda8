package amortize

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
)

// naiveGroup is --by as rules.md §3.7 states it, by brute force: every final bill
// summed into its group on decimals, the groups sorted by their compared keys, then
// currency.
func naiveGroup(t *testing.T, bills []Bill, keys []string) []string {
	t.Helper()
	type group struct {
		ids, keys []string
		cur, unit string
		amt, qty  decimal.Decimal
		qtyOK     bool
		rows      int
	}
	by := map[string]*group{}
	for i := range bills {
		b := &bills[i]
		if b.Provisional {
			continue
		}
		g := &group{cur: b.Currency, unit: b.Unit, qtyOK: true}
		for _, k := range keys {
			f, norm, err := keyFunc(k)
			if err != nil {
				t.Fatal(err)
			}
			v := f(b)
			g.keys = append(g.keys, v)
			if norm {
				v = model.Norm(v)
			}
			g.ids = append(g.ids, v)
		}
		id := fmt.Sprintf("%q %q", g.ids, g.cur)
		if have := by[id]; have != nil {
			g = have
		} else {
			by[id] = g
		}
		g.rows++
		g.amt = g.amt.Add(b.Amount)
		if !b.Quantity.Valid || model.Norm(b.Unit) != model.Norm(g.unit) {
			g.qtyOK = false
		}
		g.qty = g.qty.Add(b.Quantity.Decimal)
	}
	var gs []*group
	for _, g := range by {
		gs = append(gs, g)
	}
	slices.SortFunc(gs, func(a, b *group) int {
		if c := slices.Compare(a.ids, b.ids); c != 0 {
			return c
		}
		return strings.Compare(a.cur, b.cur)
	})
	out := make([]string, len(gs))
	for i, g := range gs {
		q := "-"
		if g.qtyOK {
			q = g.qty.String() + " " + g.unit
		}
		out[i] = fmt.Sprintf("%q %s %s %s %d", g.keys, g.cur, g.amt.String(), q, g.rows)
	}
	return out
}

func exactLines(rows []GroupRow) []string {
	out := make([]string, len(rows))
	for i, g := range rows {
		q := "-"
		if g.HasQuantity {
			q = g.Quantity.Dec().String() + " " + g.Unit
		}
		out[i] = fmt.Sprintf("%q %s %s %s %d", g.Keys, g.Currency, g.Amount.Dec().String(), q, g.Rows)
	}
	return out
}

// randomBills are bills over a few days with few values per key, mixed spellings of
// products and projects and units, a few without a quantity or provisional, and now
// and then an amount past an int64.
func randomBills(r *rand.Rand, n int) []Bill {
	pick := func(vs ...string) string { return vs[r.IntN(len(vs))] }
	day0 := time.Date(2024, 1, 30, 0, 0, 0, 0, sh)
	bills := make([]Bill, n)
	for i := range bills {
		d := day0.AddDate(0, 0, r.IntN(4))
		b := Bill{Date: d, BillingCycle: d.Format("2006-01"), PackageID: pick("p1", "p2", "p10"),
			Product: pick("OBS", "obs", " OBS ", "ECS"), Currency: pick("USD", "USD", "CNY"),
			EnterpriseProject: pick("", "ProjB", "projb ", "default"), Unit: pick("GB", "gb", "TB"),
			Type: model.BillType(r.IntN(4)), Provisional: r.IntN(10) == 0,
			Amount: decimal.New(r.Int64N(2000)-300, -r.Int32N(4))}
		if r.IntN(50) == 0 {
			b.Amount = decimal.RequireFromString("9223372036854775807.5")
		}
		if r.IntN(8) > 0 {
			b.Quantity = decimal.NewNullDecimal(decimal.New(r.Int64N(100), -r.Int32N(3)))
		}
		if r.IntN(2) == 0 {
			b.Tags = model.Tags{{Key: "team", Value: pick("a", "b")}}
		}
		bills[i] = b
	}
	return bills
}

// Groups sum and order as the rule by brute force says, whatever the keys, with the
// bills in date order (a day or month key first: complete groups are yielded on the
// way) or not.
func TestGroupMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 7))
	keySets := [][]string{{"day", "product"}, {"month", "enterprise_project", "tag:team"}, {"product", "day"},
		{"package", "bill_type"}, {"day"}, {}, {"tag:team", "month", "package"}, {"enterprise_project"}}
	for i := range 300 {
		bills := randomBills(r, 1+r.IntN(60))
		if i%2 == 0 {
			slices.SortStableFunc(bills, func(a, b Bill) int { return a.Date.Compare(b.Date) })
		}
		for _, keys := range keySets {
			got, err := Group(bills, keys)
			if err != nil {
				t.Fatal(err)
			}
			if g, want := exactLines(got), naiveGroup(t, bills, keys); !slices.Equal(g, want) {
				t.Fatalf("sorted=%v %v:\n got %q\nwant %q", i%2 == 0, keys, g, want)
			}
		}
	}
}

// dailyBills are days × perDay bills of one amount in date order, each day's bills in
// groups of their own (package by index, tag by index mod 7).
func dailyBills(days, perDay int) []Bill {
	bills := make([]Bill, 0, days*perDay)
	day0 := time.Date(2024, 1, 1, 0, 0, 0, 0, sh)
	for d := range days {
		date := day0.AddDate(0, 0, d)
		for k := range perDay {
			bills = append(bills, Bill{Date: date, BillingCycle: date.Format("2006-01"),
				PackageID: fmt.Sprintf("P%06d", k), Currency: "USD", Amount: decimal.New(3, -2),
				Tags: model.Tags{{Key: "team", Value: fmt.Sprint(k % 7)}}})
		}
	}
	return bills
}

// The bound: under a first key of day (or month) the groups held at once are one
// day's, however many days are walked; under another first key, every group. A group
// is held in the grouper's chunks and no string is made for it.
func TestGroupsHoldOneDayAtATime(t *testing.T) {
	const days, perDay = 400, 1000
	bills := dailyBills(days, perDay)
	walk := func(yield func(*Bill, Exact) bool) {
		for i := range bills {
			if !yield(&bills[i], Exact{}) {
				return
			}
		}
	}
	for _, tt := range []struct {
		keys                  []string
		dated                 bool
		most, flushes, groups int
	}{
		{[]string{"day", "package", "tag:team"}, true, perDay, days, days * perDay},
		{[]string{"month", "tag:team"}, true, 7, 14, 14 * 7}, // 2024-01 … 2025-02
		{[]string{"package", "day", "tag:team"}, false, days * perDay, 1, days * perDay},
	} {
		parsed, err := ParseKeys(tt.keys)
		if err != nil {
			t.Fatal(err)
		}
		g, err := newGrouper(parsed, tt.dated)
		if err != nil {
			t.Fatal(err)
		}
		most, flushes, groups := 0, 0, 0
		flushing := false // a call of add or flush yields the groups of one flush at most
		yield := func(*GroupRow) bool {
			if !flushing {
				flushing, flushes = true, flushes+1
			}
			most, groups = max(most, g.t.n), groups+1
			return true
		}
		for b, ex := range walk {
			flushing = false
			g.add(b, &ex, yield)
		}
		flushing = false
		g.flush(yield)
		if most != tt.most || flushes != tt.flushes || groups != tt.groups {
			t.Errorf("%v: %d groups, at most %d held, in %d flushes; want %d, %d, %d",
				tt.keys, groups, most, flushes, tt.groups, tt.most, tt.flushes)
		}
		if chunks := (most + groupChunkSize - 1) / groupChunkSize; len(g.t.chunks) != chunks {
			t.Errorf("%v: %d chunks for %d groups held at most", tt.keys, len(g.t.chunks), most)
		}
		// Walked again, the grouper reuses what it holds: a group costs no allocation,
		// a day its text.
		allocs := testing.AllocsPerRun(2, func() {
			for b, ex := range walk {
				g.add(b, &ex, func(*GroupRow) bool { return true })
			}
			g.flush(func(*GroupRow) bool { return true })
		})
		if allocs > days {
			t.Errorf("%v: %v allocations to walk %d bills again", tt.keys, allocs, len(bills))
		}
	}
}

// groupAmount is exact.QtySum: the same value and exponent, past an int64 too.
func TestGroupAmountIsQtySum(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 1))
	for range 2000 {
		var want exact.QtySum
		var got groupAmount
		var big []exact.QtySum
		for range 1 + r.IntN(20) {
			c := r.Int64N(1000) - 200
			switch r.IntN(10) {
			case 0:
				c = exact.MaxFixed - r.Int64N(3)
			case 1:
				c = -exact.MaxFixed / 10
			}
			d := decimal.New(c, r.Int32N(7)-5)
			if r.IntN(2) == 0 {
				want.Add(d)
				got.add(d, &big)
			} else {
				a := exact.AmountOf(d)
				want.AddAmount(a)
				got.addAmount(a, &big)
			}
		}
		w, g := want.Value(), got.amount(big).Dec()
		if !w.Equal(g) || w.Exponent() != g.Exponent() {
			t.Fatalf("got %s (exp %d), want %s (exp %d)", g, g.Exponent(), w, w.Exponent())
		}
	}
}

// A day past year 9999 has five digits: days and months are in date order, not in that
// of their texts ("10000-01-01" < "9999-12-31"), whether a day leads the keys or not.
func TestGroupsPastYear9999(t *testing.T) {
	var bills []Bill
	for _, d := range []time.Time{time.Date(9999, 12, 30, 0, 0, 0, 0, sh), time.Date(9999, 12, 31, 0, 0, 0, 0, sh),
		time.Date(10000, 1, 1, 0, 0, 0, 0, sh), time.Date(10000, 1, 2, 0, 0, 0, 0, sh)} {
		for _, p := range []string{"b", "a", "b"} {
			bills = append(bills, Bill{Date: d, BillingCycle: d.Format("2006-01"), PackageID: p, Currency: "USD", Amount: dec("0.01")})
		}
	}
	byDay := []string{
		`["9999-12-30" "a"] USD 0.01 - 1`, `["9999-12-30" "b"] USD 0.02 - 2`,
		`["9999-12-31" "a"] USD 0.01 - 1`, `["9999-12-31" "b"] USD 0.02 - 2`,
		`["10000-01-01" "a"] USD 0.01 - 1`, `["10000-01-01" "b"] USD 0.02 - 2`,
		`["10000-01-02" "a"] USD 0.01 - 1`, `["10000-01-02" "b"] USD 0.02 - 2`,
	}
	byPackage := []string{
		`["a" "9999-12-30"] USD 0.01 - 1`, `["a" "9999-12-31"] USD 0.01 - 1`,
		`["a" "10000-01-01"] USD 0.01 - 1`, `["a" "10000-01-02"] USD 0.01 - 1`,
		`["b" "9999-12-30"] USD 0.02 - 2`, `["b" "9999-12-31"] USD 0.02 - 2`,
		`["b" "10000-01-01"] USD 0.02 - 2`, `["b" "10000-01-02"] USD 0.02 - 2`,
	}
	byMonth := []string{`["9999-12"] USD 0.06 - 6`, `["10000-01"] USD 0.06 - 6`}
	reversed := slices.Clone(bills)
	slices.Reverse(reversed)
	for _, tt := range []struct {
		keys []string
		want []string
	}{{[]string{"day", "package"}, byDay}, {[]string{"package", "day"}, byPackage}, {[]string{"month"}, byMonth}} {
		for _, b := range [][]Bill{bills, reversed} {
			got, err := Group(b, tt.keys)
			if err != nil {
				t.Fatal(err)
			}
			if g := exactLines(got); !slices.Equal(g, tt.want) {
				t.Errorf("%v:\n got %q\nwant %q", tt.keys, g, tt.want)
			}
		}
	}
}
