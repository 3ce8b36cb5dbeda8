package reference

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
)

// Config is what the rules depend on besides the input: the configured zone, the money
// precision, the usage-based switch (rules: Amortization) and the as-of instant.
type Config struct {
	Loc                *time.Location
	Precision          int32
	UsageBasedFrom     time.Time
	UsageBasedProducts []string
	AsOf               time.Time // an instant; records deducted after it are not replayed
}

// DefaultUsageBasedProducts are the products that may be amortized by usage when the
// configuration names none.
var DefaultUsageBasedProducts = []string{"OCR", "CDN", "APM", "OBS", "VPC", "SFS", "ROMA Connect"}

// Input is a loaded export pair.
type Input struct {
	Packages []model.Package
	Records  []model.Record
}

// day is the midnight (in the configured zone) of the calendar day holding t: the
// midnight of t's date, or of the date before when that midnight is after t (an hour the
// zone repeats across midnight lies before the later 00:00: America/Havana).
func (c *Config) day(t time.Time) time.Time {
	l := t.In(c.Loc)
	m := wall(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, c.Loc)
	if t.Before(m) {
		m = wall(l.Year(), l.Month(), l.Day()-1, 0, 0, 0, 0, c.Loc)
	}
	return m
}

// dayBefore is the day of the last instant before t: the day an instant "closes"
// (a deduction at 00:00:00 belongs to the previous day; as-of 2024-02-01 00:00 is
// January 31). Rules: Command line › Day filters (the bill-date rule).
func (c *Config) dayBefore(t time.Time) time.Time {
	return c.day(t.Add(-time.Nanosecond))
}

// nextDay is the midnight after day d.
func (c *Config) nextDay(d time.Time) time.Time {
	return wall(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, c.Loc)
}

// asOfDay is the as-of day: bills are produced for dates up to it.
func (c *Config) asOfDay() time.Time { return c.dayBefore(c.AsOf) }

// reached reports whether instant t is at or before as-of.
func (c *Config) reached(t time.Time) bool { return !t.After(c.AsOf) }

// round rounds an amount to the money precision, half away from zero.
func (c *Config) round(d decimal.Decimal) decimal.Decimal { return d.Round(c.Precision) }
