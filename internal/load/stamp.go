package load

import (
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/value"
)

// hourEntry is the start of one local hour of a zone, for the fast path of valueCache.time.
type hourEntry struct {
	key   int64     // yyyymmddhh; 0 for an empty entry
	start time.Time // value.ParseTime of "yyyy-mm-dd hh:00:00"
	ok    bool      // no zone transition within a day of the hour: start+m:s is exact
	stamp model.Stamp
	fast  bool // ok, and the whole hour is inside what a Stamp holds: stamp is start's
}

// stamp parses the common "2006-01-02 15:04:05" as its hour's start plus minutes and
// seconds. That is what time.Date computes when the zone's offset is the same for a day
// around the hour (hourEntry.ok); any other text, or a time near a zone transition, is
// left to value.ParseTime (ok false).
func (c *valueCache) stamp(s string, loc *time.Location) (time.Time, bool) {
	e, secs := c.hour(s, loc)
	if e == nil || !e.ok {
		return time.Time{}, false
	}
	return e.start.Add(time.Duration(secs) * time.Second), true
}

// fastStamp is model.StampOf of what stamp returns, without a time.Time, when the
// hour is inside what a Stamp holds (ok false otherwise, and where stamp's is).
func (c *valueCache) fastStamp(s string, loc *time.Location) (model.Stamp, bool) {
	e, secs := c.hour(s, loc)
	if e == nil || !e.fast {
		return 0, false
	}
	return e.stamp + model.Stamp(secs)*model.Stamp(time.Second), true
}

// hour returns the entry of the hour of s, "2006-01-02 15:04:05", and the seconds
// after it; nil for any other text.
func (c *valueCache) hour(s string, loc *time.Location) (*hourEntry, int) {
	if len(s) != 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return nil, 0
	}
	var key int64
	for _, i := range [...]int{0, 1, 2, 3, 5, 6, 8, 9, 11, 12} {
		d := s[i] - '0'
		if d > 9 {
			return nil, 0
		}
		key = key*10 + int64(d)
	}
	mi, ok1 := twoDigits(s[14], s[15])
	sec, ok2 := twoDigits(s[17], s[18])
	if !ok1 || !ok2 || mi > 59 || sec > 59 || key == 0 {
		return nil, 0
	}
	e := &c.hours[key&255]
	if e.key != key {
		*e = hourStart(key, s[:13], loc)
	}
	return e, mi*60 + sec
}

// hourStart computes the entry of the hour "yyyy-mm-dd hh" (key).
func hourStart(key int64, hour string, loc *time.Location) hourEntry {
	e := hourEntry{key: key}
	t, _, err := value.ParseTime(hour+":00:00", loc)
	if err != nil {
		return e
	}
	from, to := t.ZoneBounds()
	e.start = t
	e.ok = (from.IsZero() || !from.After(t.Add(-24*time.Hour))) && (to.IsZero() || !to.Before(t.Add(25*time.Hour)))
	var ok1, ok2 bool
	e.stamp, ok1 = model.StampOf(t)
	_, ok2 = model.StampOf(t.Add(time.Hour))
	e.fast = e.ok && ok1 && ok2
	return e
}

func twoDigits(a, b byte) (int, bool) {
	a, b = a-'0', b-'0'
	return int(a)*10 + int(b), a <= 9 && b <= 9
}
