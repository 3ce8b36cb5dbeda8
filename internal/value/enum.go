package value

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/pkgctl/pkgctl/internal/model"
)

// enumKey is the comparison form of an enum spelling: lower-case, without spaces, '_'
// or '-'. "Reserved instance", "reserved_instance" and "RESERVED-INSTANCE" share a key.
func enumKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '_' || r == '-' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// enumTable maps spellings (by enumKey) to values; blank maps the empty key.
type enumTable[T comparable] struct {
	what     string // column name for messages
	accepted string // canonical values for messages
	byKey    map[string]T
	exact    map[string]T // the spellings as written: found without making a key
}

func newEnum[T comparable](what, accepted string, spell map[T][]string) enumTable[T] {
	t := enumTable[T]{what: what, accepted: accepted, byKey: map[string]T{}, exact: map[string]T{}}
	for v, ss := range spell {
		for _, s := range ss {
			t.byKey[enumKey(s)], t.exact[s] = v, v
		}
	}
	return t
}

func (t enumTable[T]) parse(s string) (T, error) {
	if v, ok := t.exact[s]; ok {
		return v, nil
	}
	if v, ok := t.byKey[enumKey(s)]; ok {
		return v, nil
	}
	var zero T
	return zero, fmt.Errorf("unknown %s %s (want %s)", t.what, Quote(strings.TrimSpace(s)), t.accepted)
}

var packageTypes = newEnum("package type", "usage, storage or reserved_instance",
	map[model.PackageType][]string{
		model.TypeUsage:            {"", "usage", "usage package", "用量包"},
		model.TypeStorage:          {"storage", "storage package", "存储包"},
		model.TypeReservedInstance: {"reserved_instance", "reserved instance", "预留实例"},
	})

var resetCycles = newEnum("reset cycle", "none, hour, day, week, month or year",
	map[model.ResetCycle][]string{
		model.ResetNone:  {"", "none", "no reset", "不重置"},
		model.ResetHour:  {"hour", "hourly", "按小时", "小时", "每小时"},
		model.ResetDay:   {"day", "daily", "按天", "天", "按日", "日", "每天", "每日"},
		model.ResetWeek:  {"week", "weekly", "按周", "周", "每周"},
		model.ResetMonth: {"month", "monthly", "按月", "月", "每月"},
		model.ResetYear:  {"year", "yearly", "annual", "annually", "按年", "年", "每年"},
	})

var orderTypes = newEnum("order type", "new, renewal or upgrade",
	map[model.OrderType][]string{
		model.OrderNew:     {"", "new", "buy", "buy again", "new purchase", "purchase", "新购", "购买"},
		model.OrderRenewal: {"renewal", "renew", "续订", "续费"},
		model.OrderUpgrade: {"upgrade", "变更", "升级"},
	})

var methods = newEnum("amortization method", "usage or linear",
	map[model.Method][]string{
		model.MethodAuto:   {""},
		model.MethodUsage:  {"usage", "usage-based", "按使用量"},
		model.MethodLinear: {"linear", "线性"},
	})

// ParsePackageType parses package_type: usage (the default for blank), storage or
// reserved_instance, or their console spellings ("Usage package", 用量包, 存储包, 预留实例).
func ParsePackageType(s string) (model.PackageType, error) { return packageTypes.parse(s) }

// ParseResetCycle parses reset_cycle: none (the default for blank, 不重置), hour, day,
// week, month or year, also "hourly".."yearly", "annual" and 按小时/按天/按周/按月/按年.
func ParseResetCycle(s string) (model.ResetCycle, error) { return resetCycles.parse(s) }

// ParseOrderType parses order_type: new (the default for blank; "Buy", "Buy again", 新购),
// renewal ("Renew", 续订, 续费) or upgrade (变更, 升级).
func ParseOrderType(s string) (model.OrderType, error) { return orderTypes.parse(s) }

// ParseMethod parses amortization: usage ("usage-based", 按使用量) or linear (线性);
// blank is MethodAuto.
func ParseMethod(s string) (model.Method, error) { return methods.parse(s) }
