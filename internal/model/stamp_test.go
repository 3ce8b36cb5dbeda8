package model

import (
	"math/rand/v2"
	"testing"
	"time"
	"unsafe"
)

// A record's instants come back as they were set: the same instant, in the zone of its
// attributes (UTC without one), the zero time as the zero time; Split is Unix and
// Nanosecond, before 1970 too; times outside StampRange are refused, not wrapped.
func TestRecordTimes(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		at := func() time.Time {
			return time.Unix(r.Int64N(2*(1<<33))-(1<<33), r.Int64N(1e9)).In(time.FixedZone("x", 3600*(r.IntN(25)-12)))
		}
		start, end, deduct := at(), at(), at()
		var rec Record
		if r.IntN(2) == 0 {
			rec.RecordAttrs = &RecordAttrs{Loc: shanghai}
		}
		if !rec.SetTimes(start, end, deduct) {
			t.Fatalf("%v, %v, %v refused", start, end, deduct)
		}
		for _, c := range []struct{ got, want time.Time }{{rec.Start(), start}, {rec.End(), end}, {rec.Deduct(), deduct}} {
			if !c.got.Equal(c.want) || c.got.Location() != rec.loc() {
				t.Fatalf("%v came back as %v", c.want, c.got)
			}
		}
		s, _, _ := rec.Stamps()
		if sec, ns := s.Split(); sec != start.Unix() || int(ns) != start.Nanosecond() {
			t.Fatalf("%v splits into %d, %d", start, sec, ns)
		}
	}
	var rec Record
	if !rec.SetTimes(time.Time{}, time.Time{}, time.Time{}) || !rec.Start().IsZero() || !rec.Deduct().IsZero() {
		t.Errorf("zero times: %v, %v", rec.Start(), rec.Deduct())
	}
	for _, bad := range []time.Time{time.Date(1677, 9, 21, 0, 12, 43, 0, time.UTC), time.Date(2262, 4, 11, 23, 47, 17, 0, time.UTC),
		time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC)} {
		if _, ok := StampOf(bad); ok {
			t.Errorf("%v taken", bad)
		}
		if rec.SetDeduct(bad) || !rec.Deduct().IsZero() {
			t.Errorf("SetDeduct(%v) took it", bad)
		}
	}
	if StampRange != "1677-09-21 00:12:44 to 2262-04-11 23:47:16 UTC" {
		t.Errorf("StampRange %q", StampRange)
	}
	for _, good := range []time.Time{time.Date(1677, 9, 21, 0, 12, 44, 0, time.UTC), time.Date(2262, 4, 11, 23, 47, 16, 0, time.UTC)} {
		if s, ok := StampOf(good); !ok || !s.Time(time.UTC).Equal(good) {
			t.Errorf("%v: %v %v", good, s, ok)
		}
	}
	if n := unsafe.Sizeof(Record{}); n > 80 {
		t.Errorf("a record takes %d bytes; a million of them are most of a replay's memory", n)
	}
}
