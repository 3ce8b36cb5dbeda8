package reference

import (
	"math/big"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// norm is the comparison form of a text attribute: trimmed, inner spaces collapsed,
// lower-cased (rules: Reading values; text attributes compare case-insensitively).
func norm(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// unitPart is one factor of a unit: its family and its size in the family's base unit
// (bytes, seconds, one count). A unit outside the families is its own family, size 1.
type unitPart struct {
	family string
	size   *big.Int
	name   string // the spelling that names the unit: the first of its spellings, or its own
}

// unitSizes are the spellings of the convertible units (rules: Reading values › Unit
// spellings): data sizes ×1024, times, and counts, which convert 1:1.
var unitSizes = func() map[string]unitPart {
	m := map[string]unitPart{}
	add := func(family string, size *big.Int, names ...string) {
		for _, n := range names {
			m[n] = unitPart{family, size, names[0]}
		}
	}
	pow := func(n int64) *big.Int { return new(big.Int).Exp(big.NewInt(1024), big.NewInt(n), nil) }
	add("data", pow(0), "b", "byte", "bytes", "字节")
	add("data", pow(1), "kb", "kib", "kilobyte", "kilobytes")
	add("data", pow(2), "mb", "mib", "megabyte", "megabytes")
	add("data", pow(3), "gb", "gib", "gigabyte", "gigabytes")
	add("data", pow(4), "tb", "tib", "terabyte", "terabytes")
	add("data", pow(5), "pb", "pib", "petabyte", "petabytes")
	add("time", big.NewInt(1), "second", "seconds", "s", "sec", "秒")
	add("time", big.NewInt(60), "minute", "minutes", "min", "分钟")
	add("time", big.NewInt(3600), "hour", "hours", "h", "hr", "小时")
	add("time", big.NewInt(86400), "day", "days", "d", "天")
	add("count", big.NewInt(1), "times", "time", "次", "次数") // three units that convert 1:1
	add("count", big.NewInt(1), "calls", "call")
	add("count", big.NewInt(1), "requests", "request")
	return m
}()

// parseUnit splits a unit into its factors ("GB*hour": data × time).
func parseUnit(u string) []unitPart {
	f := strings.FieldsFunc(norm(u), func(r rune) bool { return r == '*' || r == '·' || r == '⋅' || r == '×' })
	parts := make([]unitPart, len(f))
	for i, name := range f {
		name = strings.TrimSpace(name)
		if p, ok := unitSizes[name]; ok {
			parts[i] = p
		} else {
			parts[i] = unitPart{"unit:" + name, big.NewInt(1), name}
		}
	}
	return parts
}

// unitKey is the comparison form of a unit: two spellings of one unit have the same key
// ("GB·hour" and "gib*hours": "gb*hour"); units that only convert ("GB" and "MB",
// "times" and "calls") do not (rules: why's summary, amortize --by).
func unitKey(u string) string {
	parts := parseUnit(u)
	if len(parts) == 0 || len(parts) > 2 {
		return norm(u)
	}
	names := make([]string, len(parts))
	for i, p := range parts {
		names[i] = p.name
	}
	return strings.Join(names, "*")
}

// unitsConvert reports whether a quantity in unit from converts to unit to: the same
// number of factors, each of the same family, in the same order (rules: Reading values ›
// Unit spellings).
func unitsConvert(from, to string) bool {
	a, b := parseUnit(from), parseUnit(to)
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	for i := range a {
		if a[i].family != b[i].family {
			return false
		}
	}
	return true
}

// unitSize is the size of a unit in the base units of its families.
func unitSize(u string) *big.Int {
	s := big.NewInt(1)
	for _, p := range parseUnit(u) {
		s.Mul(s, p.size)
	}
	return s
}

// convert converts q from unit from to unit to (which convert): exact when the ratio
// allows, else rounded half away from zero to 18 decimal places (rules: Reading values ›
// Unit spellings).
func convert(q decimal.Decimal, from, to string) decimal.Decimal {
	num := q.Mul(decimal.NewFromBigInt(unitSize(from), 0))
	return num.DivRound(decimal.NewFromBigInt(unitSize(to), 0), 18)
}

// earlierOrderTime orders two order times: a known one before a blank one (an unknown
// order time is not "earliest"), then earlier first. It returns -1, 0 or +1
// (rules: Replay › Order ties; the deduction order and why's closest package).
func compareOrderTime(a, b time.Time) int {
	switch {
	case a.IsZero() && b.IsZero():
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	}
	return a.Compare(b)
}
