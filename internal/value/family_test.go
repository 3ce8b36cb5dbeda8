package value

import "testing"

func TestReferenceUnit(t *testing.T) {
	tests := []struct{ in, want string }{
		{"GB", "GB"}, {"tb", "GB"}, {"KB", "GB"}, {"minute", "hour"}, {"天", "hour"},
		{"calls", "times"}, {"requests", "times"}, {"次", "times"},
		{"TB*minute", "GB*hour"}, {"GB*hour", "GB*hour"}, {"vCPU*hours", "vcpu*hour"},
		{"Instance", "instance"}, {"GB/hour", "gb/hour"},
	}
	for _, tt := range tests {
		got, ok := ReferenceUnit(tt.in)
		if !ok || got != tt.want {
			t.Errorf("ReferenceUnit(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
			continue
		}
		if _, ok := NewConversion(tt.in, got); !ok {
			t.Errorf("%q does not convert to its reference %q", tt.in, got)
		}
	}
	if _, ok := ReferenceUnit(" "); ok {
		t.Error("a blank unit has a reference")
	}
}
