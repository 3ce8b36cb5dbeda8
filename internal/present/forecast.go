package present

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/pkgctl/pkgctl/internal/forecast"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
	"github.com/pkgctl/pkgctl/internal/value"
)

var forecastColumns = []report.Column{
	{Key: "package_id", Kind: report.KindText},
	{Key: "product", Kind: report.KindText, Wide: true},
	{Key: "outlook", Kind: report.KindText},
	{Key: "unit", Kind: report.KindText},
	{Key: "capacity", Kind: report.KindQuantity},
	{Key: "used", Kind: report.KindQuantity},
	{Key: "period_start", Kind: report.KindTime, Wide: true},
	{Key: "period_end", Kind: report.KindTime, Wide: true},
	{Key: "end", Kind: report.KindTime, Wide: true},
	{Key: "window_days", Kind: report.KindInt, Wide: true},
	{Key: "burn_rate", Kind: report.KindQuantity},
	{Key: "periods", Kind: report.KindInt, Wide: true},
	{Key: "offered", Kind: report.KindQuantity, Wide: true},
	{Key: "projected", Kind: report.KindQuantity, Wide: true},
	{Key: "utilization_pct", Kind: report.KindQuantity},
	{Key: "unused", Kind: report.KindQuantity},
	{Key: "carried", Kind: report.KindQuantity, Wide: true},
	{Key: "upgraded_by", Kind: report.KindText, Wide: true},
	{Key: "spill", Kind: report.KindQuantity},
	{Key: "exhaustion", Kind: report.KindDate},
	{Key: "needed", Kind: report.KindQuantity, Wide: true},
	{Key: "price", Kind: report.KindQuantity, Wide: true},
	{Key: "waste", Kind: report.KindMoney, Total: true},
	{Key: "spill_cost", Kind: report.KindMoney, Total: true},
	{Key: "at_stake", Kind: report.KindMoney, Total: true},
	{Key: "currency", Kind: report.KindText},
	{Key: "recommendation", Kind: report.KindText, Wide: true},
	{Key: "alerts", Kind: report.KindText, Wide: true},
}

// Forecast renders the forecast listing; for people, the table is followed by
// one recommendation line per package.
func Forecast(s *Settings, res *forecast.Result) *report.Document {
	t := &report.Table{Name: "Forecast", Columns: forecastColumns, TotalBy: "currency"}
	for i := range res.Forecasts {
		f := &res.Forecasts[i]
		t.Rows = append(t.Rows, forecastRow(f, s))
	}
	doc := s.doc(t)
	doc.JSON = report.Object{{Key: "as_of", Value: report.TimeString(res.AsOf.In(s.Location))},
		{Key: "window_days", Value: res.Window}, {Key: "forecasts", Value: doc.RowObjects(t)},
		{Key: "alerted", Value: res.Alerted}}
	doc.Text = func(w io.Writer) error {
		if err := report.Render(w, s.doc(t), report.FormatTable); err != nil {
			return err
		}
		for i := range res.Forecasts {
			f := &res.Forecasts[i]
			line := f.PackageID + ": " + f.Recommendation
			if len(f.Alerts) > 0 {
				line += " [alert: " + alertTexts(f) + "]"
			}
			if _, err := fmt.Fprintln(w, line); err != nil {
				return err
			}
		}
		return nil
	}
	return doc
}

func alertTexts(f *forecast.Forecast) string {
	texts := make([]string, len(f.Alerts))
	for i, a := range f.Alerts {
		texts[i] = a.Rule.Text
	}
	return strings.Join(texts, ", ")
}

func forecastRow(f *forecast.Forecast, s *Settings) []report.Cell {
	has := f.WindowDays > 0
	util, ok := f.Utilization()
	price := report.Empty()
	if f.Price.Valid {
		price = report.Qty(f.Price.Decimal)
	}
	nullMoney := func(ok bool, d report.Cell) report.Cell {
		if !ok {
			return report.Empty()
		}
		return d
	}
	return []report.Cell{report.Text(f.PackageID), report.Text(f.Product), report.Text(f.Outlook), report.Text(f.Unit),
		report.Qty(f.Capacity), report.Qty(f.Used), report.Time(f.PeriodStart), report.Time(f.PeriodEnd), report.Time(f.End),
		report.Int(int64(f.WindowDays)), qtyIf(f.Rate, has), report.Int(int64(f.Periods)), report.Qty(f.Offered),
		qtyIf(f.Projected, has), pctCell(util, ok && has), qtyIf(f.Unused, has), qtyIf(f.Carried, has),
		report.Text(f.UpgradedBy), qtyIf(f.Spill, has), dateIn(f.Exhaustion, s),
		qtyIf(f.Needed, has), price, nullMoney(f.Waste.Valid, report.Money(f.Waste.Decimal)),
		nullMoney(f.SpillCost.Valid, report.Money(f.SpillCost.Decimal)), stakeCell(f),
		report.Text(f.Currency), report.Text(f.Recommendation), report.Text(alertTexts(f))}
}

// stakeCell is f's at_stake, empty when it has none (Forecast.Stake).
func stakeCell(f *forecast.Forecast) report.Cell {
	if d, ok := f.Stake(); ok {
		return report.Money(d)
	}
	return report.Empty()
}

// Projection lists, for the first n forecasts (all when n < 0), a row per day of
// validity: use so far, capacity and the projection, with a line chart per package. A
// workbook holds at most MaxCharts charts: all of more is bad usage.
func Projection(s *Settings, l *replay.Ledger, res *forecast.Result, n int) (*report.Table, error) {
	if n < 0 && len(res.Forecasts) > MaxCharts {
		return nil, &report.UsageError{Msg: fmt.Sprintf("--charts all would chart %d packages; a workbook holds at most %d charts", len(res.Forecasts), MaxCharts),
			Hint: fmt.Sprintf("chart the first packages of the listing, e.g. --charts %d", MaxCharts)}
	}
	// A row per day of validity of each package charted: a package valid to 9999 has
	// 2.9 million. Counted first, so that such a sheet is refused before any is made.
	days := int64(0)
	for i := range res.Forecasts {
		if n >= 0 && i >= n {
			break
		}
		days += max(forecast.SeriesDays(l, &res.Forecasts[i], s.Location), 0)
	}
	if days > report.MaxSheetRows {
		return nil, &report.UsageError{Msg: fmt.Sprintf("the Projection sheet would have %d rows, one per day of validity of each package charted; an xlsx sheet holds %d under its header", days, report.MaxSheetRows),
			Hint: "chart fewer packages (--charts N; --charts 0 charts none), or write the forecast as CSV or JSON"}
	}
	t := &report.Table{Name: "Projection", Columns: []report.Column{
		{Key: "package_id", Kind: report.KindText}, {Key: "day", Kind: report.KindDate},
		{Key: "used", Kind: report.KindQuantity}, {Key: "capacity", Kind: report.KindQuantity},
		{Key: "projected", Kind: report.KindQuantity}, {Key: "unit", Kind: report.KindText}}}
	for i := range res.Forecasts {
		if n >= 0 && i >= n {
			break
		}
		f := &res.Forecasts[i]
		from := len(t.Rows)
		for _, p := range forecast.Series(l, f, res.AsOf, s.Location) {
			used, proj := report.Empty(), report.Empty()
			if p.Used.Valid {
				used = report.Qty(p.Used.Decimal)
			}
			if p.Projected.Valid {
				proj = report.Qty(p.Projected.Decimal)
			}
			t.Rows = append(t.Rows, []report.Cell{report.Text(f.PackageID), report.Date(p.Day), used,
				report.Qty(p.Capacity), proj, report.Text(f.Unit)})
		}
		if len(t.Rows) > from {
			t.Charts = append(t.Charts, &report.Chart{Title: fmt.Sprintf("%s: use against capacity (%s)", f.PackageID, f.Unit),
				Category: "day", Series: []string{"used", "capacity", "projected"}, Line: true, From: from, To: len(t.Rows)})
		}
	}
	return t, nil
}

// dateIn is the calendar day of instant t in the configured zone (value.DayOf; empty
// for zero).
func dateIn(t time.Time, s *Settings) report.Cell {
	if t.IsZero() {
		return report.Empty()
	}
	return report.Date(value.DateOf(t, s.Location))
}

// MaxCharts is the most packages a workbook charts: each adds a row per day of its
// validity to the Projection sheet, and the workbook is built in memory (500 charts of
// a year take about 1 GB more than none).
const MaxCharts = 500

// ParseCharts reads how many packages the Projection sheet charts: a number up to
// MaxCharts, or all (-1).
func ParseCharts(s string) (int, error) {
	if strings.EqualFold(strings.TrimSpace(s), "all") {
		return -1, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > MaxCharts {
		return 0, fmt.Errorf("want a number of packages up to %d, or all", MaxCharts)
	}
	return n, nil
}
