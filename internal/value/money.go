package value

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// currencySymbols are the symbols console exports put before an amount, and the
// currencies each may stand for (¥ is both the yuan and the yen).
var currencySymbols = []struct {
	sym        string
	currencies []string
}{
	{"US$", []string{"USD"}}, {"HK$", []string{"HKD"}}, {"S$", []string{"SGD"}}, {"RMB", []string{"CNY"}},
	{"¥", []string{"CNY", "JPY"}}, {"￥", []string{"CNY", "JPY"}}, {"$", []string{"USD"}},
	{"€", []string{"EUR"}}, {"£", []string{"GBP"}},
}

// CurrencyCode is a currency of three ASCII letters in capitals, the one spelling of an
// ISO 4217 code ("usd" and "Usd" are USD); any other text is no code and stays as
// written, for the message that refuses it where a code is needed ("dollars"). It
// returns currency itself, without a copy, when it has no small letter.
func CurrencyCode(currency string) string {
	if len(currency) != 3 {
		return currency
	}
	var b [3]byte
	lower := false
	for i := range 3 {
		c := currency[i]
		switch {
		case c >= 'a' && c <= 'z':
			lower, c = true, c-'a'+'A'
		case c < 'A' || c > 'Z':
			return currency
		}
		b[i] = c
	}
	if !lower {
		return currency
	}
	return string(b[:])
}

// ParseMoney parses an amount as ParseDecimal does, also when it starts with the
// currency symbol of currency ("¥1,200.00" with CNY, "-$5" or "$-5" with USD). A symbol
// of another currency is an error that says so.
func ParseMoney(s, currency string) (decimal.Decimal, error) {
	t := strings.TrimSpace(s)
	sign := ""
	if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "+") {
		sign, t = t[:1], t[1:]
	}
	for _, c := range currencySymbols {
		rest, ok := strings.CutPrefix(t, c.sym)
		if !ok {
			continue
		}
		if !slices.Contains(c.currencies, strings.ToUpper(strings.TrimSpace(currency))) {
			return decimal.Decimal{}, fmt.Errorf("%s is in %s, but the row's currency is %s: write the amount without its symbol, in the currency of the currency column",
				Quote(s), strings.Join(c.currencies, " or "), Quote(currency))
		}
		return ParseDecimal(sign + strings.TrimSpace(rest))
	}
	return ParseDecimal(s)
}
