package value

import (
	"time"

	"github.com/shopspring/decimal"
)

// Span is the exact time from one instant to another, in whole seconds and nanoseconds
// (Nanos 0…999,999,999, added to Secs), however far apart they are: a time.Duration,
// which Time.Sub gives, stops at about 292 years, and a package may be valid from year
// 1000 to 9999 (rules.md §1.7).
type Span struct {
	Secs  int64
	Nanos int32
}

// SpanOf is the span from a to b (negative when b is before a).
func SpanOf(a, b time.Time) Span {
	s, n := b.Unix()-a.Unix(), int32(b.Nanosecond()-a.Nanosecond())
	if n < 0 {
		s, n = s-1, n+1e9
	}
	return Span{Secs: s, Nanos: n}
}

// Nanoseconds is the span in nanoseconds, exact (an integer, exponent 0).
func (s Span) Nanoseconds() decimal.Decimal {
	return decimal.NewFromInt(s.Secs).Mul(decimal.New(1, 9)).Add(decimal.NewFromInt(int64(s.Nanos)))
}

// Seconds is the span in seconds, exact.
func (s Span) Seconds() decimal.Decimal {
	if s.Nanos == 0 {
		return decimal.NewFromInt(s.Secs)
	}
	return decimal.NewFromInt(s.Secs).Add(decimal.New(int64(s.Nanos), -9))
}
