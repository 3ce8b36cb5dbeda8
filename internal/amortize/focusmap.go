package amortize

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

// Service is a product's FOCUS ServiceCategory and ServiceSubcategory.
type Service struct{ Category, Subcategory string }

// ServiceCategories lists FOCUS 1.2's service categories, each with its allowed
// subcategories (the last one is "Other (category)").
var ServiceCategories = map[string][]string{
	"AI and Machine Learning":   {"AI Platforms", "Bots", "Generative AI", "Machine Learning", "Natural Language Processing", "Other (AI and Machine Learning)"},
	"Analytics":                 {"Analytics Platforms", "Business Intelligence", "Data Processing", "Search", "Streaming Analytics", "Other (Analytics)"},
	"Business Applications":     {"Productivity and Collaboration", "Other (Business Applications)"},
	"Compute":                   {"Containers", "End User Computing", "Quantum Compute", "Serverless Compute", "Virtual Machines", "Other (Compute)"},
	"Databases":                 {"Caching", "Data Warehouses", "Ledger Databases", "NoSQL Databases", "Relational Databases", "Time Series Databases", "Other (Databases)"},
	"Developer Tools":           {"Developer Platforms", "Continuous Integration and Deployment", "Development Environments", "Source Code Management", "Quality Assurance", "Other (Developer Tools)"},
	"Identity":                  {"Identity and Access Management", "Other (Identity)"},
	"Integration":               {"API Management", "Messaging", "Workflow Orchestration", "Other (Integration)"},
	"Internet of Things":        {"IoT Analytics", "IoT Platforms", "Other (Internet of Things)"},
	"Management and Governance": {"Architecture", "Compliance", "Cost Management", "Data Governance", "Disaster Recovery", "Endpoint Management", "Observability", "Support", "Other (Management and Governance)"},
	"Media":                     {"Content Creation", "Gaming", "Media Streaming", "Mixed Reality", "Other (Media)"},
	"Migration":                 {"Data Migration", "Resource Migration", "Other (Migration)"},
	"Mobile":                    {"Other (Mobile)"},
	"Multicloud":                {"Multicloud Integration", "Other (Multicloud)"},
	"Networking":                {"Application Networking", "Content Delivery", "Network Connectivity", "Network Infrastructure", "Network Routing", "Network Security", "Other (Networking)"},
	"Security":                  {"Secret Management", "Security Posture Management", "Threat Detection and Response", "Other (Security)"},
	"Storage":                   {"Backup Storage", "Block Storage", "File Storage", "Object Storage", "Storage Platforms", "Other (Storage)"},
	"Web":                       {"Application Platforms", "Other (Web)"},
	"Other":                     {"Other (Other)"},
}

// DefaultServices is the built-in product → service table (products by model.Norm
// form), for the products Huawei Cloud and Baidu AI Cloud sell resource packages for.
// docs/focus.md lists it; the config overrides it per product.
var DefaultServices = map[string]Service{
	// storage
	"obs": {"Storage", "Object Storage"}, "bos": {"Storage", "Object Storage"},
	"sfs": {"Storage", "File Storage"}, "cfs": {"Storage", "File Storage"},
	"evs": {"Storage", "Block Storage"}, "cds": {"Storage", "Block Storage"},
	"cbr": {"Storage", "Backup Storage"},
	// networking
	"cdn": {"Networking", "Content Delivery"}, "vpc": {"Networking", "Network Connectivity"},
	"eip": {"Networking", "Network Connectivity"}, "elb": {"Networking", "Application Networking"},
	"blb": {"Networking", "Application Networking"}, "dns": {"Networking", "Network Routing"},
	// compute
	"ecs": {"Compute", "Virtual Machines"}, "bcc": {"Compute", "Virtual Machines"},
	"cci": {"Compute", "Containers"}, "cce": {"Compute", "Containers"}, "bci": {"Compute", "Containers"},
	"functiongraph": {"Compute", "Serverless Compute"}, "cfc": {"Compute", "Serverless Compute"},
	// AI
	"ocr":               {"AI and Machine Learning", "Other (AI and Machine Learning)"},
	"image tagging":     {"AI and Machine Learning", "Other (AI and Machine Learning)"},
	"image recognition": {"AI and Machine Learning", "Other (AI and Machine Learning)"},
	"modelarts":         {"AI and Machine Learning", "Machine Learning"},
	"qianfan":           {"AI and Machine Learning", "Generative AI"},
	// management, integration, databases
	"apm": {"Management and Governance", "Observability"}, "lts": {"Management and Governance", "Observability"},
	"aom": {"Management and Governance", "Observability"}, "bcm": {"Management and Governance", "Observability"},
	"roma connect": {"Integration", "Other (Integration)"}, "smn": {"Integration", "Messaging"},
	"rds": {"Databases", "Relational Databases"}, "dcs": {"Databases", "Caching"}, "scs": {"Databases", "Caching"},
}

// DefaultRegionNames are the display names of Huawei Cloud's region ids (by model.Norm
// form). A region not listed is named by its id.
var DefaultRegionNames = map[string]string{
	"cn-north-1": "CN North-Beijing1", "cn-north-4": "CN North-Beijing4",
	"cn-east-2": "CN East-Shanghai2", "cn-east-3": "CN East-Shanghai1",
	"cn-south-1": "CN South-Guangzhou", "cn-southwest-2": "CN Southwest-Guiyang1",
	"ap-southeast-1": "CN-Hong Kong", "ap-southeast-2": "AP-Bangkok", "ap-southeast-3": "AP-Singapore",
}

// Providers pkgctl tells apart by their products (ProviderFromProducts).
const (
	HuaweiCloud  = "Huawei Cloud"
	BaiduAICloud = "Baidu AI Cloud"
)

// providerProducts are products (model.Norm form) only one of the two consoles sells
// under that name. A product both sell (CDN, OCR, VPC, EIP, RDS…) tells nothing.
var providerProducts = map[string]string{
	"obs": HuaweiCloud, "sfs": HuaweiCloud, "evs": HuaweiCloud, "ecs": HuaweiCloud, "cci": HuaweiCloud,
	"cbr": HuaweiCloud, "functiongraph": HuaweiCloud, "modelarts": HuaweiCloud, "roma connect": HuaweiCloud,
	"lts": HuaweiCloud, "aom": HuaweiCloud, "image tagging": HuaweiCloud, "dcs": HuaweiCloud, "smn": HuaweiCloud,
	"bos": BaiduAICloud, "bcc": BaiduAICloud, "bci": BaiduAICloud, "cds": BaiduAICloud, "cfc": BaiduAICloud,
	"blb": BaiduAICloud, "scs": BaiduAICloud, "bcm": BaiduAICloud, "qianfan": BaiduAICloud, "cfs": BaiduAICloud,
}

// ProviderFromProducts tells the provider from the packages' products: the one whose
// own product names appear, when only one's do. ok is false when none of the products
// tells (only shared or unknown names) or when both providers' names appear.
func ProviderFromProducts(products []string) (provider string, ok bool) {
	seen := map[string]bool{}
	for _, p := range products {
		if v, found := providerProducts[model.Norm(p)]; found {
			seen[v] = true
		}
	}
	if len(seen) != 1 {
		return "", false
	}
	for v := range seen {
		return v, true
	}
	return "", false
}

// ISO4217 reports whether s is an ISO 4217 currency code as FOCUS writes it: three
// capitals that ISO 4217 lists (value.ISO4217: current or withdrawn) and that name a
// currency (not XXX, "no currency", nor XTS, testing).
func ISO4217(s string) bool {
	return value.ISO4217(s) && s != "XXX" && s != "XTS"
}

// check refuses a configuration FOCUS cannot hold.
func (c *FocusConfig) check() error {
	for _, v := range []struct{ key, val string }{{"provider", c.Provider}, {"publisher", c.Publisher},
		{"invoice_issuer", c.InvoiceIssuer}, {"billing_account_id", c.BillingAccountID}} {
		if strings.TrimSpace(v.val) == "" {
			return &FocusError{Msg: fmt.Sprintf("focus.%s is empty: FOCUS requires a value", v.key)}
		}
	}
	keys := make([]string, 0, len(c.Services))
	for k := range c.Services {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := CheckService(c.Services[k]); err != nil {
			return &FocusError{Msg: fmt.Sprintf("service of %q: %v", k, err)}
		}
	}
	regions := make([]string, 0, len(c.RegionNames))
	for k := range c.RegionNames {
		regions = append(regions, k)
	}
	sort.Strings(regions)
	for _, k := range regions { // FOCUS: RegionName is not null where RegionId is not
		if strings.TrimSpace(c.RegionNames[k]) == "" {
			return &FocusError{Msg: fmt.Sprintf("focus.region_names.%s is empty: FOCUS requires a value", k)}
		}
	}
	return nil
}

// CheckService refuses a category FOCUS 1.2 does not define, or a subcategory that is
// not one of its category's.
func CheckService(s Service) error {
	subs, ok := ServiceCategories[s.Category]
	if !ok {
		return fmt.Errorf("%q is not a FOCUS service category", s.Category)
	}
	for _, sub := range subs {
		if sub == s.Subcategory {
			return nil
		}
	}
	return fmt.Errorf("%q is not a subcategory of %q", s.Subcategory, s.Category)
}

// KnowsService reports whether the product's service comes from the config or the
// built-in table (else it is Other).
func (c *FocusConfig) KnowsService(product string) bool {
	n := model.Norm(product)
	_, inCfg := c.Services[n]
	_, inTable := DefaultServices[n]
	return inCfg || inTable
}

// service is a product's service: the config's, the built-in table's, or Other.
func (c *FocusConfig) service(product string) Service {
	n := model.Norm(product)
	if s, ok := c.Services[n]; ok {
		return s
	}
	if s, ok := DefaultServices[n]; ok {
		return s
	}
	return Service{"Other", "Other (Other)"}
}

// regionName is a region's display name: the config's, the built-in table's, or its id.
func (c *FocusConfig) regionName(id string) string {
	n := model.Norm(id)
	if s, ok := c.RegionNames[n]; ok {
		return s
	}
	if s, ok := DefaultRegionNames[n]; ok {
		return s
	}
	return id
}

// focusUnits are unit words in FOCUS's Unit Format (plural where FOCUS lists one).
var focusUnits = map[string]string{
	"b": "B", "kb": "KB", "mb": "MB", "gb": "GB", "tb": "TB", "pb": "PB",
	"second": "Seconds", "seconds": "Seconds", "s": "Seconds", "minute": "Minutes", "minutes": "Minutes",
	"hour": "Hours", "hours": "Hours", "h": "Hours", "day": "Days", "days": "Days",
	"time": "Count", "times": "Count", "次": "Count", "count": "Count",
	"call": "Calls", "calls": "Calls", "request": "Requests", "requests": "Requests",
	"core": "Cores", "cores": "Cores",
}

// singular is the first factor of a composite unit ("Core-Hours", "GB-Hours").
var singular = map[string]string{"Calls": "Call", "Requests": "Request", "Cores": "Core", "Count": "Count",
	"Seconds": "Second", "Minutes": "Minute", "Hours": "Hour", "Days": "Day"}

// FocusUnit writes a package unit in FOCUS's Unit Format: data sizes as written in
// capitals (GB), time units plural (Hours), counts as Count, Calls, Requests, and a
// product of two as Unit-Units (GB*hour → GB-Hours, core*hour → Core-Hours). An
// unknown word keeps its spelling with a capital first letter.
func FocusUnit(u string) string {
	parts := strings.FieldsFunc(u, func(r rune) bool { return r == '*' || r == '·' || r == '×' })
	for k, p := range parts {
		p = strings.TrimSpace(p)
		if v, ok := focusUnits[strings.ToLower(p)]; ok {
			p = v
		} else if r, n := utf8.DecodeRuneInString(p); n > 0 {
			p = string(unicode.ToUpper(r)) + p[n:]
		}
		if k < len(parts)-1 {
			if s, ok := singular[p]; ok {
				p = s
			}
		}
		parts[k] = p
	}
	if len(parts) == 0 {
		return strings.TrimSpace(u)
	}
	return strings.Join(parts, "-")
}
