package report

import (
	"time"

	"github.com/shopspring/decimal"
)

var shanghai = time.FixedZone("CST", 8*3600)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func day(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, shanghai) }

// sampleDoc is a two-table document shaped like amortize's output (the sample's PKG-OBS-100G, Jan 2024:
// used 2.00, 4.00, 3.20, 8.00, 6.00 and unused 16.80).
func sampleDoc() *Document {
	bills := &Table{
		Name: "Bills",
		Columns: []Column{
			{Key: "bill_date", Kind: KindDate},
			{Key: "package_id"},
			{Key: "bill_type"},
			{Key: "quantity", Kind: KindQuantity},
			{Key: "unit"},
			{Key: "amount", Kind: KindMoney, Total: true},
			{Key: "period_end", Kind: KindTime},
			{Key: "provisional", Kind: KindBool},
		},
	}
	used := []struct {
		d      int
		qty    string
		amount string
	}{{3, "10", "2"}, {9, "20.000", "4.00"}, {15, "16", "3.2"}, {20, "40", "8.00"}, {28, "30", "6"}}
	end := time.Date(2024, 1, 31, 16, 0, 0, 0, time.UTC) // 2024-02-01 00:00 in Shanghai
	for _, u := range used {
		bills.Rows = append(bills.Rows, []Cell{Date(day(u.d)), Text("obs-1"),
			Text("Expenditure-resource packages used"), Qty(dec(u.qty)), Text("GB"),
			Money(dec(u.amount)), Time(end), Bool(false)})
	}
	bills.Rows = append(bills.Rows, []Cell{Date(day(31)), Text("obs-1 | <eu>"),
		Text("Expenditure-resource packages unused"), Qty(dec("84")), Text("GB"),
		Money(dec("16.8")), Time(end), Bool(true)})
	bills.Rows = append(bills.Rows, []Cell{Date(day(31)), Text("ocr-2"),
		Text("Expenditure-purchase"), Empty(), Empty(), Money(dec("1234.5")), Empty(), Bool(false)})
	summary := &Table{
		Name: "Summary",
		Columns: []Column{
			{Key: "month"},
			{Key: "used", Kind: KindMoney, Total: true},
			{Key: "unused", Kind: KindMoney, Total: true},
			{Key: "rows", Kind: KindInt, Total: true},
		},
		Rows: [][]Cell{
			{Text("2024-01"), Money(dec("23.2")), Money(dec("16.80")), Int(6)},
			{Text("2024-02"), Money(dec("90")), Empty(), Int(1)},
		},
		Chart: &Chart{Title: "Amortized by month", Category: "month", Series: []string{"used", "unused"}},
	}
	return &Document{Tables: []*Table{bills, summary}, Precision: 2, Location: shanghai}
}
