package value

import (
	"strings"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
)

// checkEnum runs a table of spellings → want, and bad spellings that must fail naming the
// value and the accepted ones.
func checkEnum[T comparable](t *testing.T, name string, parse func(string) (T, error),
	good map[string]T, bad []string, accepted string) {
	t.Helper()
	for in, want := range good {
		got, err := parse(in)
		if err != nil || got != want {
			t.Errorf("%s(%q) = %v, %v; want %v", name, in, got, err, want)
		}
	}
	for _, in := range bad {
		_, err := parse(in)
		if err == nil || !strings.Contains(err.Error(), strings.TrimSpace(in)) ||
			!strings.Contains(err.Error(), accepted) {
			t.Errorf("%s(%q) error = %v, want it to name the value and %q", name, in, err, accepted)
		}
	}
}

func TestParsePackageType(t *testing.T) {
	checkEnum(t, "ParsePackageType", ParsePackageType, map[string]model.PackageType{
		"": model.TypeUsage, "  ": model.TypeUsage, "usage": model.TypeUsage, "Usage package": model.TypeUsage,
		"USAGE_PACKAGE": model.TypeUsage, "用量包": model.TypeUsage,
		"storage": model.TypeStorage, "Storage package": model.TypeStorage, "存储包": model.TypeStorage,
		"reserved_instance": model.TypeReservedInstance, "Reserved instance": model.TypeReservedInstance,
		"reserved-instance": model.TypeReservedInstance, " ReservedInstance ": model.TypeReservedInstance,
		"预留实例": model.TypeReservedInstance,
	}, []string{"quota", "usages", "reserved"}, "usage, storage or reserved_instance")
}

func TestParseResetCycle(t *testing.T) {
	checkEnum(t, "ParseResetCycle", ParseResetCycle, map[string]model.ResetCycle{
		"": model.ResetNone, "none": model.ResetNone, "None": model.ResetNone, "不重置": model.ResetNone,
		"no reset": model.ResetNone,
		"hour":     model.ResetHour, "Hourly": model.ResetHour, "按小时": model.ResetHour, "小时": model.ResetHour,
		"day": model.ResetDay, "Daily": model.ResetDay, "按天": model.ResetDay, "天": model.ResetDay,
		"按日":   model.ResetDay,
		"week": model.ResetWeek, "WEEKLY": model.ResetWeek, "按周": model.ResetWeek, "周": model.ResetWeek,
		"month": model.ResetMonth, "Monthly": model.ResetMonth, "按月": model.ResetMonth, "月": model.ResetMonth,
		"year": model.ResetYear, "Yearly": model.ResetYear, "annual": model.ResetYear, "按年": model.ResetYear,
		"年": model.ResetYear,
	}, []string{"fortnight", "minute", "2 days"}, "none, hour, day, week, month or year")
}

func TestParseOrderType(t *testing.T) {
	checkEnum(t, "ParseOrderType", ParseOrderType, map[string]model.OrderType{
		"": model.OrderNew, "new": model.OrderNew, "Buy": model.OrderNew, "Buy again": model.OrderNew,
		"buy_again": model.OrderNew, "New purchase": model.OrderNew, "新购": model.OrderNew, "购买": model.OrderNew,
		"renewal": model.OrderRenewal, "Renew": model.OrderRenewal, "续订": model.OrderRenewal, "续费": model.OrderRenewal,
		"upgrade": model.OrderUpgrade, "Upgrade": model.OrderUpgrade, "变更": model.OrderUpgrade, "升级": model.OrderUpgrade,
	}, []string{"refund", "downgrade"}, "new, renewal or upgrade")
}

func TestParseMethod(t *testing.T) {
	checkEnum(t, "ParseMethod", ParseMethod, map[string]model.Method{
		"": model.MethodAuto, "usage": model.MethodUsage, "Usage-based": model.MethodUsage,
		"usage based": model.MethodUsage, "按使用量": model.MethodUsage,
		"linear": model.MethodLinear, "LINEAR": model.MethodLinear, "线性": model.MethodLinear,
	}, []string{"auto", "straight-line"}, "usage or linear")
}

func TestParseResetAnchor(t *testing.T) {
	tests := []struct {
		in   string
		want model.ResetAnchor
	}{
		{"", model.ResetAnchor{Kind: model.AnchorSubscription}},
		{"subscription", model.ResetAnchor{Kind: model.AnchorSubscription}},
		{"Subscription time", model.ResetAnchor{Kind: model.AnchorSubscription}},
		{"订购时间", model.ResetAnchor{Kind: model.AnchorSubscription}},
		{"natural", model.ResetAnchor{Kind: model.AnchorNatural}},
		{"Natural", model.ResetAnchor{Kind: model.AnchorNatural}},
		{"自然周期", model.ResetAnchor{Kind: model.AnchorNatural}},
		{"16:00", model.ResetAnchor{Kind: model.AnchorClock, Clock: 16 * time.Hour}},
		{" 9:30 ", model.ResetAnchor{Kind: model.AnchorClock, Clock: 9*time.Hour + 30*time.Minute}},
		{"00:00:30", model.ResetAnchor{Kind: model.AnchorClock, Clock: 30 * time.Second}},
		{"2025-03-17 16:00:00", model.ResetAnchor{Kind: model.AnchorTimestamp,
			At: time.Date(2025, 3, 17, 16, 0, 0, 0, shanghai)}},
		{"2025-03-17", model.ResetAnchor{Kind: model.AnchorTimestamp,
			At: time.Date(2025, 3, 17, 0, 0, 0, 0, shanghai)}},
	}
	for _, tt := range tests {
		got, err := ParseResetAnchor(tt.in, shanghai)
		if err != nil {
			t.Errorf("ParseResetAnchor(%q): %v", tt.in, err)
			continue
		}
		if got.Kind != tt.want.Kind || got.Clock != tt.want.Clock || !got.At.Equal(tt.want.At) {
			t.Errorf("ParseResetAnchor(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
	for _, in := range []string{"24:00", "16:60", "16", "1600", "noon", "2025-13-01"} {
		_, err := ParseResetAnchor(in, shanghai)
		if err == nil || !strings.Contains(err.Error(), in) || !strings.Contains(err.Error(), "HH:MM") {
			t.Errorf("ParseResetAnchor(%q) error = %v, want it to name the value and the accepted forms", in, err)
		}
	}
}
