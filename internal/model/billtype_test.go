package model

import (
	"strings"
	"testing"
)

// ParseBillType takes every label as written, and as a text attribute compares it
// (case, outer and repeated spaces); nothing else.
func TestParseBillType(t *testing.T) {
	for i, l := range billTypeLabels {
		for _, s := range []string{l, strings.ToUpper(l), "  " + strings.ToLower(l) + " ", strings.ReplaceAll(l, " ", "  ")} {
			if b, ok := ParseBillType(s); !ok || b != BillType(i) {
				t.Errorf("ParseBillType(%q) = %v, %v; want %v", s, b, ok, BillType(i))
			}
		}
	}
	for _, s := range []string{"", "Expenditure", "Expenditure-purchase!", "used"} {
		if b, ok := ParseBillType(s); ok {
			t.Errorf("ParseBillType(%q) = %v: want no bill type", s, b)
		}
	}
}
