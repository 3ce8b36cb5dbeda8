package config

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// EnvKeys are the keys the environment sets, each as PKGCTL_<KEY> (EnvName): every key
// that holds one value. The maps (columns.<kind>.<column>, focus.service_categories,
// focus.region_names) are the config file's only: a column or a product name holds
// spaces, dots and underscores that a variable's name cannot tell apart.
func EnvKeys() []string {
	keys := []string{"timezone", "currency", "precision", "usage_based_from", "usage_based_products", "format",
		"csv_bom", "stream_usage_from", "in_memory_usage_to"}
	for _, k := range limitKeys {
		keys = append(keys, "limits."+k)
	}
	for _, k := range focusKeys {
		keys = append(keys, "focus."+k)
	}
	return keys
}

// EnvName is the environment variable of key: PKGCTL_LIMITS_ROW_SIZE for limits.row_size.
func EnvName(key string) string {
	return "PKGCTL_" + strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(key))
}

// UnknownEnv lists, sorted, a warning for each PKGCTL_ variable of environ ("NAME=value"
// items, os.Environ) that sets no key: a misspelt one (PKGCTL_PRECISON) would otherwise
// leave its key at its default without a word. Not an error: the environment is shared
// with other tools and scripts. A variable set to nothing is left alone: it sets nothing
// either way.
func UnknownEnv(environ []string) []string {
	known := map[string]bool{}
	for _, k := range EnvKeys() {
		known[EnvName(k)] = true
	}
	var out []string
	for _, kv := range environ {
		name, val, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "PKGCTL_") || known[name] || val == "" {
			continue
		}
		out = append(out, fmt.Sprintf("%s is not a pkgctl setting and is ignored%s", name, envMeant(name)))
	}
	sort.Strings(out)
	return out
}

// envMeant says what the unknown variable name was probably meant to set.
func envMeant(name string) string {
	for _, m := range []struct{ prefix, key string }{
		{"PKGCTL_COLUMNS", "columns"}, {"PKGCTL_FOCUS_SERVICE_CATEGORIES", "focus.service_categories"},
		{"PKGCTL_FOCUS_REGION_NAMES", "focus.region_names"},
	} {
		if name == m.prefix || strings.HasPrefix(name, m.prefix+"_") {
			return fmt.Sprintf(": %s is set in the config file only", m.key)
		}
	}
	best, dist := "", 3 // a typo: at most two letters off
	for _, k := range EnvKeys() {
		if d := editDistance(name, EnvName(k)); d < dist {
			best, dist = EnvName(k), d
		}
	}
	if best != "" {
		return "; did you mean " + best + "?"
	}
	var under []string // PKGCTL_LIMITS, PKGCTL_FOCUS: a group of keys, not one
	for _, k := range EnvKeys() {
		if strings.HasPrefix(EnvName(k), name+"_") {
			under = append(under, EnvName(k))
		}
	}
	if len(under) > 0 {
		return "; set one of " + strings.Join(under, ", ")
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b, in bytes (the names are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = slices.Min([]int{prev[j] + 1, cur[j-1] + 1, prev[j-1] + cost})
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
