package present

import (
	"strings"
	"time"

	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
)

var overviewColumns = []report.Column{
	{Key: "package_id", Kind: report.KindText},
	{Key: "order_id", Kind: report.KindText, Wide: true},
	{Key: "order_time", Kind: report.KindTime, Wide: true},
	{Key: "product", Kind: report.KindText},
	{Key: "package_type", Kind: report.KindText},
	{Key: "status", Kind: report.KindText},
	{Key: "deductible_items", Kind: report.KindText, Wide: true},
	{Key: "configuration", Kind: report.KindText, Wide: true},
	{Key: "effective_time", Kind: report.KindTime},
	{Key: "expiration_time", Kind: report.KindTime},
	{Key: "reset_cycle", Kind: report.KindText},
	{Key: "period_start", Kind: report.KindTime, Wide: true},
	{Key: "period_end", Kind: report.KindTime},
	{Key: "capacity", Kind: report.KindQuantity},
	{Key: "used", Kind: report.KindQuantity},
	{Key: "remaining", Kind: report.KindQuantity},
	{Key: "unit", Kind: report.KindText},
}

func Overview(s *Settings, rows []replay.OverviewRow) *report.Document {
	t := &report.Table{Name: "Packages", Columns: overviewColumns}
	for _, r := range rows {
		t.Rows = append(t.Rows, []report.Cell{report.Text(r.PackageID), report.Text(r.OrderID), optTime(r.OrderTime),
			report.Text(r.Product), report.Text(r.PackageType.String()), report.Text(r.Status),
			report.Text(strings.Join(r.DeductibleItems, ";")), report.Text(r.Configuration),
			report.Time(r.EffectiveTime), report.Time(r.ExpirationTime), report.Text(r.ResetCycle.String()),
			optTime(r.PeriodStart), optTime(r.PeriodEnd),
			report.Qty(r.Capacity), report.Qty(r.Used), report.Qty(r.Remaining), report.Text(r.Unit)})
	}
	ct := &report.Table{Name: "Counts", Columns: []report.Column{{Key: "status", Kind: report.KindText}, {Key: "packages", Kind: report.KindInt, Total: true}}}
	counts := map[string]int{} // JSON: an object keyed by status
	for _, c := range replay.Counts(rows) {
		ct.Rows = append(ct.Rows, []report.Cell{report.Text(c.Status), report.Int(int64(c.N))})
		counts[c.Status] = c.N
	}
	doc := s.doc(t, ct)
	doc.JSON = report.Object{
		{Key: "as_of", Value: report.TimeString(s.AsOf.In(s.Location))},
		{Key: "packages", Value: doc.RowObjects(t)},
		{Key: "counts", Value: counts},
	}
	return doc
}

// optTime is a time cell, empty for the zero time.
func optTime(t time.Time) report.Cell {
	if t.IsZero() {
		return report.Empty()
	}
	return report.Time(t)
}
