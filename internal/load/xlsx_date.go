package load

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/pkgctl/pkgctl/internal/value"
)

// isoText renders a date cell (type d: ISO 8601 text, "2024-12-31T00:00:00Z") whose
// format is of kind k as dateText renders a date serial. A sheet has no zones: the
// text is the wall clock a spreadsheet shows, whatever zone designator follows it (Z,
// +08:00), never an instant in UTC. A date without time is a date alone, whatever the
// format.
func isoText(s string, k fmtKind) (string, error) {
	t, hasDate, hasTime, ok := isoWallClock(s)
	if !ok {
		return "", fmt.Errorf("date cell %s is not an ISO 8601 date or time", value.Quote(s))
	}
	if !hasTime {
		return t.Format(time.DateOnly), nil
	}
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	ms := math.Round(float64(t.Sub(day)) / float64(time.Millisecond))
	return clockText(t, k, ms, !hasDate), nil
}

// isoWallClock reads the ISO 8601 text of a date cell: a date (2006-01-02), a date and
// a time (T or a space between), or a time alone (15:04, 15:04:05, with a fraction of
// a second); a time may be followed by a zone designator, dropped. The date of a time
// alone is 1899-12-30, day 0 of a sheet's dates.
func isoWallClock(s string) (t time.Time, hasDate, hasTime, ok bool) {
	date, clock := "1899-12-30", s
	if len(s) >= len(time.DateOnly) && s[4] == '-' {
		date, clock = s[:len(time.DateOnly)], s[len(time.DateOnly):]
		if clock != "" && clock[0] != 'T' && clock[0] != ' ' {
			return time.Time{}, false, false, false
		}
		hasDate, clock = true, strings.TrimPrefix(strings.TrimPrefix(clock, "T"), " ")
		if clock == "" && len(s) > len(time.DateOnly) {
			return time.Time{}, false, false, false
		}
	}
	if clock != "" {
		hasTime = true
		if z := strings.IndexAny(clock, "Zz+-"); z >= 0 {
			clock = clock[:z]
		}
	}
	layout := time.DateOnly
	if hasTime {
		layout = time.DateOnly + "T15:04:05"
		if strings.Count(clock, ":") == 1 {
			layout = time.DateOnly + "T15:04"
		}
		date += "T" + clock
	}
	t, err := time.Parse(layout, date)
	return t, hasDate, hasTime, err == nil
}
