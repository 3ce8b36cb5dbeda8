package value

import (
	"strings"
	"testing"
)

// A currency symbol is read when it agrees with the row's currency, and otherwise
// refused with a message that says what is wrong.
func TestParseMoney(t *testing.T) {
	for _, c := range []struct{ in, cur, want, err string }{
		{"¥1,200.00", "CNY", "1200", ""},
		{"￥1,200.00", "JPY", "1200", ""},
		{"$5.5", "usd", "5.5", ""},
		{"-$5", "USD", "-5", ""},
		{"US$ 7", "USD", "7", ""},
		{"€3", "EUR", "3", ""},
		{"1,200.00", "CNY", "1200", ""},
		{"¥1,200.00", "USD", "", `"¥1,200.00" is in CNY or JPY, but the row's currency is "USD"`},
		{"£x", "GBP", "", "not a decimal number"},
	} {
		d, err := ParseMoney(c.in, c.cur)
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%s %s: %v, want error %q", c.in, c.cur, err, c.err)
		case c.err == "" && (err != nil || d.String() != c.want):
			t.Errorf("%s %s: %s, %v; want %s", c.in, c.cur, d, err, c.want)
		}
	}
}

func TestCurrencyCode(t *testing.T) {
	for in, want := range map[string]string{"usd": "USD", "Usd": "USD", "USD": "USD", "cNy": "CNY", "": "",
		"dollars": "dollars", "us$": "us$", "usdx": "usdx", "ÿsd": "ÿsd", "u d": "u d"} {
		if got := CurrencyCode(in); got != want {
			t.Errorf("CurrencyCode(%q) = %q, want %q", in, got, want)
		}
	}
}
