package report

import (
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// Excel's serial 1 is 1900-01-01 and 59 is 1900-02-28; 60 is the 1900-02-29 it counts
// and that never was, and 61 is 1900-03-01. Dates and times get the serial a
// spreadsheet shows as the same day, on each side of 1900-03-01.
func TestExcelSerials1900(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.DateTime, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct{ t, date, time string }{
		{"1900-01-01 00:00:00", "1", "1"},
		{"1900-01-01 12:00:00", "1", "1.5"},
		{"1900-01-15 00:00:00", "15", "15"},
		{"1900-02-28 18:00:00", "59", "59.75"},
		{"1900-03-01 06:00:00", "61", "61.25"},
		{"2024-01-31 00:00:00", "45322", "45322"},
	} {
		if got := dateSerial(at(c.t)); got != c.date {
			t.Errorf("dateSerial(%s) = %s, want %s", c.t, got, c.date)
		}
		if got := timeSerial(at(c.t)); got != c.time {
			t.Errorf("timeSerial(%s) = %s, want %s", c.t, got, c.time)
		}
	}
	// Every day of 1900 reads back as itself; none is serial 60.
	for d := at("1900-01-01 00:00:00"); d.Year() == 1900; d = d.AddDate(0, 0, 1) {
		s := dateSerial(d)
		if s == "60" {
			t.Fatalf("%s is serial 60", d.Format(time.DateOnly))
		}
		var n float64
		for _, ch := range s {
			n = n*10 + float64(ch-'0')
		}
		back, err := excelize.ExcelDateToTime(n, false)
		if err != nil || back.Format(time.DateOnly) != d.Format(time.DateOnly) {
			t.Fatalf("%s: serial %s reads back as %s, %v", d.Format(time.DateOnly), s, back, err)
		}
	}
}
