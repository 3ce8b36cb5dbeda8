package value

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestParseUnit(t *testing.T) {
	tests := []struct{ in, want string }{
		{"GB", "GB"}, {"gb", "GB"}, {" Gb ", "GB"}, {"GiB", "GB"}, {"gigabytes", "GB"},
		{"B", "B"}, {"bytes", "B"}, {"字节", "B"}, {"KB", "KB"}, {"MB", "MB"}, {"TB", "TB"}, {"PB", "PB"},
		{"s", "second"}, {"sec", "second"}, {"Seconds", "second"}, {"秒", "second"},
		{"min", "minute"}, {"minutes", "minute"}, {"分钟", "minute"},
		{"h", "hour"}, {"hr", "hour"}, {"Hours", "hour"}, {"小时", "hour"},
		{"d", "day"}, {"day", "day"}, {"days", "day"}, {"天", "day"},
		{"time", "times"}, {"Times", "times"}, {"次", "times"}, {"次数", "times"},
		{"call", "calls"}, {"calls", "calls"}, {"request", "requests"}, {"Requests", "requests"},
		{"GB*hour", "GB*hour"}, {"gb * hours", "GB*hour"}, {"GB·h", "GB*hour"}, {"GB×Hour", "GB*hour"},
		{"GB⋅hour", "GB*hour"}, {"vCPU*hour", "vcpu*hour"},
		{"Instance", "instance"}, {"  API   Calls ", "api calls"}, {"GB/hour", "gb/hour"}, {"个", "个"},
	}
	for _, tt := range tests {
		u, err := ParseUnit(tt.in)
		if err != nil {
			t.Errorf("ParseUnit(%q): %v", tt.in, err)
			continue
		}
		if u.String() != tt.want {
			t.Errorf("ParseUnit(%q) = %q, want %q", tt.in, u, tt.want)
		}
	}
}

func TestParseUnitErrors(t *testing.T) {
	for _, in := range []string{"", "  ", "*", "GB*", "*hour", "GB* ", "GB**hour", "GB*hour*day"} {
		if u, err := ParseUnit(in); err == nil {
			t.Errorf("ParseUnit(%q) = %q, want error", in, u)
		}
	}
}

func TestSameUnit(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"GB", "gb", true}, {"hour", "hours", true}, {"GB*hour", "gb × hours", true},
		{"次", "times", true}, {"Instance", " instance ", true}, {"", "", true},
		{"GB", "MB", false}, {"times", "calls", false}, {"GB*hour", "hour*GB", false},
		{"GB", "", false}, {"instance", "instances", false},
	}
	for _, tt := range tests {
		if got := SameUnit(tt.a, tt.b); got != tt.want {
			t.Errorf("SameUnit(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestConversion(t *testing.T) {
	tests := []struct {
		from, to, q, want string
	}{
		{"GB", "MB", "1.5", "1536"},
		{"MB", "GB", "512", "0.5"},
		{"TB", "GB", "2", "2048"},
		{"PB", "B", "1", "1125899906842624"},
		{"B", "KB", "1", "0.0009765625"},
		{"KB", "GB", "1", "0.000000953674316406"}, // 1/1048576 rounded to 18 places
		{"hour", "minute", "2", "120"},
		{"minute", "hour", "1", "0.016666666666666667"}, // half away from zero
		{"minute", "hour", "-1", "-0.016666666666666667"},
		{"day", "hours", "1.5", "36"},
		{"seconds", "day", "43200", "0.5"},
		{"times", "calls", "7", "7"},
		{"次", "requests", "7", "7"},
		{"GB*hour", "MB*minute", "1", "61440"},
		{"GB*day", "GB*hour", "2", "48"},
		{"MB·second", "GB × hour", "3686400", "1"},
		{"vCPU*hour", "vcpu*minutes", "1", "60"},
		{"Instance", "instance", "3", "3"},
		{"PB*day", "B*second", "1", "97277751951202713600"},
	}
	for _, tt := range tests {
		c, ok := NewConversion(tt.from, tt.to)
		if !ok {
			t.Errorf("NewConversion(%q, %q): no conversion", tt.from, tt.to)
			continue
		}
		got := c.Apply(decimal.RequireFromString(tt.q))
		if !got.Equal(decimal.RequireFromString(tt.want)) {
			t.Errorf("%s %s → %s = %s, want %s", tt.q, tt.from, tt.to, got, tt.want)
		}
	}
}

func TestConversionRefused(t *testing.T) {
	pairs := [][2]string{
		{"GB", "hour"}, {"GB", "times"}, {"hour", "calls"}, {"GB", "GB*hour"},
		{"GB*hour", "hour*GB"}, {"instance", "instances"}, {"vCPU*hour", "core*hour"},
		{"", "GB"}, {"GB", ""}, {"GB*", "GB"},
	}
	for _, p := range pairs {
		if _, ok := NewConversion(p[0], p[1]); ok {
			t.Errorf("NewConversion(%q, %q) converts, want refused", p[0], p[1])
		}
	}
}

func TestConversionIdentity(t *testing.T) {
	for _, p := range [][2]string{{"GB", "gb"}, {"times", "calls"}, {"x", "X"}, {"GB*h", "gb*hours"}} {
		c, ok := NewConversion(p[0], p[1])
		if !ok || !c.Identity() {
			t.Errorf("NewConversion(%q, %q) = %+v, %v; want identity", p[0], p[1], c, ok)
		}
	}
	if c, _ := NewConversion("GB", "MB"); c.Identity() {
		t.Error("GB → MB must not be the identity")
	}
	var zero Conversion
	q := decimal.RequireFromString("12.34")
	if !zero.Identity() || !zero.Apply(q).Equal(q) {
		t.Error("the zero Conversion must be the identity")
	}
}
