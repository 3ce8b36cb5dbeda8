package value

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pkgctl/pkgctl/internal/model"
)

// ParseTags parses a tag set "k=v;k2=v2" ("k:v" accepted; the first '=' or ':' splits a
// pair, so values may contain either, and commas). Only ';' (or full-width '；')
// separates pairs; keys and values are trimmed; empty pairs are skipped. The result is
// sorted by key; blank input is nil. An empty key, a pair without '=' or ':', or a
// duplicate key is an error.
func ParseTags(s string) (model.Tags, error) {
	if n := countItems(s, MaxTags+1); n > MaxTags {
		return nil, fmt.Errorf("more than %d tags; a resource carries a few dozen at most (cloud consoles allow 20 to 50)", MaxTags)
	}
	var tags model.Tags
	for _, pair := range ParseList(s) {
		i := strings.IndexAny(pair, "=:：")
		if i < 0 {
			return nil, fmt.Errorf("tag %s has no value (want key=value)", Quote(pair))
		}
		_, w := utf8.DecodeRuneInString(pair[i:])
		k, v := strings.TrimSpace(pair[:i]), strings.TrimSpace(pair[i+w:])
		if k == "" {
			return nil, fmt.Errorf("tag %s has an empty key", Quote(pair))
		}
		tags = append(tags, model.Tag{Key: k, Value: v})
	}
	slices.SortStableFunc(tags, func(a, b model.Tag) int { return strings.Compare(a.Key, b.Key) })
	for i := 1; i < len(tags); i++ {
		if tags[i].Key == tags[i-1].Key {
			return nil, fmt.Errorf("duplicate tag key %s", Quote(tags[i].Key))
		}
	}
	return tags, nil
}

// MaxTags is the most tags a tag set may have (rules.md §1.7): a row of a few hundred KB
// of tags held as pairs would take 45 times its size.
const MaxTags = 256

// countItems counts the items ParseList would give s, up to most.
func countItems(s string, most int) int {
	n, item := 0, false
	for _, r := range s {
		switch {
		case r == ';' || r == '；':
			item = false
		case !item && !unicode.IsSpace(r):
			if n++; n >= most {
				return n
			}
			item = true
		}
	}
	return n
}

// ParseList splits a ';'-separated list (full-width '；' too), trims each item and drops
// empty ones; blank input is nil.
func ParseList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// CheckTagKey refuses a tag key no tag can have: one holding a character that splits a
// pair (=, :, ：) or separates pairs (;, ；). `--by tag:a:b` would match nothing.
func CheckTagKey(k string) error {
	if i := strings.IndexAny(k, "=:：;；"); i >= 0 {
		r, _ := utf8.DecodeRuneInString(k[i:])
		return fmt.Errorf("tag key %s holds %q, which no tag key can (it splits or separates tags)", Quote(k), r)
	}
	return nil
}
