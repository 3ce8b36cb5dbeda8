package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/report"
)

// FocusSettings are the config keys under focus: (docs/focus.md): what a FOCUS file
// needs and the exports do not carry.
type FocusSettings struct {
	Provider           string            `mapstructure:"provider"`
	Publisher          string            `mapstructure:"publisher"`
	InvoiceIssuer      string            `mapstructure:"invoice_issuer"`
	BillingAccountID   string            `mapstructure:"billing_account_id"`
	BillingAccountName string            `mapstructure:"billing_account_name"`
	ServiceCategories  map[string]string `mapstructure:"service_categories"` // product: "Category[/Subcategory]"
	RegionNames        map[string]string `mapstructure:"region_names"`       // region id: display name
}

// focusFlags are amortize's flags for the focus keys, by flag name.
var focusFlags = []struct{ flag, key, usage string }{
	{"provider", "focus.provider", "FOCUS ProviderName (default: told from the products, see docs/focus.md)"},
	{"publisher", "focus.publisher", "FOCUS PublisherName (default: the provider)"},
	{"invoice-issuer", "focus.invoice_issuer", "FOCUS InvoiceIssuerName (default: the provider)"},
	{"billing-account-id", "focus.billing_account_id", "FOCUS BillingAccountId (required for focus output)"},
	{"billing-account-name", "focus.billing_account_name", "FOCUS BillingAccountName (default: the account id)"},
}

// sampleAccount is the billing account of the embedded sample's FOCUS output.
const sampleAccount = "pkgctl-sample"

func addFocusFlags(cmd *cobra.Command) {
	for _, f := range focusFlags {
		cmd.Flags().String(f.flag, "", f.usage)
	}
}

// focusServices parses focus.service_categories: "Category" or "Category/Subcategory"
// (a category alone takes its "Other (Category)" subcategory), checked against FOCUS's
// allowed values.
func focusServices(m map[string]string) (map[string]amortize.Service, error) {
	out := make(map[string]amortize.Service, len(m))
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		cat, sub, ok := strings.Cut(m[k], "/")
		cat, sub = strings.TrimSpace(cat), strings.TrimSpace(sub)
		if !ok {
			sub = "Other (" + cat + ")"
		}
		s := amortize.Service{Category: cat, Subcategory: sub}
		if err := amortize.CheckService(s); err != nil {
			return nil, &usageError{msg: fmt.Sprintf("focus.service_categories.%s: %v", k, err),
				hint: "write a FOCUS 1.2 service category, optionally /subcategory, e.g. Storage/Object Storage (docs/focus.md)"}
		}
		out[model.Norm(k)] = s
	}
	return out, nil
}

// focusConfig resolves the FOCUS values: the configured ones, else their defaults. The
// provider is told from the packages' products when not configured; the billing account
// must be configured (the sample has its own).
func (g *GlobalOptions) focusConfig(res *amortize.Result, l *replay.Ledger, sample bool, from, to time.Time) (amortize.FocusConfig, error) {
	s := g.Config.Focus
	cfg := amortize.FocusConfig{Provider: s.Provider, Publisher: s.Publisher, InvoiceIssuer: s.InvoiceIssuer,
		BillingAccountID: s.BillingAccountID, BillingAccountName: s.BillingAccountName, From: from, To: to,
		RegionNames: map[string]string{}}
	var err error
	if cfg.Services, err = focusServices(s.ServiceCategories); err != nil {
		return cfg, err
	}
	for k, v := range s.RegionNames {
		cfg.RegionNames[model.Norm(k)] = v
	}
	if cfg.Provider == "" {
		var products []string
		for _, t := range res.Totals {
			if i := l.Package(t.PackageID); i >= 0 {
				products = append(products, l.Packages[i].Pkg.Product)
			}
		}
		p, ok := amortize.ProviderFromProducts(products)
		if !ok {
			return cfg, &usageError{msg: "focus: cannot tell the provider from the products " + productList(products),
				hint: "set focus.provider in pkgctl.yaml (e.g. Huawei Cloud or Baidu AI Cloud), or pass --provider"}
		}
		cfg.Provider = p
	}
	if cfg.Publisher == "" {
		cfg.Publisher = cfg.Provider
	}
	if cfg.InvoiceIssuer == "" {
		cfg.InvoiceIssuer = cfg.Provider
	}
	if cfg.BillingAccountID == "" && sample {
		cfg.BillingAccountID = sampleAccount
	}
	if cfg.BillingAccountID == "" {
		return cfg, &usageError{msg: "focus: no billing account: FOCUS requires BillingAccountId on every row",
			hint: "set focus.billing_account_id in pkgctl.yaml (your account id in the console), or pass --billing-account-id"}
	}
	if cfg.BillingAccountName == "" {
		cfg.BillingAccountName = cfg.BillingAccountID
	}
	return cfg, nil
}

// productList names the distinct products, sorted, for a message.
func productList(products []string) string {
	seen := map[string]bool{}
	var out []string
	for _, p := range products {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		return "(none amortized)"
	}
	return "(" + strings.Join(out, ", ") + ")"
}

// focusWriter renders the FOCUS export: Parquet when the output file ends in
// .parquet, else CSV (times in UTC with Z).
func focusWriter(f *amortize.Focus, out string, prec int32) func(io.Writer) error {
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

// focusTable is the FOCUS export as a listing, its rows made on demand.
func focusTable(f *amortize.Focus) *report.Table {
	cols := make([]report.Column, len(focusColumns))
	for j, c := range focusColumns {
		cols[j] = report.Column{Key: c.name, Kind: c.kind}
	}
	var r amortize.FocusRow
	return &report.Table{Name: "FOCUS", Columns: cols, N: f.Len(),
		Row: func(i int, row []report.Cell) []report.Cell {
			f.Row(i, &r)
			for j := range focusColumns {
				row = append(row, focusColumns[j].cell(&r))
			}
			return row
		}}
}

// unknownServices lists, sorted, the amortized products whose service category is
// neither configured nor in the built-in table (they are written as Other).
func unknownServices(res *amortize.Result, l *replay.Ledger, cfg *amortize.FocusConfig) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range res.Totals {
		if i := l.Package(t.PackageID); i >= 0 {
			p := l.Packages[i].Pkg.Product
			if !seen[p] && !cfg.KnowsService(p) {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	sort.Strings(out)
	return out
}
