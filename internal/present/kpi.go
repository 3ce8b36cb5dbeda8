package present

import (
	"strings"

	"github.com/pkgctl/pkgctl/internal/kpi"
	"github.com/pkgctl/pkgctl/internal/report"
	"github.com/shopspring/decimal"
)

// KPI renders the KPI listing and its monthly summary (with the chart).
func KPI(s *Settings, res *kpi.Result) *report.Document {
	cols := make([]report.Column, 0, len(res.Keys)+24)
	for _, k := range res.Keys {
		cols = append(cols, report.Column{Key: k.Column(), Kind: report.KindText})
	}
	qty := func(key string, wide bool) report.Column {
		return report.Column{Key: key, Kind: report.KindQuantity, Wide: wide}
	}
	money := func(key string, wide bool) report.Column {
		return report.Column{Key: key, Kind: report.KindMoney, Total: true, Wide: wide}
	}
	// Counts of periods add up across rows; counts of packages and records do not (a
	// package in several months, a record split over packages), so they have no total.
	count := func(key string) report.Column {
		return report.Column{Key: key, Kind: report.KindInt, Total: strings.HasSuffix(key, "periods"), Wide: true}
	}
	cols = append(cols, report.Column{Key: "unit", Kind: report.KindText}, report.Column{Key: "currency", Kind: report.KindText},
		count("packages"), count("periods"), qty("capacity", false), qty("used", false), qty("unused", true),
		qty("utilization_pct", false), count("amortized_periods"), money("used_amount", false), money("unused_amount", false),
		qty("money_utilization_pct", false), count("records"), qty("usage", false), qty("deducted", false),
		qty("pay_per_use", true), qty("coverage_pct", false), count("priced_records"), money("usage_value", false),
		money("covered_value", false), money("pay_per_use_cost", true), qty("money_coverage_pct", false))
	// Rows made as they are written: a listing by package and month of packages valid
	// for centuries has millions of rows (rules.md §4.4), which held as cells besides
	// the KPI rows took about 850 bytes each.
	t := &report.Table{Name: "KPIs", Columns: cols, TotalBy: "currency", // amounts in different currencies never add up
		N: len(res.Rows), Concurrent: true, Row: func(i int, row []report.Cell) []report.Cell { return kpiRow(&res.Rows[i], row) }}
	st := &report.Table{Name: "Summary", TotalBy: "currency", Columns: []report.Column{
		{Key: "month", Kind: report.KindText}, {Key: "currency", Kind: report.KindText},
		{Key: "used_amount", Kind: report.KindMoney, Total: true}, {Key: "unused_amount", Kind: report.KindMoney, Total: true},
		{Key: "money_utilization_pct", Kind: report.KindQuantity},
		{Key: "usage_value", Kind: report.KindMoney, Total: true}, {Key: "covered_value", Kind: report.KindMoney, Total: true},
		{Key: "money_coverage_pct", Kind: report.KindQuantity},
	}, Chart: &report.Chart{Title: "Utilization and coverage by month (in money, %)", Category: "month",
		Series: []string{"money_utilization_pct", "money_coverage_pct"}, Line: true, Per: "currency"}}
	for i := range res.Months {
		m := &res.Months[i]
		st.Rows = append(st.Rows, []report.Cell{report.Text(m.Month), report.Text(m.Currency),
			moneyIf(m.UsedAmount, m.Amortized > 0), moneyIf(m.UnusedAmount, m.Amortized > 0), pctCell(m.MoneyUtilization()),
			moneyIf(m.UsageValue, m.Priced > 0), moneyIf(m.CoveredValue, m.Priced > 0), pctCell(m.MoneyCoverage())})
	}
	doc := s.doc(t, st)
	by := make([]string, len(res.Keys))
	for i, k := range res.Keys {
		by[i] = k.Column()
	}
	doc.JSON = report.Object{{Key: "as_of", Value: report.TimeString(s.AsOf.In(s.Location))},
		{Key: "by", Value: by}, {Key: "kpis", Value: doc.RowObjects(t)}, {Key: "summary", Value: doc.RowObjects(st)}}
	return doc
}

// pctCell is a percentage cell, empty when it is undefined.
func pctCell(p decimal.Decimal, ok bool) report.Cell {
	if !ok {
		return report.Empty()
	}
	return report.Qty(p)
}

func qtyIf(d decimal.Decimal, ok bool) report.Cell {
	if !ok {
		return report.Empty()
	}
	return report.Qty(d)
}

func moneyIf(d decimal.Decimal, ok bool) report.Cell {
	if !ok {
		return report.Empty()
	}
	return report.Money(d)
}

// kpiRow appends the cells of KPI row r to row.
func kpiRow(r *kpi.Row, row []report.Cell) []report.Cell {
	for _, v := range r.Keys {
		row = append(row, report.Text(v))
	}
	return append(row, report.Text(r.Unit), report.Text(r.Currency), report.Int(int64(r.Packages)),
		report.Int(int64(r.Periods)), qtyIf(r.Capacity, r.Periods > 0), qtyIf(r.Used, r.Periods > 0),
		qtyIf(r.Unused(), r.Periods > 0), pctCell(r.Utilization()), report.Int(int64(r.Amortized)),
		moneyIf(r.UsedAmount, r.Amortized > 0), moneyIf(r.UnusedAmount, r.Amortized > 0), pctCell(r.MoneyUtilization()),
		report.Int(int64(r.Records)), qtyIf(r.Usage, r.Records > 0), qtyIf(r.Deducted, r.Records > 0),
		qtyIf(r.PayPerUse(), r.Records > 0), pctCell(r.Coverage()), report.Int(int64(r.Priced)),
		moneyIf(r.UsageValue, r.Priced > 0), moneyIf(r.CoveredValue, r.Priced > 0), moneyIf(r.PayPerUseCost(), r.Priced > 0),
		pctCell(r.MoneyCoverage()))
}
