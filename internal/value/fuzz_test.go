package value

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2024-01-02 15:04:05", "2024/1/2", "2024年01月02日 15:04:05",
		"2024-01-02T15:04:05.123+08:00", "2024.12.31 23:59:59 GMT+8", "2024-02-29 00:00 UTC-0530", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, dateOnly, err := ParseTime(s, shanghai)
		if fast, ok := fastStamp(s); ok {
			if slow, ok2 := scanStamp(s); !ok2 || slow != fast || err != nil {
				t.Fatalf("%q: fast path %+v disagrees with scanner %+v %v (err %v)", s, fast, slow, ok2, err)
			}
		}
		if err != nil {
			return
		}
		if got.Location() != shanghai {
			t.Fatalf("%q: location %v", s, got.Location())
		}
		end, err := ParseEnd(s, shanghai)
		if err != nil {
			t.Fatalf("%q: ParseTime ok but ParseEnd: %v", s, err)
		}
		switch d := end.Sub(got); {
		case dateOnly && (d < 23*time.Hour || d > 25*time.Hour):
			t.Fatalf("%q: date-only end %v is %v after start %v", s, end, d, got)
		case !dateOnly && d != 0 && d != time.Second:
			t.Fatalf("%q: end %v differs from %v by %v", s, end, got, d)
		}
	})
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"0", "1,234.5", "-0.001", "1e3", "NaN", "123456789012345678", ".5", "1,23",
		"0.000000000000000000000000000000000001", "1.50000000000000000000000000000000000000000", "-0001.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDecimal(s)
		if err != nil {
			return
		}
		if d.Abs().Cmp(decimal.New(1, maxIntDigits)) >= 0 {
			t.Fatalf("%q: %s has more than 18 integer digits", s, d)
		}
		if d.Exponent() < -maxFracDigits {
			t.Fatalf("%q: %s has more than %d decimals", s, d, maxFracDigits)
		}
		again, err := ParseDecimal(d.String())
		if err != nil || !again.Equal(d) {
			t.Fatalf("%q: %s does not round-trip: %s, %v", s, d, again, err)
		}
		if fd, ok := fastDecimal(s); ok {
			slow, err := cleanDecimal(s)
			if err != nil || !decimal.RequireFromString(slow).Equal(fd) {
				t.Fatalf("%q: fast %s, slow %q %v", s, fd, slow, err)
			}
		}
	})
}

func FuzzParseUnit(f *testing.F) {
	f.Add("GB", "MB", int64(15), uint8(1))
	f.Add("GB*hour", "MB·minute", int64(1), uint8(0))
	f.Add("day", "s", int64(-7), uint8(3))
	f.Add("次", "calls", int64(3), uint8(0))
	f.Add("PB × day", "B*second", int64(1), uint8(18))
	f.Fuzz(func(t *testing.T, a, b string, mant int64, places uint8) {
		ua, err := ParseUnit(a)
		if err == nil {
			if again, err := ParseUnit(ua.String()); err != nil || again != ua {
				t.Fatalf("%q: canonical %q reparses to %q, %v", a, ua, again, err)
			}
			if !SameUnit(a, a) {
				t.Fatalf("%q: not the same unit as itself", a)
			}
		}
		fwd, ok := NewConversion(a, b)
		back, okBack := NewConversion(b, a)
		if ok != okBack {
			t.Fatalf("%q↔%q: converts one way only", a, b)
		}
		if !ok {
			return
		}
		// Exact round trips need q to have at most convPlaces decimals.
		q := decimal.New(mant, -int32(places%(convPlaces+1)))
		there := fwd.Apply(q)
		if fwd.Identity() != back.Identity() {
			t.Fatalf("%q↔%q: identity one way only", a, b)
		}
		if fwd.whole || fwd.Identity() {
			if got := back.Apply(there); !got.Equal(q) {
				t.Fatalf("%s %q → %q → back = %s", q, a, b, got)
			}
		}
	})
}

func FuzzParseQuantity(f *testing.F) {
	for _, s := range []string{"100 GB", "5GB", "10,000 times", "2,920 GB*hour", "-1.5 次", "1e3 GB", "7"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, unit, err := ParseQuantity(s)
		if err != nil {
			return
		}
		again, unit2, err := ParseQuantity(q.String() + " " + unit)
		if err != nil || !again.Equal(q) || unit2 != unit {
			t.Fatalf("%q: %s %q does not round-trip: %s %q %v", s, q, unit, again, unit2, err)
		}
	})
}

// FuzzCountItems: countItems, which bounds a tag set before it is split, counts exactly
// the items ParseList gives, whatever the text (invalid UTF-8 included).
func FuzzCountItems(f *testing.F) {
	for _, s := range []string{"", "a;b", " ;；x ", "\u3000;\u00a0a", "\xff;\xfe", "k=v；k2=v2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := countItems(s, len(s)+1), len(ParseList(s)); got != want {
			t.Fatalf("countItems(%q) = %d, ParseList gives %d", s, got, want)
		}
	})
}
