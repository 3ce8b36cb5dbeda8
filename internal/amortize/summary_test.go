package amortize

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
)

func summaryLines(rows []SummaryRow) []string {
	var out []string
	for i := range rows {
		r := &rows[i]
		out = append(out, fmt.Sprintf("%s %s used %s unused %s linear %s refund %s total %s", r.Month, r.Currency,
			r.Used.StringFixed(2), r.Unused.StringFixed(2), r.Linear.StringFixed(2), r.Refund.StringFixed(2), r.Total().StringFixed(2)))
	}
	return out
}

// TestSummarize: January's five used rows (23.20) and unused row (16.80), the linear
// package's two days (10.00), February's unused 40.00; March's provisional row is left out.
func TestSummarize(t *testing.T) {
	res := obsAndLinear(t)
	got := summaryLines(Summarize(res.Bills))
	want := []string{
		"2024-01 USD used 23.20 unused 16.80 linear 10.00 refund 0.00 total 50.00",
		"2024-02 USD used 0.00 unused 40.00 linear 0.00 refund 0.00 total 40.00",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Summarize:\n got %q\nwant %q", got, want)
	}
}

// TestSummarizeAgreesWithGroup: on random scenarios the summary is Group by (month,
// bill_type) folded by month and currency, and its totals add up to the final bills.
func TestSummarizeAgreesWithGroup(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 9))
	for iter := 0; iter < 100; iter++ {
		var asOf time.Time
		if r.IntN(2) == 0 {
			asOf = randTime(r, year, 600)
		}
		res := amortize(t, randPackages(r), randRecords(r), asOf)
		groups, err := Group(res.Bills, []string{"month", "bill_type"})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]*[4]decimal.Decimal{}
		for _, g := range groups {
			k := g.Keys[0] + " " + g.Currency
			if want[k] == nil {
				want[k] = &[4]decimal.Decimal{}
			}
			col := 2
			switch g.Keys[1] {
			case model.BillUsed.String():
				col = 0
			case model.BillUnused.String():
				col = 1
			case model.BillRefund.String():
				col = 3
			}
			want[k][col] = want[k][col].Add(g.Amount.Dec())
		}
		rows := Summarize(res.Bills)
		if len(rows) != len(want) {
			t.Fatalf("iter %d: %d summary rows, Group gives %d months×currencies", iter, len(rows), len(want))
		}
		total, final := decimal.Zero, decimal.Zero
		for i := range rows {
			s := &rows[i]
			w := want[s.Month+" "+s.Currency]
			if w == nil || !s.Used.Equal(w[0]) || !s.Unused.Equal(w[1]) || !s.Linear.Equal(w[2]) || !s.Refund.Equal(w[3]) {
				t.Fatalf("iter %d: %s %s = %v, Group gives %v", iter, s.Month, s.Currency, summaryLines(rows[i:i+1]), w)
			}
			if i > 0 && (rows[i-1].Month > s.Month || rows[i-1].Month == s.Month && rows[i-1].Currency >= s.Currency) {
				t.Fatalf("iter %d: rows out of order at %d", iter, i)
			}
			total = total.Add(s.Total())
		}
		for _, b := range res.Bills {
			if !b.Provisional {
				final = final.Add(b.Amount)
			}
		}
		if !total.Equal(final) {
			t.Fatalf("iter %d: summary totals %s, final bills %s", iter, total, final)
		}
	}
}
