package testkit

import (
	"time"
	_ "time/tzdata" // the zone database, so tests run on machines without one

	"github.com/shopspring/decimal"
)

// Shanghai is Asia/Shanghai (GMT+08:00, no daylight saving).
var Shanghai = MustZone("Asia/Shanghai")

// MustZone loads a zone by IANA name.
func MustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// At parses "2006-01-02 15:04:05", "2006-01-02 15:04" or "2006-01-02" in Asia/Shanghai.
func At(s string) time.Time {
	for _, layout := range []string{time.DateTime, "2006-01-02 15:04", time.DateOnly} {
		if t, err := time.ParseInLocation(layout, s, Shanghai); err == nil {
			return t
		}
	}
	panic("testkit: bad time " + s)
}

// Dec parses a decimal literal.
func Dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }
