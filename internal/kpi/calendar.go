package kpi

import (
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

// calendar names the billing cycle (YYYY-MM) of an instant by the bill-date rule: the
// cycle of the day of the last instant before it, so 2024-02-01 00:00:00 closes
// January. It remembers the last cycle it named: instants met in order (records in
// replay order, a package's periods) are named without formatting.
type calendar struct {
	loc    *time.Location
	lo, hi time.Time // the cycle remembered holds the instants in (lo, hi]
	sLo    model.Stamp
	sHi    model.Stamp
	name   string
	// Epoch changes whenever the cycle remembered does: what a caller derived from the
	// last name stays valid while it is the same.
	epoch int
}

func newCalendar(loc *time.Location) *calendar {
	return &calendar{loc: loc, sLo: 1, sHi: 0}
}

// month is the cycle of instant t.
func (c *calendar) month(t time.Time) string {
	if c.name != "" && t.After(c.lo) && !t.After(c.hi) {
		return c.name
	}
	c.set(t)
	return c.name
}

// monthStamp is the cycle of a record's instant s.
func (c *calendar) monthStamp(s model.Stamp) string {
	if s > c.sLo && s <= c.sHi {
		return c.name
	}
	c.set(s.Time(c.loc))
	return c.name
}

// set remembers the cycle of t.
func (c *calendar) set(t time.Time) {
	y, m, _ := value.DayOf(t.Add(-time.Nanosecond), c.loc)
	c.lo = value.Wall(y, m, 1, 0, 0, 0, 0, c.loc)
	c.hi = value.Wall(y, m+1, 1, 0, 0, 0, 0, c.loc)
	c.name = c.lo.Format("2006-01")
	c.epoch++
	c.sLo, c.sHi = 1, 0 // empty unless both bounds are stamps
	if lo, ok := model.StampOf(c.lo); ok {
		if hi, ok := model.StampOf(c.hi); ok {
			c.sLo, c.sHi = lo, hi
		}
	}
}
