package value

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // tests must not depend on the machine's zone files
)

var shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func TestParseTime(t *testing.T) {
	sh := func(y, mo, d, h, mi, s, ns int) time.Time {
		return time.Date(y, time.Month(mo), d, h, mi, s, ns, shanghai)
	}
	tests := []struct {
		in       string
		want     time.Time
		dateOnly bool
	}{
		{"2024-01-02 15:04:05", sh(2024, 1, 2, 15, 4, 5, 0), false},
		{"  2024-01-02 15:04:05\t", sh(2024, 1, 2, 15, 4, 5, 0), false},
		{"2024-01-02 15:04", sh(2024, 1, 2, 15, 4, 0, 0), false},
		{"2024-01-02T15:04:05", sh(2024, 1, 2, 15, 4, 5, 0), false},
		{"2024-01-02t15:04:05", sh(2024, 1, 2, 15, 4, 5, 0), false},
		{"2024-01-02", sh(2024, 1, 2, 0, 0, 0, 0), true},
		{"2024/01/02", sh(2024, 1, 2, 0, 0, 0, 0), true},
		{"2024.01.02", sh(2024, 1, 2, 0, 0, 0, 0), true},
		{"2024/1/2", sh(2024, 1, 2, 0, 0, 0, 0), true},
		{"2024-1-2 9:05", sh(2024, 1, 2, 9, 5, 0, 0), false},
		{"2024/1/2 15:04:05", sh(2024, 1, 2, 15, 4, 5, 0), false},
		{"2024.12.31 23:59:59", sh(2024, 12, 31, 23, 59, 59, 0), false},
		{"2024年01月02日 15:04:05", sh(2024, 1, 2, 15, 4, 5, 0), false},
		{"2024年1月2日15:04", sh(2024, 1, 2, 15, 4, 0, 0), false},
		{"2024年01月02日", sh(2024, 1, 2, 0, 0, 0, 0), true},
		{"2024-01-02 15:04:05.5", sh(2024, 1, 2, 15, 4, 5, 500000000), false},
		{"2024-01-02 15:04:05,123456789", sh(2024, 1, 2, 15, 4, 5, 123456789), false},
		{"2024-01-02 07:04:05Z", sh(2024, 1, 2, 15, 4, 5, 0), false},
		{"2024-01-02T07:04:05z", sh(2024, 1, 2, 15, 4, 5, 0), false},
		{"2024-01-02T15:04:05+08:00", sh(2024, 1, 2, 15, 4, 5, 0), false},
		{"2024-01-02T15:04:05.250+08:00", sh(2024, 1, 2, 15, 4, 5, 250000000), false},
		{"2024-01-02 15:04:05+0800", sh(2024, 1, 2, 15, 4, 5, 0), false},
		{"2024-01-02 15:04:05 +08:00", sh(2024, 1, 2, 15, 4, 5, 0), false},
		{"2024-01-02 15:04:05 GMT+08:00", sh(2024, 1, 2, 15, 4, 5, 0), false},
		{"2024-01-02 15:04:05GMT+08:00", sh(2024, 1, 2, 15, 4, 5, 0), false},
		{"2024-01-02 15:04:05 UTC+8", sh(2024, 1, 2, 15, 4, 5, 0), false},
		{"2024-01-02 15:04:05UTC+8", sh(2024, 1, 2, 15, 4, 5, 0), false},
		{"2024-01-02 15:04:05 GMT+8", sh(2024, 1, 2, 15, 4, 5, 0), false},
		{"2024-01-02 15:04:05 gmt + 8", sh(2024, 1, 2, 15, 4, 5, 0), false},
		{"2024-01-02 07:04:05 UTC", sh(2024, 1, 2, 15, 4, 5, 0), false},
		{"2024-01-02 07:04:05 GMT", sh(2024, 1, 2, 15, 4, 5, 0), false},
		{"2024-01-02 02:04:05-05:00", sh(2024, 1, 2, 15, 4, 5, 0), false},
		{"2024-01-02 02:04:05 UTC-5", sh(2024, 1, 2, 15, 4, 5, 0), false},
		{"2024-01-01 22:04:05 -1700", sh(2024, 1, 2, 23, 4, 5, 0), false},
		{"2024-02-29 00:00:00", sh(2024, 2, 29, 0, 0, 0, 0), false},
		{"2000-02-29", sh(2000, 2, 29, 0, 0, 0, 0), true},
	}
	for _, tt := range tests {
		got, dateOnly, err := ParseTime(tt.in, shanghai)
		if err != nil {
			t.Errorf("ParseTime(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) || dateOnly != tt.dateOnly {
			t.Errorf("ParseTime(%q) = %v, %v; want %v, %v", tt.in, got, dateOnly, tt.want, tt.dateOnly)
		}
		if got.Location() != shanghai {
			t.Errorf("ParseTime(%q) location = %v, want Asia/Shanghai", tt.in, got.Location())
		}
	}
}

func TestParseTimeErrors(t *testing.T) {
	tests := []struct{ in, wantErr string }{
		{"", "empty timestamp"},
		{"   ", "empty timestamp"},
		{"yesterday", "not a timestamp"},
		{"24-01-02", "not a timestamp"},
		{"2024-01", "not a timestamp"},
		{"2024-01/02", "not a timestamp"},
		{"2024-01-02 15", "not a timestamp"},
		{"2024-01-02 15:4", "not a timestamp"},
		{"2024-01-02 15:04:5", "not a timestamp"},
		{"2024-01-02 15:04:05.", "not a timestamp"},
		{"2024-01-02 15:04:05.1234567890", "not a timestamp"},
		{"2024-01-0215:04:05", "not a timestamp"},
		{"2024-01-02 15:04:05 PST", "not a timestamp"},
		{"2024-01-02 15:04:05 +8:00x", "not a timestamp"},
		{"2024-01-02 15:04:05+08:60", "not a timestamp"},
		{"2024年01月02 15:04", "not a timestamp"},
		{"2024-13-01", "month out of range"},
		{"2024-00-01 00:00:00", "month out of range"},
		{"2023-02-29", "day out of range"},
		{"2024-04-31 00:00:00", "day out of range"},
		{"2024-01-00", "day out of range"},
		{"2024-01-02 24:00:00", "hour out of range"},
		{"2024-01-02 23:60:00", "minute out of range"},
		{"2024-01-02 23:59:60", "second out of range"},
		{"2024-01-02 10:00:00 UTC+19", "zone offset out of range"},
	}
	for _, tt := range tests {
		_, _, err := ParseTime(tt.in, shanghai)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ParseTime(%q) error = %v, want %q", tt.in, err, tt.wantErr)
		}
	}
}

func TestParseTimeConvertsToLoc(t *testing.T) {
	ny := mustZone("America/New_York")
	got, _, err := ParseTime("2024-07-01 12:00:00+08:00", ny)
	if err != nil {
		t.Fatal(err)
	}
	if got.Location() != ny || got.Hour() != 0 || got.Day() != 1 {
		t.Errorf("got %v, want 2024-07-01 00:00 in New York", got)
	}
	utc, _, _ := ParseTime("2024-07-01 12:00:00", time.UTC)
	if !utc.Equal(time.Date(2024, 7, 1, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("no zone must mean loc: got %v", utc)
	}
}

func TestParseEnd(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-12-31", "2025-01-01 00:00:00"},
		{"2024/2/28", "2024-02-29 00:00:00"},
		{"2024-12-31 23:59:59", "2025-01-01 00:00:00"},
		{"2024-12-31T23:59:59+08:00", "2025-01-01 00:00:00"},
		{"2024-12-31 15:59:59Z", "2024-12-31 23:59:59"},  // 23:59:59 only as written
		{"2024-12-31 23:59:59.5", "2024-12-31 23:59:59"}, // fraction: literal (prints seconds)
		{"2024-12-31 23:59", "2024-12-31 23:59:00"},
		{"2024-12-31 00:00:00", "2024-12-31 00:00:00"},
		{"2025-06-28 12:00:00", "2025-06-28 12:00:00"},
	}
	for _, tt := range tests {
		got, err := ParseEnd(tt.in, shanghai)
		if err != nil {
			t.Errorf("ParseEnd(%q): %v", tt.in, err)
			continue
		}
		if s := got.Format(time.DateTime); s != tt.want || got.Location() != shanghai {
			t.Errorf("ParseEnd(%q) = %s (%v), want %s", tt.in, s, got.Location(), tt.want)
		}
	}
	if _, err := ParseEnd("soon", shanghai); err == nil {
		t.Error("ParseEnd(soon): want error")
	}
}

func TestParseAsOf(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-12-31", "2025-01-01 00:00:00"},
		{"2024年02月29日", "2024-03-01 00:00:00"},
		{"2024-12-31 23:59:59", "2024-12-31 23:59:59"},
		{"2024-12-31 10:00", "2024-12-31 10:00:00"},
	}
	for _, tt := range tests {
		got, err := ParseAsOf(tt.in, shanghai)
		if err != nil {
			t.Errorf("ParseAsOf(%q): %v", tt.in, err)
			continue
		}
		if s := got.Format(time.DateTime); s != tt.want {
			t.Errorf("ParseAsOf(%q) = %s, want %s", tt.in, s, tt.want)
		}
	}
	if _, err := ParseAsOf("2024-02-30", shanghai); err == nil {
		t.Error("ParseAsOf(2024-02-30): want error")
	}
}

func TestParseEndDST(t *testing.T) {
	ny := mustZone("America/New_York")
	got, err := ParseEnd("2024-03-09", ny) // next day is the DST switch day: midnight exists
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 3, 10, 0, 0, 0, 0, ny); !got.Equal(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestFastPathAllocs(t *testing.T) {
	n := testing.AllocsPerRun(100, func() {
		if _, _, err := ParseTime("2024-01-02 15:04:05", shanghai); err != nil {
			t.Fatal(err)
		}
	})
	if n != 0 {
		t.Errorf("fast path allocates %v times per call, want 0", n)
	}
}

func TestFastPathAgreesWithScanner(t *testing.T) {
	for _, s := range []string{"2024-01-02 15:04:05", "1999-12-31 23:59:59", "2024-02-29 00:00:00"} {
		fast, ok := fastStamp(s)
		slow, ok2 := scanStamp(s)
		if !ok || !ok2 || fast != slow {
			t.Errorf("%q: fast %+v %v, scanner %+v %v", s, fast, ok, slow, ok2)
		}
	}
}

func BenchmarkParseTimeFast(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ParseTime("2024-01-02 15:04:05", shanghai); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseTimeZoned(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ParseTime("2024/1/2 15:04:05.123 GMT+08:00", shanghai); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStdlibTimeParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := time.ParseInLocation(time.DateTime, "2024-01-02 15:04:05", shanghai); err != nil {
			b.Fatal(err)
		}
	}
}

// A wall-clock time the zone repeats (the hour when daylight saving ends) is the later
// instant, in standard time; one it skips (when daylight saving begins) is read an hour
// later. docs/rules.md states both; an offset in the text says otherwise.
func TestParseTimeDaylightSavingWallClock(t *testing.T) {
	berlin := mustZone("Europe/Berlin")
	for _, c := range []struct{ in, want string }{
		{"2025-10-26 02:30:00", "2025-10-26T01:30:00Z"}, // 02:30 CET, not 02:30 CEST (00:30Z)
		{"2025-10-26 02:30:00+02:00", "2025-10-26T00:30:00Z"},
		{"2025-03-30 02:30:00", "2025-03-30T01:30:00Z"}, // does not exist: 03:30 CEST
	} {
		got, _, err := ParseTime(c.in, berlin)
		if err != nil || got.UTC().Format(time.RFC3339) != c.want {
			t.Errorf("%s: %v (%v), want %s", c.in, got.UTC(), err, c.want)
		}
	}
}

// A date with the year last is refused with a message that says why and what to write.
func TestYearLastDatesHint(t *testing.T) {
	for _, s := range []string{"01/31/2024", "1/2/2024 10:00", "31.01.2024"} {
		_, _, err := ParseTime(s, time.UTC)
		if err == nil || !strings.Contains(err.Error(), "year last is ambiguous") || !strings.Contains(err.Error(), "write the year first, e.g. 2024-01-31") {
			t.Errorf("%s: %v", s, err)
		}
	}
	if _, _, err := ParseTime("2024/01/31", time.UTC); err != nil {
		t.Errorf("2024/01/31: %v", err)
	}
}
