package value

import (
	"fmt"
	"strings"

	"github.com/pkgctl/pkgctl/internal/model"
)

// family is a set of units that convert into each other by a fixed ratio.
type family uint8

const (
	famOpaque family = iota // any other unit: matches only itself
	famData                 // bytes, ×1024 per step
	famTime                 // seconds
	famCount                // times, calls, requests: 1:1
)

// factor is one unit of a (possibly product) unit.
type factor struct {
	fam   family
	scale uint64 // size in the family's base unit (byte, second, 1); 0 when opaque
	name  string // canonical spelling, or the Norm form of an opaque unit
}

// Unit is a parsed unit: one factor ("GB") or a product of two ("GB*hour"). Units are
// comparable with ==: equal Units are the same unit, whatever the spelling (case,
// singular/plural, abbreviation, product separator).
type Unit struct {
	f [2]factor
	n uint8 // number of factors, 1 or 2
}

// ParseUnit parses a unit of rules.md §1.5: a known unit of the data size, time or count family
// (case-insensitive, singular or plural, common abbreviations), any other name (kept in
// its Norm form), or a product of two written with '*', '·', '⋅' or '×'.
func ParseUnit(s string) (Unit, error) {
	parts := strings.FieldsFunc(s, isProductSep)
	if strings.TrimSpace(s) == "" {
		return Unit{}, fmt.Errorf("empty unit")
	}
	if len(parts) > 2 {
		return Unit{}, fmt.Errorf("unit %s: more than two factors", Quote(s))
	}
	if len(parts) != strings.Count(s, "*")+strings.Count(s, "·")+strings.Count(s, "⋅")+strings.Count(s, "×")+1 {
		return Unit{}, fmt.Errorf("unit %s: empty factor", Quote(s))
	}
	var u Unit
	for i, p := range parts {
		f, ok := parseFactor(p)
		if !ok {
			return Unit{}, fmt.Errorf("unit %s: empty factor", Quote(s))
		}
		u.f[i] = f
	}
	u.n = uint8(len(parts))
	return u, nil
}

// parseFactor reads one factor; ok is false when it is blank.
func parseFactor(s string) (factor, bool) {
	n := model.Norm(s)
	if n == "" {
		return factor{}, false
	}
	if f, ok := knownUnits[n]; ok {
		return f, true
	}
	return factor{name: n}, true
}

func isProductSep(r rune) bool { return r == '*' || r == '·' || r == '⋅' || r == '×' }

// String renders the canonical spelling: "GB", "GB*hour", an opaque unit in Norm form.
func (u Unit) String() string {
	if u.n == 2 {
		return u.f[0].name + "*" + u.f[1].name
	}
	return u.f[0].name
}

// Equal reports whether u and v are the same unit (the same as u == v).
func (u Unit) Equal(v Unit) bool { return u == v }

// UnitKey is unit s in a form that is the same for two spellings of one unit (SameUnit):
// the canonical spelling in Norm form ("GiB" and "gb" are "gb", 次 is "times"), or s in
// Norm form when it is not a unit.
func UnitKey(s string) string {
	if u, err := ParseUnit(s); err == nil {
		return model.Norm(u.String())
	}
	return model.Norm(s)
}

// SameUnit reports whether a and b name the same unit ("GB" and "gb", "hour" and
// "hours", "GB*hour" and "gb × hours"). Units that only convert 1:1 ("times" and
// "calls") are not the same unit. Unparsable (blank) units are the same when both blank.
func SameUnit(a, b string) bool {
	ua, errA := ParseUnit(a)
	ub, errB := ParseUnit(b)
	if errA != nil || errB != nil {
		return errA != nil && errB != nil && model.Norm(a) == model.Norm(b)
	}
	return ua == ub
}
