package value

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestParseDecimal(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0", "0"},
		{"42", "42"},
		{"1234.5", "1234.5"},
		{"0.000001", "0.000001"},
		{".5", "0.5"},
		{"5.", "5"},
		{"-3.25", "-3.25"},
		{"+7", "7"},
		{"  12.50 ", "12.5"},
		{"1,234.5", "1234.5"},
		{"10,000", "10000"},
		{"-1,234,567.891", "-1234567.891"},
		{"999,999,999,999,999,999", "999999999999999999"},
		{"123456789012345678", "123456789012345678"},
		{"123456789012345678.123456789", "123456789012345678.123456789"},
		{"0000000000000000000001", "1"},
		{"0.1234567890123456789012", "0.1234567890123456789012"},
	}
	for _, tt := range tests {
		got, err := ParseDecimal(tt.in)
		if err != nil {
			t.Errorf("ParseDecimal(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(decimal.RequireFromString(tt.want)) {
			t.Errorf("ParseDecimal(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestParseDecimalErrors(t *testing.T) {
	tests := []struct{ in, wantErr string }{
		{"", "empty number"},
		{"  ", "empty number"},
		{"abc", `not a decimal number: "abc"`},
		{"1e3", `exponent not allowed: "1e3"`},
		{"2.5E-4", "exponent not allowed"},
		{"1,000e+3", "exponent not allowed"},
		{"NaN", "not a decimal number"},
		{"Inf", "not a decimal number"},
		{"-Infinity", "not a decimal number"},
		{"0x1F", "not a decimal number"},
		{"e5", "not a decimal number"},
		{".", "not a decimal number"},
		{"-", "not a decimal number"},
		{"+-1", "not a decimal number"},
		{"1.2.3", "not a decimal number"},
		{"1 234", "not a decimal number"},
		{"1_000", "not a decimal number"},
		{"$5", "not a decimal number"},
		{"1.5,0", "not a decimal number"},
		{"1,23", "invalid thousands separators"},
		{"1234,567", "invalid thousands separators"},
		{",123", "invalid thousands separators"},
		{"1,,234", "invalid thousands separators"},
		{"1,234,56", "invalid thousands separators"},
		{"1,234,", "invalid thousands separators"},
		{"1234567890123456789", "more than 18 integer digits"},
		{"-1,234,567,890,123,456,789.5", "more than 18 integer digits"},
		{"0." + strings.Repeat("1", 37), "more than 36 decimals"},
		{"1." + strings.Repeat("1", 1_000_000), "more than 36 decimals"},
		{"1." + strings.Repeat("0", 36) + "1", "more than 36 decimals"},
	}
	for _, tt := range tests {
		_, err := ParseDecimal(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ParseDecimal(%q) error = %v, want %q", tt.in, err, tt.wantErr)
		}
	}
}

// TestParseDecimalZerosBeyondLimits: zeros that change nothing are not digits against
// the limits, however many (leading ones of the integer part, trailing decimals), and
// 36 decimals are taken; the value and its scale up to 36 decimals are kept.
func TestParseDecimalZerosBeyondLimits(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{strings.Repeat("0", 1_000_000) + "123456789012345678", "123456789012345678"},
		{"1." + strings.Repeat("0", 1_000_000), "1"},
		{"-0." + strings.Repeat("1", 36), "-0." + strings.Repeat("1", 36)},
		{"2.5" + strings.Repeat("0", 40), "2.5"},
		{"007.50", "7.5"},
	} {
		got, err := ParseDecimal(tt.in)
		if err != nil || !got.Equal(decimal.RequireFromString(tt.want)) {
			t.Errorf("ParseDecimal(%.50q) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	if got, _ := ParseDecimal("2.50"); got.Exponent() != -2 {
		t.Errorf("2.50 has exponent %d, want -2 (its own decimals)", got.Exponent())
	}
	if got, _ := ParseDecimal("2.5" + strings.Repeat("0", 40)); got.Exponent() != -36 {
		t.Errorf("2.5 and 40 zeros has exponent %d, want -36", got.Exponent())
	}
}

func TestFastDecimalAgreesWithStdlib(t *testing.T) {
	for _, s := range []string{"0", "7", "12.5", "0.001", "123456789012345678", "12345678901234567.8", "100."} {
		got, ok := fastDecimal(s)
		want := decimal.RequireFromString(s)
		if !ok || !got.Equal(want) {
			t.Errorf("fastDecimal(%q) = %s, %v; want %s", s, got, ok, want)
		}
	}
}

func TestParseQuantity(t *testing.T) {
	tests := []struct{ in, want, unit string }{
		{"100", "100", ""},
		{" 100 ", "100", ""},
		{"100 GB", "100", "GB"},
		{"5GB", "5", "GB"},
		{"10,000 times", "10000", "times"},
		{"2,920 GB*hour", "2920", "GB*hour"},
		{"1.5  GB · hour ", "1.5", "GB · hour"},
		{"-2.5 次", "-2.5", "次"},
		{".5 TB", "0.5", "TB"},
		{"3 API calls", "3", "API calls"},
		{"0B", "0", "B"},
		{"0Bytes", "0", "Bytes"},
	}
	for _, tt := range tests {
		q, unit, err := ParseQuantity(tt.in)
		if err != nil {
			t.Errorf("ParseQuantity(%q): %v", tt.in, err)
			continue
		}
		if !q.Equal(decimal.RequireFromString(tt.want)) || unit != tt.unit {
			t.Errorf("ParseQuantity(%q) = %s %q, want %s %q", tt.in, q, unit, tt.want, tt.unit)
		}
	}
}

func TestParseQuantityErrors(t *testing.T) {
	tests := []struct{ in, wantErr string }{
		{"", "empty quantity"},
		{"GB", `not a quantity: "GB"`},
		{"- GB", "not a quantity"},
		{"1e3", "exponent not allowed"},
		{"1e3 GB", "exponent not allowed"},
		{"1E+3GB", "exponent not allowed"},
		{"NaN", "not a quantity"},
		{"1,23 GB", "invalid thousands separators"},
		{"1.2.3 GB", "not a decimal number"},
		{"1234567890123456789 GB", "more than 18 integer digits"},
		{"100 200", "not a quantity"},
		{"5 .5 GB", "not a quantity"},
		{"1 - 2", "not a quantity"},
		{"1 ,000", "not a quantity"},
		{"5 -GB", "not a quantity"},
		{"5-GB", "not a quantity"},
		{"5 +GB", "not a quantity"},
		{"5 ０GB", "not a quantity"},
		{"5 ５", "not a quantity"},
		{"5 －GB", "not a quantity"},
		{"0x10", "hexadecimal, octal or binary literal"},
		{"0XfF GB", "hexadecimal, octal or binary literal"},
		{"-0x1", "hexadecimal, octal or binary literal"},
		{"0o17", "hexadecimal, octal or binary literal"},
		{"0b101", "hexadecimal, octal or binary literal"},
	}
	for _, tt := range tests {
		_, _, err := ParseQuantity(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ParseQuantity(%q) error = %v, want %q", tt.in, err, tt.wantErr)
		}
	}
}

func BenchmarkParseDecimalFast(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseDecimal("1234.5678"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseDecimalGrouped(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseDecimal(" -1,234,567.891 "); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecimalNewFromString(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decimal.NewFromString("1234.5678"); err != nil {
			b.Fatal(err)
		}
	}
}
