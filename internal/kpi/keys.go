package kpi

import (
	"fmt"
	"strings"

	"github.com/pkgctl/pkgctl/internal/value"
)

// KeyKind is what a grouping key groups by.
type KeyKind uint8

// The grouping keys of kpi --by.
const (
	KeyMonth   KeyKind = iota // the billing cycle (YYYY-MM) a period closed in, or a record was deducted in
	KeyProduct                // the package's or the record's product
	KeyRegion                 // the package's or the record's region
	KeyProject                // the package's or the record's enterprise project
	KeyPackage                // the package (coverage: the package that deducted; "" for pay-per-use)
	KeyTag                    // the value of one tag of the package or the record
)

// MaxKeys is the most grouping keys a listing takes.
const MaxKeys = 6

// Key is one parsed grouping key.
type Key struct {
	Kind KeyKind
	Tag  string // KeyTag: the tag's key
}

var keyNames = [...]string{KeyMonth: "month", KeyProduct: "product", KeyRegion: "region",
	KeyProject: "enterprise_project", KeyPackage: "package", KeyTag: "tag"}

// KeyList names the keys ParseKeys accepts, for messages.
const KeyList = "month, product, region, enterprise_project (or project), package, tag:KEY"

// Column is the key's column name: month, product, region, enterprise_project,
// package_id, tag_KEY.
func (k Key) Column() string {
	switch k.Kind {
	case KeyPackage:
		return "package_id"
	case KeyTag:
		return "tag_" + k.Tag
	}
	return keyNames[k.Kind]
}

// ParseKeys reads --by keys: month, product, region, enterprise_project (or project),
// package, tag:KEY, case-insensitively (a tag's key as written). An unknown, empty or
// repeated key, or more than MaxKeys, is an error.
func ParseKeys(names []string) ([]Key, error) {
	if len(names) > MaxKeys {
		return nil, fmt.Errorf("at most %d keys, not %d", MaxKeys, len(names))
	}
	if len(names) == 0 { // --by "": a listing of nothing but currencies is not what was meant
		return nil, fmt.Errorf("an empty key")
	}
	var keys []Key
	seen := map[Key]bool{}
	for _, name := range names {
		k, err := parseKey(name)
		if err != nil {
			return nil, err
		}
		if seen[k] {
			return nil, fmt.Errorf("%q is given twice", name)
		}
		seen[k] = true
		keys = append(keys, k)
	}
	return keys, nil
}

func parseKey(name string) (Key, error) {
	s := strings.TrimSpace(name)
	if tag, ok := cutPrefixFold(s, "tag:"); ok {
		if tag = strings.TrimSpace(tag); tag != "" {
			if err := value.CheckTagKey(tag); err != nil {
				return Key{}, err
			}
			return Key{Kind: KeyTag, Tag: tag}, nil
		}
	}
	switch strings.ToLower(s) {
	case "month":
		return Key{Kind: KeyMonth}, nil
	case "product":
		return Key{Kind: KeyProduct}, nil
	case "region":
		return Key{Kind: KeyRegion}, nil
	case "enterprise_project", "project":
		return Key{Kind: KeyProject}, nil
	case "package", "package_id":
		return Key{Kind: KeyPackage}, nil
	case "":
		return Key{}, fmt.Errorf("an empty key")
	}
	return Key{}, fmt.Errorf("unknown key %q (want %s)", name, KeyList)
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return "", false
}
