package value

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pkgctl/pkgctl/internal/model"
)

func TestParseTags(t *testing.T) {
	tests := []struct {
		in   string
		want model.Tags
	}{
		{"", nil},
		{"  ", nil},
		{"env=prod", model.Tags{{Key: "env", Value: "prod"}}},
		{"team=a;env=prod", model.Tags{{Key: "env", Value: "prod"}, {Key: "team", Value: "a"}}},
		{" team = a ; env:prod ;", model.Tags{{Key: "env", Value: "prod"}, {Key: "team", Value: "a"}}},
		{"owner=a,b,c", model.Tags{{Key: "owner", Value: "a,b,c"}}},
		{"url=http://x", model.Tags{{Key: "url", Value: "http://x"}}},
		{"k:a=b", model.Tags{{Key: "k", Value: "a=b"}}},
		{"k=", model.Tags{{Key: "k", Value: ""}}},
		{"部门：研发；env=dev", model.Tags{{Key: "env", Value: "dev"}, {Key: "部门", Value: "研发"}}},
		{"b=1;;a=2", model.Tags{{Key: "a", Value: "2"}, {Key: "b", Value: "1"}}},
	}
	for _, tt := range tests {
		got, err := ParseTags(tt.in)
		if err != nil {
			t.Errorf("ParseTags(%q): %v", tt.in, err)
			continue
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("ParseTags(%q) = %v, want %v", tt.in, got, tt.want)
		}
		if !slices.IsSortedFunc(got, func(a, b model.Tag) int { return strings.Compare(a.Key, b.Key) }) {
			t.Errorf("ParseTags(%q) not sorted: %v", tt.in, got)
		}
	}
}

func TestParseTagsErrors(t *testing.T) {
	tests := []struct{ in, wantErr string }{
		{"env", `tag "env" has no value`},
		{"=prod", `tag "=prod" has an empty key`},
		{" :x", "has an empty key"},
		{"env=a;env=b", `duplicate tag key "env"`},
		{"a=1,b=2;a=3", `duplicate tag key "a"`},
	}
	for _, tt := range tests {
		_, err := ParseTags(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ParseTags(%q) error = %v, want %q", tt.in, err, tt.wantErr)
		}
	}
}

func TestParseList(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{" ; ;", nil},
		{"Outbound internet traffic", []string{"Outbound internet traffic"}},
		{" a ;b;; c ", []string{"a", "b", "c"}},
		{"流量；请求", []string{"流量", "请求"}},
		{"a, b;c", []string{"a, b", "c"}},
	}
	for _, tt := range tests {
		if got := ParseList(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("ParseList(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A tag set holds at most MaxTags tags: one more is an error, found before any pair is
// split; empty pairs and separators alone do not count. countItems counts what
// ParseList gives.
func TestParseTagsAtMost(t *testing.T) {
	pairs := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, " ; k%d=v%d；", i, i)
		}
		return b.String()
	}
	if tags, err := ParseTags(pairs(MaxTags) + strings.Repeat("; ", 1000)); err != nil || len(tags) != MaxTags {
		t.Fatalf("%d tags: %d, %v", MaxTags, len(tags), err)
	}
	if _, err := ParseTags(pairs(MaxTags + 1)); err == nil || !strings.Contains(err.Error(), "more than 256 tags") {
		t.Fatalf("%d tags: %v", MaxTags+1, err)
	}
	for _, s := range []string{"", ";", " ; ；", "a", " a ;b", "a;;b；c", "\u00a0;x", pairs(300)} {
		if got, want := countItems(s, 1<<20), len(ParseList(s)); got != want {
			t.Errorf("countItems(%q) = %d, ParseList gives %d", s, got, want)
		}
	}
}
