package present

import (
	"fmt"
	"strings"
	"time"

	"github.com/pkgctl/pkgctl/internal/report"
	"github.com/pkgctl/pkgctl/internal/value"
)

// DayRange parses the days (or times) given to the flags named fromFlag and toFlag
// ("" = open) into the instants [from, to) in loc: to is the end of its day (a time, as
// --as-of reads it). from must come before to.
func DayRange(loc *time.Location, fromFlag, fromS, toFlag, toS string) (from, to time.Time, err error) {
	bad := func(format string, a ...any) error { return &report.UsageError{Msg: fmt.Sprintf(format, a...)} }
	if fromS != "" {
		if from, _, err = value.ParseTime(fromS, loc); err != nil {
			return from, to, bad("%s: %v", fromFlag, err)
		}
	}
	if toS != "" {
		if to, err = value.ParseAsOf(toS, loc); err != nil {
			return from, to, bad("%s: %v", toFlag, err)
		}
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return from, to, bad("%s %s is not before %s %s", fromFlag, fromS, toFlag, toS)
	}
	return from, to, nil
}

// BillDays turns --month, or --from and --to, into the first and last bill days
// (inclusive; zero = open) in loc.
func BillDays(loc *time.Location, month, fromS, toS string) (from, to time.Time, err error) {
	if month != "" && (fromS != "" || toS != "") {
		return from, to, &report.UsageError{Msg: "--month and --from/--to exclude each other"}
	}
	if month != "" {
		m, err := time.Parse("2006-01", month)
		if rest, ok := strings.CutPrefix(month, "10000-"); ok && err != nil { // the year an instant ends in last (rules.md §1.5)
			if mm, perr := time.Parse("01", rest); perr == nil {
				m, err = time.Date(10000, mm.Month(), 1, 0, 0, 0, 0, time.UTC), nil
			}
		}
		if err != nil {
			return from, to, &report.UsageError{Msg: fmt.Sprintf("--month %q: want YYYY-MM", month)}
		}
		return value.Wall(m.Year(), m.Month(), 1, 0, 0, 0, 0, loc), value.Wall(m.Year(), m.Month()+1, 0, 0, 0, 0, 0, loc), nil
	}
	if from, to, err = DayRange(loc, "--from", fromS, "--to", toS); err == nil && !to.IsZero() {
		// the day of --to's last instant before it: a date's own day (its end is the next
		// midnight), a time's day (2025-02-14 10:00:00 keeps the bills of 02-14)
		to = value.Midnight(to.Add(-time.Nanosecond), loc, 0)
	}
	return from, to, err
}
