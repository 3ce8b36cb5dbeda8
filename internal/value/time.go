package value

import (
	"cmp"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// stamp is a timestamp as written, before it is placed on the time line.
type stamp struct {
	y, mo, d, h, mi, sec, ns int
	dateOnly                 bool
	hasZone                  bool
	off                      int // zone offset, seconds east of UTC
}

// ParseTime parses a timestamp of rules.md §1.5: "2006-01-02 15:04:05", "2006-01-02 15:04",
// "2006-01-02T15:04:05", "/" or "." as date separators with one- or two-digit month and
// day, Chinese "2006年01月02日 15:04:05", each with optional fractional seconds and an
// optional zone suffix ("Z", "+08:00", "+0800", "GMT+08:00", "UTC+8"). A bare date
// ("2006-01-02") is the start of that day and sets dateOnly. A value without a zone is
// read in loc; the result is always in loc. The common "2006-01-02 15:04:05" form is
// parsed without allocating.
func ParseTime(s string, loc *time.Location) (t time.Time, dateOnly bool, err error) {
	st, err := parseStamp(s)
	if err != nil {
		return time.Time{}, false, err
	}
	return st.in(loc), st.dateOnly, nil
}

// ParseEnd parses an expiration_time as the exclusive end instant: a date-only value or a
// time of exactly 23:59:59 means the end of that day (the next day's 00:00:00); any
// other value is taken literally.
func ParseEnd(s string, loc *time.Location) (time.Time, error) {
	st, err := parseStamp(s)
	if err != nil {
		return time.Time{}, err
	}
	t := st.in(loc)
	switch {
	case st.dateOnly:
		return Wall(st.y, time.Month(st.mo), st.d+1, 0, 0, 0, 0, loc), nil
	case st.h == 23 && st.mi == 59 && st.sec == 59 && st.ns == 0:
		return t.Add(time.Second), nil
	}
	return t, nil
}

// ParseAsOf parses an --as-of instant: a date-only value means the end of that day (the
// next day's 00:00:00); any other value is taken literally.
func ParseAsOf(s string, loc *time.Location) (time.Time, error) {
	st, err := parseStamp(s)
	if err != nil {
		return time.Time{}, err
	}
	if st.dateOnly {
		return Wall(st.y, time.Month(st.mo), st.d+1, 0, 0, 0, 0, loc), nil
	}
	return st.in(loc), nil
}

// in places the stamp on the time line: in loc when it has no zone of its own.
func (st stamp) in(loc *time.Location) time.Time {
	if !st.hasZone {
		return Wall(st.y, time.Month(st.mo), st.d, st.h, st.mi, st.sec, st.ns, loc)
	}
	u := time.Date(st.y, time.Month(st.mo), st.d, st.h, st.mi, st.sec, st.ns, time.UTC)
	return u.Add(-time.Duration(st.off) * time.Second).In(loc)
}

// yearLast matches a date written day and month first (US 01/31/2024, European
// 31.01.2024), with or without a time.
var yearLast = regexp.MustCompile(`^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(\s|$)`)

// parseStamp reads s, trying the allocation-free fast path first.
func parseStamp(s string) (stamp, error) {
	if st, ok := fastStamp(s); ok {
		return st, nil
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return stamp{}, fmt.Errorf("empty timestamp")
	}
	st, ok := scanStamp(t)
	if !ok {
		if yearLast.MatchString(t) {
			return stamp{}, fmt.Errorf("not a timestamp: %s: a date with the year last is ambiguous (01/02/2024 is January 2 in the US, "+
				"February 1 elsewhere) and is not read; write the year first, e.g. 2024-01-31, or save the column as dates in the spreadsheet", Quote(s))
		}
		return stamp{}, fmt.Errorf("not a timestamp: %s (want e.g. 2006-01-02 15:04:05)", Quote(s))
	}
	if why := st.check(); why != "" {
		return stamp{}, fmt.Errorf("invalid timestamp %s: %s", Quote(s), why)
	}
	return st, nil
}

// check validates the ranges of the fields and returns the problem, or "".
func (st stamp) check() string {
	switch {
	case st.y > 10000:
		return "year out of range (the last is 10000: a validity ending in 9999 reaches it in another time zone)"
	case st.mo < 1 || st.mo > 12:
		return "month out of range"
	case st.d < 1 || st.d > daysIn(st.y, st.mo):
		return "day out of range"
	case st.h > 23:
		return "hour out of range"
	case st.mi > 59:
		return "minute out of range"
	case st.sec > 59:
		return "second out of range"
	case st.off > 18*3600 || st.off < -18*3600:
		return "zone offset out of range"
	}
	return ""
}

// daysIn returns the number of days of month mo (1-12) of year y.
func daysIn(y, mo int) int {
	switch mo {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// CompareDated compares two day or month texts (2006-01-02, 2006-01) in date order: a
// year of five digits (10000-01, where a validity ending in 9999 reaches past midnight)
// after every year of four.
func CompareDated(a, b string) int {
	if len(a) != len(b) {
		return cmp.Compare(len(a), len(b))
	}
	return strings.Compare(a, b)
}
