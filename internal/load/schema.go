package load

// need says whether a column must be present and non-blank.
type need int

const (
	optional  need = iota
	required       // the column must be in the header and every value non-blank
	valueOnly      // every row needs a value, but it may come from elsewhere (a unit carried by the quantity)
)

// column is one canonical column of a kind: its name, whether it is required, and the
// console names it is known by (the canonical name itself always matches).
type column struct {
	name    string
	need    need
	aliases []string
}

// schema is the column list of one kind of file; a column's index is its slot.
type schema struct {
	kind  string
	cols  []column
	times []int // slots holding timestamps: XLSX date cells there become text
	// numbers are the slots holding decimals: an XLSX number cell there is read as the
	// number the spreadsheet shows (excelNumber); elsewhere (ids, texts) as written.
	numbers []int
}

// Kinds of input file, as used in Options.Aliases.
const (
	KindPackages = "packages"
	KindUsage    = "usage"
	KindBills    = "bills"
)

var (
	aliasProduct  = []string{"Product Name", "Service Type", "产品名称", "Product", "产品", "服务类型"}
	aliasSpec     = []string{"Specification", "规格", "Spec", "Specifications"}
	aliasRegion   = []string{"Region", "区域", "地域", "Region Name"}
	aliasProject  = []string{"Enterprise Project", "企业项目", "Enterprise Project Name", "企业项目名称"}
	aliasUnit     = []string{"Unit", "单位", "计量单位", "Usage Unit"}
	aliasCurrency = []string{"Currency", "币种", "货币"}
	aliasTags     = []string{"Tags", "标签", "Tag"}
)

// Usage columns (slots of usageSchema).
const (
	uID = iota
	uProduct
	uItem
	uSpec
	uRegion
	uProject
	uResource
	uStart
	uEnd
	uDeduct
	uQuantity
	uUnit
	uPrice
	uCurrency
	uTags
	uCount
)

var usageSchema = schema{kind: KindUsage, cols: []column{
	uID:       {"record_id", required, []string{"Record ID", "Bill ID", "记录ID", "流水号", "Usage Record ID"}},
	uProduct:  {"product", required, aliasProduct},
	uItem:     {"billing_item", required, []string{"Billing item", "Billing factor", "Usage type", "计费项", "计费因子", "使用量类型"}},
	uSpec:     {"specification", optional, aliasSpec},
	uRegion:   {"region", optional, aliasRegion},
	uProject:  {"enterprise_project", optional, aliasProject},
	uResource: {"resource_id", optional, []string{"Resource ID", "资源ID", "实例ID"}},
	uStart:    {"start_time", required, []string{"Resource consumption started", "Start time", "开始时间", "Consumption start time", "使用开始时间"}},
	uEnd:      {"end_time", required, []string{"Resource consumption ended", "End time", "结束时间", "Consumption end time", "使用结束时间"}},
	uDeduct:   {"deduct_time", optional, []string{"Resource usage deducted at", "Deduct time", "抵扣时间", "Deducted at", "Deduction time"}},
	uQuantity: {"quantity", required, []string{"Usage", "Used", "Used Traffic", "使用量", "Quantity", "用量"}},
	uUnit:     {"unit", valueOnly, aliasUnit},
	uPrice:    {"unit_price", optional, []string{"Unit price", "单价"}},
	uCurrency: {"currency", optional, aliasCurrency},
	uTags:     {"tags", optional, aliasTags},
}, times: []int{uStart, uEnd, uDeduct}, numbers: []int{uQuantity, uPrice}}

// Bill columns (slots of billSchema).
const (
	bDate = iota
	bPackage
	bType
	bAmount
	bQuantity
	bUnit
	bProject
	bCurrency
	bCount
)

var billSchema = schema{kind: KindBills, cols: []column{
	bDate:     {"bill_date", required, []string{"Used On", "Date", "日期", "Bill date", "账单日期"}},
	bPackage:  {"package_id", required, []string{"Package ID", "Instance ID", "资源包ID", "Resource Package ID"}},
	bType:     {"bill_type", required, []string{"Bill Type", "账单类型"}},
	bAmount:   {"amount", required, []string{"Amortized Amount", "摊销金额", "Amount"}},
	bQuantity: {"quantity", optional, []string{"Quantity", "Usage", "使用量", "数量"}},
	bUnit:     {"unit", optional, aliasUnit},
	bProject:  {"enterprise_project", optional, aliasProject},
	bCurrency: {"currency", optional, aliasCurrency},
}, times: []int{bDate}, numbers: []int{bAmount, bQuantity}}

// schemaOf returns the schema of a kind, or nil.
func schemaOf(kind string) *schema {
	switch kind {
	case KindPackages:
		return &packageSchema
	case KindUsage:
		return &usageSchema
	case KindBills:
		return &billSchema
	}
	return nil
}
