package present

import (
	"io"
	"sync"
	"time"

	"path/filepath"
	"strings"

	"github.com/pkgctl/pkgctl/internal/config"
	"github.com/pkgctl/pkgctl/internal/replay"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/report"
	"github.com/shopspring/decimal"
)

// Focus resolves the FOCUS settings fs for the amortized packages (account, when not
// empty, is the billing account of an account-less input such as the sample) and returns
// what writes the FOCUS file of the bills dated from … to, and the products that have no
// service category (Other). A bad setting is bad usage.
func Focus(res *amortize.Result, l *replay.Ledger, fs config.FocusSettings, account string, from, to time.Time,
	out string, prec int32) (write func(io.Writer) error, unknown []string, err error) {
	products := res.Products(l)
	cfg, err := fs.Resolve(products, account, from, to)
	if err != nil {
		return nil, nil, err
	}
	f, err := amortize.NewFocus(res, l, cfg)
	if err != nil {
		return nil, nil, &report.UsageError{Msg: err.Error(), Hint: "fix the value, or the focus settings in pkgctl.yaml (docs/focus.md)"}
	}
	return FocusWriter(f, out, prec), config.UnknownServices(products, &cfg), nil
}

// FocusWriter renders the FOCUS export: Parquet when the output file ends in
// .parquet, else CSV (times in UTC with Z).
func FocusWriter(f *amortize.Focus, out string, prec int32) func(io.Writer) error {
	t := focusTable(f)
	if strings.EqualFold(filepath.Ext(out), ".parquet") {
		return func(w io.Writer) error {
			return report.Render(w, &report.Document{Tables: []*report.Table{t}, Precision: prec}, report.FormatParquet)
		}
	}
	return func(w io.Writer) error { return report.WriteCSVUTC(w, t, prec) }
}

// focusColumn is one column of the FOCUS file: its id, kind and value.
type focusColumn struct {
	name string
	kind report.Kind
	cell func(r *amortize.FocusRow) report.Cell
}

func text(s string) report.Cell {
	if s == "" {
		return report.Empty()
	}
	return report.Text(s)
}

func nullQty(d decimal.NullDecimal) report.Cell {
	if !d.Valid {
		return report.Empty()
	}
	return report.Qty(d.Decimal)
}

// focusColumns are the FOCUS 1.2 columns pkgctl writes, in alphabetical order, then its
// own (x_).
var focusColumns = []focusColumn{
	{"BilledCost", report.KindMoney, func(r *amortize.FocusRow) report.Cell { return report.Money(r.BilledCost) }},
	{"BillingAccountId", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.BillingAccountID) }},
	{"BillingAccountName", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.BillingAccountName) }},
	{"BillingCurrency", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.BillingCurrency) }},
	{"BillingPeriodEnd", report.KindTime, func(r *amortize.FocusRow) report.Cell { return report.Time(r.BillingPeriodEnd) }},
	{"BillingPeriodStart", report.KindTime, func(r *amortize.FocusRow) report.Cell { return report.Time(r.BillingPeriodStart) }},
	{"ChargeCategory", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.ChargeCategory) }},
	{"ChargeClass", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.ChargeClass) }},
	{"ChargeDescription", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.ChargeDescription) }},
	{"ChargeFrequency", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.ChargeFrequency) }},
	{"ChargePeriodEnd", report.KindTime, func(r *amortize.FocusRow) report.Cell { return report.Time(r.ChargePeriodEnd) }},
	{"ChargePeriodStart", report.KindTime, func(r *amortize.FocusRow) report.Cell { return report.Time(r.ChargePeriodStart) }},
	{"CommitmentDiscountCategory", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.CommitmentDiscountCategory) }},
	{"CommitmentDiscountId", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.CommitmentDiscountID) }},
	{"CommitmentDiscountName", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.CommitmentDiscountName) }},
	{"CommitmentDiscountQuantity", report.KindQuantity, func(r *amortize.FocusRow) report.Cell { return nullQty(r.CommitmentDiscountQuantity) }},
	{"CommitmentDiscountStatus", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.CommitmentDiscountStatus) }},
	{"CommitmentDiscountType", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.CommitmentDiscountType) }},
	{"CommitmentDiscountUnit", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.CommitmentDiscountUnit) }},
	{"ConsumedQuantity", report.KindQuantity, func(r *amortize.FocusRow) report.Cell { return nullQty(r.ConsumedQuantity) }},
	{"ConsumedUnit", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.ConsumedUnit) }},
	{"ContractedCost", report.KindMoney, func(r *amortize.FocusRow) report.Cell { return report.Money(r.ContractedCost) }},
	{"EffectiveCost", report.KindMoney, func(r *amortize.FocusRow) report.Cell { return report.Money(r.EffectiveCost) }},
	{"InvoiceIssuerName", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.InvoiceIssuerName) }},
	{"ListCost", report.KindMoney, func(r *amortize.FocusRow) report.Cell { return report.Money(r.ListCost) }},
	{"PricingCategory", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.PricingCategory) }},
	{"PricingQuantity", report.KindQuantity, func(r *amortize.FocusRow) report.Cell { return nullQty(r.PricingQuantity) }},
	{"PricingUnit", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.PricingUnit) }},
	{"ProviderName", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.ProviderName) }},
	{"PublisherName", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.PublisherName) }},
	{"RegionId", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.RegionID) }},
	{"RegionName", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.RegionName) }},
	{"ResourceId", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.ResourceID) }},
	{"ResourceName", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.ResourceName) }},
	{"ResourceType", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.ResourceType) }},
	{"ServiceCategory", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.ServiceCategory) }},
	{"ServiceName", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.ServiceName) }},
	{"ServiceSubcategory", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.ServiceSubcategory) }},
	{"SkuId", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.SkuID) }},
	{"SkuMeter", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.SkuMeter) }},
	{"SubAccountId", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.SubAccountID) }},
	{"SubAccountName", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.SubAccountName) }},
	{"Tags", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.Tags) }},
	{"x_AmortizationMethod", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.AmortizationMethod) }},
	{"x_BillType", report.KindText, func(r *amortize.FocusRow) report.Cell { return text(r.BillType) }},
}

// focusTable is the FOCUS export as a listing, its rows made on demand, on every core.
func focusTable(f *amortize.Focus) *report.Table {
	cols := make([]report.Column, len(focusColumns))
	for j, c := range focusColumns {
		cols[j] = report.Column{Key: c.name, Kind: c.kind}
	}
	f.ReadAhead(windowSpan())
	rows := sync.Pool{New: func() any { return new(amortize.FocusRow) }} // one per goroutine at a time
	return &report.Table{Name: "FOCUS", Columns: cols, N: f.Len(), Concurrent: true,
		Row: func(i int, row []report.Cell) []report.Cell {
			r := rows.Get().(*amortize.FocusRow)
			f.Row(i, r)
			for j := range focusColumns {
				row = append(row, focusColumns[j].cell(r))
			}
			rows.Put(r)
			return row
		}}
}
