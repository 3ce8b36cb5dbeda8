package focuscheck

// Column levels and data types of the FOCUS 1.2 columns (specification/columns/*.md).
const (
	Mandatory   = "Mandatory"
	Recommended = "Recommended"
	Conditional = "Conditional"

	TypeString   = "String"
	TypeDecimal  = "Decimal"
	TypeDateTime = "Date/Time"
	TypeJSON     = "JSON"
)

// ColumnSpec is one FOCUS 1.2 column's definition.
type ColumnSpec struct {
	Level    string
	Type     string
	Nullable bool
}

// Columns are all 57 columns FOCUS 1.2 defines.
var Columns = map[string]ColumnSpec{
	"AvailabilityZone":                   {Recommended, TypeString, true},
	"BilledCost":                         {Mandatory, TypeDecimal, false},
	"BillingAccountId":                   {Mandatory, TypeString, false},
	"BillingAccountName":                 {Mandatory, TypeString, true},
	"BillingAccountType":                 {Conditional, TypeString, false},
	"BillingCurrency":                    {Mandatory, TypeString, false},
	"BillingPeriodEnd":                   {Mandatory, TypeDateTime, false},
	"BillingPeriodStart":                 {Mandatory, TypeDateTime, false},
	"CapacityReservationId":              {Conditional, TypeString, true},
	"CapacityReservationStatus":          {Conditional, TypeString, true},
	"ChargeCategory":                     {Mandatory, TypeString, false},
	"ChargeClass":                        {Mandatory, TypeString, true},
	"ChargeDescription":                  {Mandatory, TypeString, true},
	"ChargeFrequency":                    {Recommended, TypeString, false},
	"ChargePeriodEnd":                    {Mandatory, TypeDateTime, false},
	"ChargePeriodStart":                  {Mandatory, TypeDateTime, false},
	"CommitmentDiscountCategory":         {Conditional, TypeString, true},
	"CommitmentDiscountId":               {Conditional, TypeString, true},
	"CommitmentDiscountName":             {Conditional, TypeString, true},
	"CommitmentDiscountQuantity":         {Conditional, TypeDecimal, true},
	"CommitmentDiscountStatus":           {Conditional, TypeString, true},
	"CommitmentDiscountType":             {Conditional, TypeString, true},
	"CommitmentDiscountUnit":             {Conditional, TypeString, true},
	"ConsumedQuantity":                   {Conditional, TypeDecimal, true},
	"ConsumedUnit":                       {Conditional, TypeString, true},
	"ContractedCost":                     {Mandatory, TypeDecimal, false},
	"ContractedUnitPrice":                {Conditional, TypeDecimal, true},
	"EffectiveCost":                      {Mandatory, TypeDecimal, false},
	"InvoiceId":                          {Recommended, TypeString, true},
	"InvoiceIssuerName":                  {Mandatory, TypeString, false},
	"ListCost":                           {Mandatory, TypeDecimal, false},
	"ListUnitPrice":                      {Conditional, TypeDecimal, true},
	"PricingCategory":                    {Conditional, TypeString, true},
	"PricingCurrency":                    {Conditional, TypeString, true},
	"PricingCurrencyContractedUnitPrice": {Conditional, TypeDecimal, true},
	"PricingCurrencyEffectiveCost":       {Conditional, TypeDecimal, true},
	"PricingCurrencyListUnitPrice":       {Conditional, TypeDecimal, true},
	"PricingQuantity":                    {Mandatory, TypeDecimal, true},
	"PricingUnit":                        {Mandatory, TypeString, true},
	"ProviderName":                       {Mandatory, TypeString, false},
	"PublisherName":                      {Mandatory, TypeString, false},
	"RegionId":                           {Conditional, TypeString, true},
	"RegionName":                         {Conditional, TypeString, true},
	"ResourceId":                         {Conditional, TypeString, true},
	"ResourceName":                       {Conditional, TypeString, true},
	"ResourceType":                       {Conditional, TypeString, true},
	"ServiceCategory":                    {Mandatory, TypeString, false},
	"ServiceName":                        {Mandatory, TypeString, false},
	"ServiceSubcategory":                 {Recommended, TypeString, false},
	"SkuId":                              {Conditional, TypeString, true},
	"SkuMeter":                           {Conditional, TypeString, true},
	"SkuPriceDetails":                    {Conditional, TypeJSON, true},
	"SkuPriceId":                         {Conditional, TypeString, true},
	"SubAccountId":                       {Conditional, TypeString, true},
	"SubAccountName":                     {Conditional, TypeString, true},
	"SubAccountType":                     {Conditional, TypeString, true},
	"Tags":                               {Conditional, TypeJSON, true},
}

// Applicable are the Conditional columns whose condition a resource-package dataset
// meets: the providers sell commitment discounts (the packages), measure usage, deploy
// in regions, bill provisioned resources, publish price lists (SKUs), group resources
// (enterprise projects as sub accounts), support tags and more than one pricing
// category.
var Applicable = []string{
	"CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName",
	"CommitmentDiscountQuantity", "CommitmentDiscountStatus", "CommitmentDiscountType",
	"CommitmentDiscountUnit", "ConsumedQuantity", "ConsumedUnit", "PricingCategory",
	"RegionId", "RegionName", "ResourceId", "ResourceName", "ResourceType", "SkuId", "SkuMeter",
	"SubAccountId", "SubAccountName", "Tags",
}

// Allowed values of the columns that have them.
var (
	ChargeCategories   = []string{"Usage", "Purchase", "Tax", "Credit", "Adjustment"}
	ChargeClasses      = []string{"Correction"}
	ChargeFrequencies  = []string{"One-Time", "Recurring", "Usage-Based"}
	CDCategories       = []string{"Spend", "Usage"}
	CDStatuses         = []string{"Used", "Unused"}
	PricingCategories  = []string{"Standard", "Dynamic", "Committed", "Other"}
	CapacityStatuses   = []string{"Used", "Unused"}
	ServiceSubcategory = map[string][]string{
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
)
