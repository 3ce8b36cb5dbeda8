package amortize

import (
	"fmt"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
)

func groupLines(rows []GroupRow) []string {
	out := make([]string, len(rows))
	for i, g := range rows {
		q := "-"
		if g.HasQuantity {
			q = g.Quantity.Dec().String() + " " + g.Unit
		}
		out[i] = fmt.Sprintf("%v %s %s %s %d", g.Keys, g.Currency, g.Amount.Dec().StringFixed(2), q, g.Rows)
	}
	return out
}

// obsAndLinear is January's OBS package and records with a two-day $10 linear ECS
// package, as of 2024-03-15 (a provisional March row).
func obsAndLinear(t *testing.T) *Result {
	pkgs, recs := obsJanuary()
	lin := pkg("lin", "ECS", "2024-01-01 00:00", "2024-01-03 00:00", "1", "unit", "10", model.ResetNone)
	lin.Amortization = model.MethodLinear
	return amortize(t, append(pkgs, lin), recs, at("2024-03-15 00:00"))
}

func TestGroup(t *testing.T) {
	res := obsAndLinear(t)
	tests := []struct {
		keys []string
		want []string
	}{
		{[]string{"month", "bill_type"}, []string{
			"[2024-01 Expenditure-purchase] USD 10.00 - 2",
			"[2024-01 Expenditure-resource packages unused] USD 16.80 42 GB 1",
			"[2024-01 Expenditure-resource packages used] USD 23.20 58 GB 5",
			"[2024-02 Expenditure-resource packages unused] USD 40.00 100 GB 1",
		}},
		{[]string{"product"}, []string{"[ECS] USD 10.00 - 2", "[OBS] USD 80.00 200 GB 7"}}, // provisional March row excluded
		{[]string{"day"}[:0], []string{"[] USD 90.00 - 9"}},
		{[]string{"tag:team", "package"}, []string{"[ lin] USD 10.00 - 2", "[ obs] USD 80.00 200 GB 7"}},
	}
	for _, tt := range tests {
		got, err := Group(res.Bills, tt.keys)
		if err != nil {
			t.Fatal(err)
		}
		g := groupLines(got)
		if fmt.Sprint(g) != fmt.Sprint(tt.want) {
			t.Errorf("Group(%v):\n got %q\nwant %q", tt.keys, g, tt.want)
		}
	}
	if _, err := Group(res.Bills, []string{"colour"}); err == nil {
		t.Error("unknown key accepted")
	}
}

func TestBetweenAndMonth(t *testing.T) {
	pkgs, recs := obsJanuary()
	res := amortize(t, pkgs, recs, time.Time{})
	got := res.Between(at("2024-01-10 00:00"), at("2024-01-31 00:00"))
	expectLines(t, got, obsJanuaryRows[1:])
	feb, err := res.Month("2024-02")
	if err != nil || len(feb) != 1 || line(feb[0]) != "2024-02-29 obs unused 100 40.00" {
		t.Errorf("Month(2024-02) = %q, %v", lines(feb), err)
	}
	if _, err := res.Month("2024-13"); err == nil {
		t.Error("invalid month accepted")
	}
	if n := len(res.Between(time.Time{}, time.Time{})); n != len(res.Bills) {
		t.Errorf("open range gave %d of %d rows", n, len(res.Bills))
	}
}
