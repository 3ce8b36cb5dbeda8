package config

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/model"
)

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
			return nil, &Error{Msg: fmt.Sprintf("focus.service_categories.%s: %v", k, err),
				Hint: "write a FOCUS 1.2 service category, optionally /subcategory, e.g. Storage/Object Storage (docs/focus.md)", Key: "focus.service_categories." + k}
		}
		out[model.Norm(k)] = s
	}
	return out, nil
}

// focusRegions parses focus.region_names: a region id's display name, trimmed. A blank
// name is refused: FOCUS requires a RegionName beside every RegionId, and an empty one
// would be written as a null (or as spaces).
func focusRegions(m map[string]string) (map[string]string, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make(map[string]string, len(m))
	for _, k := range keys {
		name := strings.TrimSpace(m[k])
		if name == "" {
			key := "focus.region_names." + k
			return nil, &Error{Msg: key + " is empty: a FOCUS file needs a value there",
				Hint: "give the region's display name (e.g. CN North-Beijing4), or remove the key to use its default (docs/focus.md)", Key: key}
		}
		out[model.Norm(k)] = name
	}
	return out, nil
}

// Resolve resolves the FOCUS values of a file of bills dated from … to: the configured
// ones, else their defaults. The provider is told from the amortized packages'
// products when not configured; the billing account must be configured, or account
// given (the embedded sample's).
func (s FocusSettings) Resolve(products []string, account string, from, to time.Time) (amortize.FocusConfig, error) {
	cfg := amortize.FocusConfig{Provider: s.Provider, Publisher: s.Publisher, InvoiceIssuer: s.InvoiceIssuer,
		BillingAccountID: s.BillingAccountID, BillingAccountName: s.BillingAccountName, From: from, To: to}
	var err error
	if cfg.Services, err = focusServices(s.ServiceCategories); err != nil {
		return cfg, err
	}
	if cfg.RegionNames, err = focusRegions(s.RegionNames); err != nil {
		return cfg, err
	}
	if cfg.Provider == "" {
		p, ok := amortize.ProviderFromProducts(products)
		if !ok {
			return cfg, &Error{Msg: "focus: cannot tell the provider from the products " + productList(products),
				Hint: "set focus.provider in pkgctl.yaml (e.g. Huawei Cloud or Baidu AI Cloud), or pass --provider"}
		}
		cfg.Provider = p
	}
	if cfg.Publisher == "" {
		cfg.Publisher = cfg.Provider
	}
	if cfg.InvoiceIssuer == "" {
		cfg.InvoiceIssuer = cfg.Provider
	}
	if cfg.BillingAccountID == "" {
		cfg.BillingAccountID = account
	}
	if cfg.BillingAccountID == "" {
		return cfg, &Error{Msg: "focus: no billing account: FOCUS requires BillingAccountId on every row",
			Hint: "set focus.billing_account_id in pkgctl.yaml (your account id in the console), or pass --billing-account-id"}
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

// UnknownServices lists, sorted, the products whose service category is neither
// configured nor in the built-in table (they are written as Other).
func UnknownServices(products []string, cfg *amortize.FocusConfig) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range products {
		if !seen[p] && !cfg.KnowsService(p) {
			seen[p] = true
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}
