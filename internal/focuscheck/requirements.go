package focuscheck

import (
	"encoding/json"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/value"
)

// Requirements are the FOCUS 1.2 requirements checked from the data, each with an id
// and a paraphrase (docs/focus.md lists them with their status for pkgctl's files).
var Requirements = []Requirement{
	// Columns
	{"COL-MANDATORY", "Every Mandatory column is present.", colMandatory},
	{"COL-CONDITIONAL", "Every Conditional column whose condition resource packages meet is present.", colConditional},
	{"COL-UNIQUE", "No column appears twice.", colUnique},
	{"COL-CUSTOM-PREFIX", "A column FOCUS does not define starts with x_.", colCustomPrefix},
	{"COL-NAME-FORM", "FOCUS column ids are alphanumeric Pascal case of at most 50 characters.", colNameForm},
	{"COL-ORDER", "Custom columns come after every FOCUS column.", colOrder},
	// Types and formats
	{"TYPE-DECIMAL", "Decimal columns hold single plain numbers (digits, one point, a minus only for negatives, E notation without +); in Parquet a DECIMAL type.", typeDecimal},
	{"TYPE-DATETIME", "Date/time columns are ISO 8601 UTC instants YYYY-MM-DDTHH:mm:ssZ; in Parquet a TIMESTAMP adjusted to UTC.", typeDateTime},
	{"TYPE-STRING", "String and JSON columns are text (in Parquet a STRING type).", typeString},
	{"FMT-CURRENCY", "BillingCurrency is an ISO 4217 three-letter code.", fmtCurrency},
	{"FMT-KEYVALUE", "Tags is a JSON object with unique keys whose values are strings, numbers, booleans or null.", fmtKeyValue},
	{"FMT-UNIT", "Units (Pricing, Consumed, CommitmentDiscount) are capitalized unit words joined by - or / (Unit Format).", fmtUnit},
	{"NULL-NOT-EMPTY", "A missing value is a null, never an empty or blank string.", nullNotEmpty},
	// Nulls
	{"NULL-MANDATORY", "Columns that allow no null (costs, account id, currency, periods, charge category, issuer, provider, publisher, services, frequency) have a value on every row.", nullMandatory},
	{"NULL-ACCOUNT-NAME", "BillingAccountName has a value (the providers let accounts be named).", nullAccountName},
	{"NULL-PRICING", "PricingQuantity, PricingUnit, PricingCategory and SkuId have a value on Usage and Purchase rows that are not corrections, none on Tax rows; PricingUnit is null exactly when PricingQuantity is.", nullPricing},
	{"NULL-CONSUMED", "ConsumedQuantity is null except on Usage rows that are not Unused, where it has a value; ConsumedUnit is null exactly when ConsumedQuantity is.", nullConsumed},
	{"NULL-COMMITMENT", "CommitmentDiscountCategory and Type are null exactly when CommitmentDiscountId is; Status has a value on Usage rows of a commitment and none without one.", nullCommitment},
	{"NULL-CD-QUANTITY", "CommitmentDiscountQuantity has a value on Usage and Purchase rows of a commitment, none elsewhere; CommitmentDiscountUnit is null exactly when it is.", nullCDQuantity},
	{"NULL-DEPENDENT", "RegionName, SubAccountName are null exactly when their id is; ResourceName and ResourceType are null when ResourceId is, ResourceType set when it is; SkuMeter null when SkuId is.", nullDependent},
	// Allowed values
	{"AV-CHARGE", "ChargeCategory, ChargeClass and ChargeFrequency take their allowed values; a Purchase is never Usage-Based.", avCharge},
	{"AV-COMMITMENT", "CommitmentDiscountCategory (Spend, Usage) and CommitmentDiscountStatus (Used, Unused) take their allowed values.", avCommitment},
	{"AV-PRICING-CATEGORY", "PricingCategory is Standard, Dynamic, Committed or Other.", avPricingCategory},
	{"AV-SERVICE", "ServiceCategory is an allowed category and ServiceSubcategory one of its subcategories.", avService},
	{"SERVICE-ONE-CATEGORY", "Each ServiceName has one ServiceCategory.", serviceOneCategory},
	{"ID-CONSISTENT", "An id names one thing: RegionId one RegionName, SubAccountId one SubAccountName, CommitmentDiscountId one category, type and unit.", idConsistent},
	// Periods
	{"PERIOD-ORDER", "Charge and billing periods start before they end.", periodOrder},
	{"PERIOD-BILLING", "A charge starts within its billing period.", periodBilling},
	// Costs
	{"COST-DECIMAL", "BilledCost, EffectiveCost, ListCost and ContractedCost are valid decimals.", costDecimal},
	{"COST-LIST-CONTRACTED", "Without unit prices, ListCost and ContractedCost equal BilledCost.", costListContracted},
	{"COST-OTHER-EFFECTIVE", "On rows that are neither Usage nor Purchase, EffectiveCost equals BilledCost.", costOtherEffective},
	{"CD-PURCHASE", "A commitment purchase has EffectiveCost 0, PricingCategory Standard and ResourceId = CommitmentDiscountId.", cdPurchase},
	{"CD-USAGE", "A Usage row of a commitment has BilledCost 0 (the commitment covers it) and PricingCategory Committed; an Unused row has ResourceId = CommitmentDiscountId.", cdUsage},
	{"CD-EFFECTIVE-SUM", "For each complete commitment, the EffectiveCost of its Usage rows equals the BilledCost of its Purchase rows.", cdEffectiveSum},
	{"CD-USED-UNUSED", "For each commitment, its Usage EffectiveCost is the sum of its Used and its Unused rows'.", cdUsedUnused},
}

// --- columns ---

func colMandatory(d *Dataset, _ Options, c *counter) {
	for _, name := range sortedColumns(Mandatory) {
		c.ok(d.Col(name) >= 0, "column %s missing", name)
	}
}

func colConditional(d *Dataset, _ Options, c *counter) {
	for _, name := range Applicable {
		c.ok(d.Col(name) >= 0, "column %s missing", name)
	}
}

func colUnique(d *Dataset, _ Options, c *counter) {
	seen := map[string]bool{}
	for _, name := range d.Columns {
		c.ok(!seen[name], "column %s appears twice", name)
		seen[name] = true
	}
}

func colCustomPrefix(d *Dataset, _ Options, c *counter) {
	for _, name := range d.Columns {
		if _, ok := Columns[name]; !ok {
			c.ok(strings.HasPrefix(name, "x_"), "column %q is not FOCUS's and has no x_ prefix", name)
		}
	}
}

var pascal = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)

func colNameForm(d *Dataset, _ Options, c *counter) {
	for _, name := range d.Columns {
		if _, ok := Columns[name]; ok {
			c.ok(pascal.MatchString(name) && len(name) <= 50, "column id %q", name)
		}
	}
}

func colOrder(d *Dataset, _ Options, c *counter) {
	custom := false
	for _, name := range d.Columns {
		_, focus := Columns[name]
		if focus {
			c.ok(!custom, "FOCUS column %s after a custom column", name)
		}
		custom = custom || !focus
	}
}

func sortedColumns(level string) []string {
	var out []string
	for name, s := range Columns {
		if s.Level == level {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// --- types and formats ---

// numeric is FOCUS's Numeric Format: an integer or decimal, optionally in E notation
// with no + sign.
var numeric = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE]-?[0-9]+)?$`)

func typeDecimal(d *Dataset, _ Options, c *counter) {
	for _, name := range d.columnsOf(TypeDecimal) {
		j := d.Col(name)
		if d.Types != nil {
			c.ok(strings.HasPrefix(d.Types[j], "DECIMAL("), "column %s stored as %s", name, d.Types[j])
		}
		d.eachRow(func(line int, r []Value) {
			if !r[j].Null {
				c.ok(numeric.MatchString(r[j].S), "line %d %s = %q", line, name, r[j].S)
			}
		})
	}
}

func typeDateTime(d *Dataset, _ Options, c *counter) {
	for _, name := range d.columnsOf(TypeDateTime) {
		j := d.Col(name)
		if d.Types != nil {
			c.ok(strings.HasPrefix(d.Types[j], "TIMESTAMP(") && strings.HasSuffix(d.Types[j], ",UTC)"),
				"column %s stored as %s", name, d.Types[j])
		}
		d.eachRow(func(line int, r []Value) {
			if !r[j].Null {
				_, ok := parseTime(r[j])
				c.ok(ok, "line %d %s = %q", line, name, r[j].S)
			}
		})
	}
}

func typeString(d *Dataset, _ Options, c *counter) {
	for j, name := range d.Columns {
		if s, ok := Columns[name]; ok && (s.Type == TypeString || s.Type == TypeJSON) {
			if d.Types == nil { // CSV: every field is text
				c.apply()
				continue
			}
			c.ok(d.Types[j] == "STRING", "column %s stored as %s", name, d.Types[j])
		}
	}
}

func fmtCurrency(d *Dataset, _ Options, c *counter) {
	d.eachRow(func(line int, r []Value) {
		v := d.get(r, "BillingCurrency")
		if v.Null {
			return
		}
		c.ok(value.ISO4217(v.S), "line %d BillingCurrency %q", line, v.S)
	})
}

func fmtKeyValue(d *Dataset, _ Options, c *counter) {
	for _, name := range d.columnsOf(TypeJSON) {
		j := d.Col(name)
		d.eachRow(func(line int, r []Value) {
			if !r[j].Null {
				c.ok(keyValue(r[j].S), "line %d %s = %q", line, name, r[j].S)
			}
		})
	}
}

// keyValue reports whether s is a JSON object with unique keys and scalar values.
func keyValue(s string) bool {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	seen := map[string]bool{}
	for dec.More() {
		k, err := dec.Token()
		key, isStr := k.(string)
		if err != nil || !isStr || seen[key] {
			return false
		}
		seen[key] = true
		v, err := dec.Token()
		if err != nil {
			return false
		}
		if _, delim := v.(json.Delim); delim {
			return false // an object or array
		}
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return false
	}
	_, err := dec.Token()
	return err == io.EOF // nothing after the object
}

func fmtUnit(d *Dataset, _ Options, c *counter) {
	for _, name := range []string{"PricingUnit", "ConsumedUnit", "CommitmentDiscountUnit"} {
		j := d.Col(name)
		if j < 0 {
			continue
		}
		d.eachRow(func(line int, r []Value) {
			if !r[j].Null {
				c.ok(unitForm(r[j].S), "line %d %s = %q", line, name, r[j].S)
			}
		})
	}
}

// unitForm: components separated by "-", "/" or a space each start with a capital
// letter or a digit (a whole-number quantity).
func unitForm(s string) bool {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == ' ' })
	if len(parts) == 0 {
		return false
	}
	for _, p := range parts {
		r := []rune(p)[0]
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func nullNotEmpty(d *Dataset, _ Options, c *counter) {
	d.eachRow(func(line int, r []Value) {
		for j, v := range r {
			if !v.Null {
				c.ok(strings.TrimSpace(v.S) != "", "line %d %s is a blank string", line, d.Columns[j])
			}
		}
	})
}

// --- nulls ---

func nullMandatory(d *Dataset, _ Options, c *counter) {
	var cols []string
	for name, s := range Columns {
		if !s.Nullable && s.Level != Conditional && d.Col(name) >= 0 {
			cols = append(cols, name)
		}
	}
	slices.Sort(cols)
	d.eachRow(func(line int, r []Value) {
		for _, name := range cols {
			c.ok(!d.get(r, name).Null, "line %d %s is null", line, name)
		}
	})
}

func nullAccountName(d *Dataset, _ Options, c *counter) {
	if d.Col("BillingAccountName") < 0 {
		return
	}
	d.eachRow(func(line int, r []Value) {
		c.ok(!d.get(r, "BillingAccountName").Null, "line %d BillingAccountName is null", line)
	})
}

func nullPricing(d *Dataset, _ Options, c *counter) {
	d.eachRow(func(line int, r []Value) {
		cc := d.get(r, "ChargeCategory").S
		for _, name := range []string{"PricingQuantity", "PricingUnit", "PricingCategory", "SkuId"} {
			if d.Col(name) < 0 {
				continue
			}
			v := d.get(r, name)
			switch {
			case cc == "Tax":
				c.ok(v.Null, "line %d %s set on a Tax row", line, name)
			case isUsageOrPurchase(d, r):
				c.ok(!v.Null, "line %d %s null on a %s row", line, name, cc)
			}
		}
		c.ok(d.get(r, "PricingUnit").Null == d.get(r, "PricingQuantity").Null, "line %d PricingUnit and PricingQuantity", line)
	})
}

func nullConsumed(d *Dataset, _ Options, c *counter) {
	if d.Col("ConsumedQuantity") < 0 {
		return
	}
	d.eachRow(func(line int, r []Value) {
		q := d.get(r, "ConsumedQuantity")
		usage := d.get(r, "ChargeCategory").S == "Usage"
		switch {
		case !usage || d.get(r, "CommitmentDiscountStatus").S == "Unused":
			c.ok(q.Null, "line %d ConsumedQuantity set on a row that is not used usage", line)
		case d.get(r, "ChargeClass").S != "Correction":
			c.ok(!q.Null, "line %d ConsumedQuantity null on a Usage row", line)
		}
		c.ok(q.Null == d.get(r, "ConsumedUnit").Null, "line %d ConsumedUnit and ConsumedQuantity", line)
	})
}

func nullCommitment(d *Dataset, _ Options, c *counter) {
	if d.Col("CommitmentDiscountId") < 0 {
		return
	}
	d.eachRow(func(line int, r []Value) {
		id := d.get(r, "CommitmentDiscountId")
		for _, name := range []string{"CommitmentDiscountCategory", "CommitmentDiscountType"} {
			c.ok(d.get(r, name).Null == id.Null, "line %d %s and CommitmentDiscountId", line, name)
		}
		st := d.get(r, "CommitmentDiscountStatus")
		if id.Null {
			c.ok(st.Null, "line %d CommitmentDiscountStatus without a commitment", line)
		} else if d.get(r, "ChargeCategory").S == "Usage" {
			c.ok(!st.Null, "line %d CommitmentDiscountStatus null on a commitment's Usage row", line)
		}
		if id.Null {
			c.ok(d.get(r, "CommitmentDiscountName").Null, "line %d CommitmentDiscountName without a commitment", line)
		}
	})
}

func nullCDQuantity(d *Dataset, _ Options, c *counter) {
	if d.Col("CommitmentDiscountQuantity") < 0 {
		return
	}
	d.eachRow(func(line int, r []Value) {
		q := d.get(r, "CommitmentDiscountQuantity")
		if !d.get(r, "CommitmentDiscountId").Null && isUsageOrPurchase(d, r) {
			c.ok(!q.Null, "line %d CommitmentDiscountQuantity null", line)
		} else if d.get(r, "ChargeClass").S != "Correction" {
			c.ok(q.Null, "line %d CommitmentDiscountQuantity set outside a commitment's Usage or Purchase", line)
		}
		c.ok(q.Null == d.get(r, "CommitmentDiscountUnit").Null, "line %d CommitmentDiscountUnit and Quantity", line)
	})
}

func nullDependent(d *Dataset, _ Options, c *counter) {
	d.eachRow(func(line int, r []Value) {
		for _, p := range [][2]string{{"RegionId", "RegionName"}, {"SubAccountId", "SubAccountName"}} {
			if d.Col(p[0]) >= 0 && d.Col(p[1]) >= 0 {
				c.ok(d.get(r, p[0]).Null == d.get(r, p[1]).Null, "line %d %s and %s", line, p[1], p[0])
			}
		}
		if d.Col("ResourceId") >= 0 {
			rid := d.get(r, "ResourceId")
			if rid.Null {
				c.ok(d.get(r, "ResourceName").Null && d.get(r, "ResourceType").Null, "line %d resource name/type without an id", line)
			} else if d.Col("ResourceType") >= 0 {
				c.ok(!d.get(r, "ResourceType").Null, "line %d ResourceType null", line)
			}
		}
		if d.Col("SkuId") >= 0 && d.get(r, "SkuId").Null {
			c.ok(d.get(r, "SkuMeter").Null, "line %d SkuMeter without SkuId", line)
		}
	})
}

// --- allowed values ---

func avCharge(d *Dataset, _ Options, c *counter) {
	d.eachRow(func(line int, r []Value) {
		cc := d.get(r, "ChargeCategory")
		c.ok(in(cc, ChargeCategories), "line %d ChargeCategory %q", line, cc.S)
		if cl := d.get(r, "ChargeClass"); !cl.Null {
			c.ok(in(cl, ChargeClasses), "line %d ChargeClass %q", line, cl.S)
		}
		if d.Col("ChargeFrequency") >= 0 {
			f := d.get(r, "ChargeFrequency")
			c.ok(in(f, ChargeFrequencies), "line %d ChargeFrequency %q", line, f.S)
			c.ok(!(cc.S == "Purchase" && f.S == "Usage-Based"), "line %d a Usage-Based Purchase", line)
		}
	})
}

func avCommitment(d *Dataset, _ Options, c *counter) {
	d.eachRow(func(line int, r []Value) {
		if v := d.get(r, "CommitmentDiscountCategory"); !v.Null {
			c.ok(in(v, CDCategories), "line %d CommitmentDiscountCategory %q", line, v.S)
		}
		if v := d.get(r, "CommitmentDiscountStatus"); !v.Null {
			c.ok(in(v, CDStatuses), "line %d CommitmentDiscountStatus %q", line, v.S)
		}
	})
}

func avPricingCategory(d *Dataset, _ Options, c *counter) {
	d.eachRow(func(line int, r []Value) {
		if v := d.get(r, "PricingCategory"); !v.Null {
			c.ok(in(v, PricingCategories), "line %d PricingCategory %q", line, v.S)
		}
	})
}

func avService(d *Dataset, _ Options, c *counter) {
	d.eachRow(func(line int, r []Value) {
		cat := d.get(r, "ServiceCategory")
		subs, ok := ServiceSubcategory[cat.S]
		c.ok(ok, "line %d ServiceCategory %q", line, cat.S)
		if sub := d.get(r, "ServiceSubcategory"); ok && d.Col("ServiceSubcategory") >= 0 {
			c.ok(in(sub, subs), "line %d ServiceSubcategory %q of %q", line, sub.S, cat.S)
		}
	})
}

func serviceOneCategory(d *Dataset, _ Options, c *counter) {
	oneTo(d, c, "ServiceName", "ServiceCategory")
}

func idConsistent(d *Dataset, _ Options, c *counter) {
	oneTo(d, c, "RegionId", "RegionName")
	oneTo(d, c, "SubAccountId", "SubAccountName")
	for _, col := range []string{"CommitmentDiscountCategory", "CommitmentDiscountType", "CommitmentDiscountUnit"} {
		oneTo(d, c, "CommitmentDiscountId", col)
	}
}

// oneTo checks that each value of key comes with one value of val.
func oneTo(d *Dataset, c *counter, key, val string) {
	if d.Col(key) < 0 || d.Col(val) < 0 {
		return
	}
	seen := map[string]Value{}
	d.eachRow(func(line int, r []Value) {
		k, v := d.get(r, key), d.get(r, val)
		if k.Null || (v.Null && val == "CommitmentDiscountUnit") {
			return
		}
		if first, ok := seen[k.S]; ok {
			c.ok(first == v, "line %d %s %q has %s %q and %q", line, key, k.S, val, first.S, v.S)
			return
		}
		seen[k.S] = v
	})
}

// --- periods ---

func periodOrder(d *Dataset, _ Options, c *counter) {
	d.eachRow(func(line int, r []Value) {
		for _, p := range [][2]string{{"ChargePeriodStart", "ChargePeriodEnd"}, {"BillingPeriodStart", "BillingPeriodEnd"}} {
			s, ok1 := parseTime(d.get(r, p[0]))
			e, ok2 := parseTime(d.get(r, p[1]))
			if ok1 && ok2 {
				c.ok(s.Before(e), "line %d %s %s not before %s", line, p[0], s, e)
			}
		}
	})
}

func periodBilling(d *Dataset, _ Options, c *counter) {
	d.eachRow(func(line int, r []Value) {
		cs, ok1 := parseTime(d.get(r, "ChargePeriodStart"))
		bs, ok2 := parseTime(d.get(r, "BillingPeriodStart"))
		be, ok3 := parseTime(d.get(r, "BillingPeriodEnd"))
		if ok1 && ok2 && ok3 {
			c.ok(!cs.Before(bs) && cs.Before(be), "line %d charge starts %s outside [%s, %s)", line, cs, bs, be)
		}
	})
}

// --- costs ---

func num(v Value) (decimal.Decimal, bool) {
	if v.Null {
		return decimal.Decimal{}, false
	}
	x, err := decimal.NewFromString(v.S)
	return x, err == nil
}

var costColumns = []string{"BilledCost", "EffectiveCost", "ListCost", "ContractedCost"}

func costDecimal(d *Dataset, _ Options, c *counter) {
	d.eachRow(func(line int, r []Value) {
		for _, name := range costColumns {
			if d.Col(name) >= 0 {
				_, ok := num(d.get(r, name))
				c.ok(ok, "line %d %s = %q", line, name, d.get(r, name).S)
			}
		}
	})
}

func costListContracted(d *Dataset, _ Options, c *counter) {
	d.eachRow(func(line int, r []Value) {
		b, ok := num(d.get(r, "BilledCost"))
		if !ok || d.get(r, "ChargeClass").S == "Correction" {
			return
		}
		for _, p := range [][2]string{{"ListCost", "ListUnitPrice"}, {"ContractedCost", "ContractedUnitPrice"}} {
			if d.get(r, p[1]).Null {
				x, _ := num(d.get(r, p[0]))
				c.ok(x.Equal(b), "line %d %s %s, BilledCost %s", line, p[0], x, b)
			}
		}
	})
}

func costOtherEffective(d *Dataset, _ Options, c *counter) {
	d.eachRow(func(line int, r []Value) {
		cc := d.get(r, "ChargeCategory").S
		if cc == "Usage" || cc == "Purchase" || cc == "Tax" {
			return
		}
		b, _ := num(d.get(r, "BilledCost"))
		e, _ := num(d.get(r, "EffectiveCost"))
		c.ok(b.Equal(e), "line %d %s row EffectiveCost %s, BilledCost %s", line, cc, e, b)
	})
}

func cdPurchase(d *Dataset, _ Options, c *counter) {
	d.eachRow(func(line int, r []Value) {
		id := d.get(r, "CommitmentDiscountId")
		if id.Null || d.get(r, "ChargeCategory").S != "Purchase" {
			return
		}
		e, _ := num(d.get(r, "EffectiveCost"))
		c.ok(e.IsZero(), "line %d purchase EffectiveCost %s", line, e)
		c.ok(d.get(r, "PricingCategory").S == "Standard", "line %d purchase PricingCategory %q", line, d.get(r, "PricingCategory").S)
		c.ok(d.get(r, "ResourceId") == id, "line %d purchase ResourceId %q", line, d.get(r, "ResourceId").S)
	})
}

func cdUsage(d *Dataset, _ Options, c *counter) {
	d.eachRow(func(line int, r []Value) {
		id := d.get(r, "CommitmentDiscountId")
		if id.Null || d.get(r, "ChargeCategory").S != "Usage" {
			return
		}
		b, _ := num(d.get(r, "BilledCost"))
		c.ok(b.IsZero(), "line %d covered usage BilledCost %s", line, b)
		c.ok(d.get(r, "PricingCategory").S == "Committed", "line %d usage PricingCategory %q", line, d.get(r, "PricingCategory").S)
		if d.get(r, "CommitmentDiscountStatus").S == "Unused" {
			c.ok(d.get(r, "ResourceId") == id, "line %d unused ResourceId %q", line, d.get(r, "ResourceId").S)
		}
	})
}

// commitment sums one commitment discount's rows.
type commitment struct {
	purchased, usage, used, unused decimal.Decimal
	end                            string // the latest ChargePeriodEnd of its Purchase rows
}

func commitments(d *Dataset) (map[string]*commitment, []string) {
	m := map[string]*commitment{}
	var ids []string
	d.eachRow(func(_ int, r []Value) {
		id := d.get(r, "CommitmentDiscountId")
		if id.Null {
			return
		}
		cm := m[id.S]
		if cm == nil {
			cm = &commitment{}
			m[id.S] = cm
			ids = append(ids, id.S)
		}
		b, _ := num(d.get(r, "BilledCost"))
		e, _ := num(d.get(r, "EffectiveCost"))
		switch d.get(r, "ChargeCategory").S {
		case "Purchase":
			cm.purchased = cm.purchased.Add(b)
			if end := d.get(r, "ChargePeriodEnd").S; end > cm.end {
				cm.end = end
			}
		case "Usage":
			cm.usage = cm.usage.Add(e)
			switch d.get(r, "CommitmentDiscountStatus").S {
			case "Used":
				cm.used = cm.used.Add(e)
			case "Unused":
				cm.unused = cm.unused.Add(e)
			}
		}
	})
	slices.Sort(ids)
	return m, ids
}

func cdEffectiveSum(d *Dataset, o Options, c *counter) {
	if o.EndedBy.IsZero() {
		return
	}
	m, ids := commitments(d)
	for _, id := range ids {
		cm := m[id]
		end, ok := parseTime(Value{S: cm.end})
		if !ok || end.After(o.EndedBy) {
			continue
		}
		c.ok(cm.usage.Equal(cm.purchased), "%s: Usage EffectiveCost %s, Purchase BilledCost %s", id, cm.usage, cm.purchased)
	}
}

func cdUsedUnused(d *Dataset, _ Options, c *counter) {
	m, ids := commitments(d)
	for _, id := range ids {
		cm := m[id]
		c.ok(cm.usage.Equal(cm.used.Add(cm.unused)), "%s: Usage %s, Used %s + Unused %s", id, cm.usage, cm.used, cm.unused)
	}
}
