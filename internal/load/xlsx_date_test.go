package load

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestISOText(t *testing.T) {
	for _, c := range []struct {
		s    string
		k    fmtKind
		want string
	}{
		{"2024-03-01T09:00:00Z", fmtDateTime, "2024-03-01 09:00:00"}, // the wall clock, not 09:00 UTC
		{"2024-03-01T09:00:00+08:00", fmtDateTime, "2024-03-01 09:00:00"},
		{"2024-03-01T09:00:00.000-0500", fmtNumber, "2024-03-01 09:00:00"},
		{"2024-03-01 09:00", fmtDateTime, "2024-03-01 09:00:00"},
		{"2024-03-01T09:00:00.4", fmtDateTime, "2024-03-01 09:00:00"},
		{"2024-12-31T00:00:00Z", fmtDate, "2024-12-31"},              // a date alone: an expiration's end of day
		{"2024-12-31T00:00:00Z", fmtDateTime, "2024-12-31 00:00:00"}, // a timestamp at midnight
		{"2024-12-31T12:00:00Z", fmtDate, "2024-12-31 12:00:00"},     // a time the format hides
		{"2024-12-31T23:59:59.9996Z", fmtDate, "2025-01-01"},         // midnight to the millisecond
		{"2024-12-31T23:59:59.999Z", fmtDate, "2025-01-01 00:00:00"},
		{"2024-12-31", fmtNumber, "2024-12-31"},
		{"16:00:00", fmtTime, "16:00"},
		{"16:00:05Z", fmtTime, "16:00:05"},
		{"16:00", fmtDateTime, "1899-12-30 16:00:00"},
	} {
		if got, err := isoText(c.s, c.k); err != nil || got != c.want {
			t.Errorf("isoText(%q, %d) = %q, %v; want %q", c.s, c.k, got, err, c.want)
		}
	}
	for _, s := range []string{"2024-03-01Z", "2024-03-01T", "2024-13-01", "2024-03-01T25:00:00", "yesterday", "45352", " 2024-03-01"} {
		if got, err := isoText(s, fmtDate); err == nil || !strings.Contains(err.Error(), "is not an ISO 8601 date or time") {
			t.Errorf("isoText(%q) = %q, %v; want an error", s, got, err)
		}
	}
}

// dateCells turns the cells named in iso (number cells excelize wrote) into date cells
// (t="d") holding the ISO text given, keeping their styles.
func dateCells(t *testing.T, data []byte, iso map[string]string) []byte {
	return rewritePart(t, data, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
		for cell, text := range iso {
			re := regexp.MustCompile(fmt.Sprintf(`<c r="%s"([^>]*)><v>[^<]*</v></c>`, cell))
			if !re.Match(b) {
				t.Fatalf("no number cell %s in %s", cell, b)
			}
			b = re.ReplaceAll(b, []byte(fmt.Sprintf(`<c r="%s"$1 t="d"><v>%s</v></c>`, cell, text)))
		}
		return b
	})
}

// A date cell (t="d") is the wall clock its text writes, in the configured zone like
// any time without a zone (a trailing Z names no zone in a sheet); with a date format,
// a midnight is a date alone, so that an expiration means the end of that day.
func TestXLSXDateCellsAreWallClocks(t *testing.T) {
	f := excelize.NewFile()
	st := newXLSXStyles(t, f)
	must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"package_id", "product", "deductible_items", "effective_time", "expiration_time",
		"capacity", "unit", "fee", "currency"}))
	must(t, f.SetSheetRow("Sheet1", "A2", &[]any{"P1", "OBS", "Storage", 1, 1, 100, "GB", 480, "USD"}))
	must(t, f.SetSheetRow("Sheet1", "A3", &[]any{"P2", "OBS", "Storage", 1, 1, 100, "GB", 480, "USD"}))
	must(t, f.SetCellStyle("Sheet1", "D2", "E2", st.date))
	must(t, f.SetCellStyle("Sheet1", "D3", "E3", st.dateTime))
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	data := dateCells(t, buf.Bytes(), map[string]string{
		"D2": "2024-01-01T00:00:00Z", "E2": "2024-12-31T00:00:00Z",
		"D3": "2024-01-01T09:30:00Z", "E3": "2024-12-31T00:00:00+08:00"})
	pkgs, _, err := Packages("p.xlsx", bytes.NewReader(data), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]string{{"2024-01-01 00:00:00", "2025-01-01 00:00:00"}, {"2024-01-01 09:30:00", "2024-12-31 00:00:00"}}
	if len(pkgs) != len(want) {
		t.Fatalf("%d packages", len(pkgs))
	}
	for i, w := range want {
		if !pkgs[i].Effective.Equal(at(w[0])) || !pkgs[i].Expiration.Equal(at(w[1])) {
			t.Errorf("%s: %v to %v; want %s to %s", pkgs[i].ID, pkgs[i].Effective, pkgs[i].Expiration, w[0], w[1])
		}
	}
}

// FuzzISOText checks that whatever a date cell holds, isoText refuses it or renders
// it in one of the forms dateText renders a serial in.
func FuzzISOText(f *testing.F) {
	for _, s := range []string{"2024-03-01T09:00:00Z", "2024-12-31", "16:00:05+08:00", "2024-12-31T23:59:59.9996Z", "2024-03-01Z"} {
		f.Add(s, uint8(fmtDate))
	}
	f.Fuzz(func(t *testing.T, s string, k uint8) {
		got, err := isoText(s, fmtKind(k%4))
		if err != nil {
			return
		}
		for _, layout := range []string{time.DateOnly, time.DateTime, "15:04", time.TimeOnly} {
			if _, err := time.Parse(layout, got); err == nil {
				return
			}
		}
		t.Fatalf("isoText(%q, %d) = %q", s, k%4, got)
	})
}

// In the 1900 date system serials 1 to 59 are 1900-01-01 to 1900-02-28, as a
// spreadsheet shows them, and 61 is 1900-03-01; 60 (1900-02-29, which never was) is not
// a date: a problem located at its cell. In the 1904 system 60 is an ordinary day.
func TestXLSX1900Serials(t *testing.T) {
	for serial, want := range map[float64]string{1: "1900-01-01", 1.5: "1900-01-01 12:00:00", 15: "1900-01-15", 59: "1900-02-28",
		59.75: "1900-02-28 18:00:00", 61: "1900-03-01", 61.25: "1900-03-01 06:00:00"} {
		if got, err := dateText(serial, fmtDate, false); err != nil || got != want {
			t.Errorf("dateText(%v) = %q, %v; want %q", serial, got, err, want)
		}
	}
	for _, serial := range []float64{60, 60.5} {
		if got, err := dateText(serial, fmtDate, false); err == nil || !strings.Contains(err.Error(), "is 1900-02-29, a day that does not exist") {
			t.Errorf("dateText(%v) = %q, %v; want an error", serial, got, err)
		}
	}
	if got, err := dateText(60, fmtDate, true); err != nil || got != "1904-03-01" {
		t.Errorf("1904: dateText(60) = %q, %v; want 1904-03-01", got, err)
	}
	// Serials a spreadsheet shows as no date are not dates (want: the error's text):
	// 1900-01-00 (below 1, unless shown as a time alone), negative ones and those past
	// 9999-12-31 (#####); around them, dates (want: the date read).
	for _, c := range []struct {
		serial   float64
		k        fmtKind
		date1904 bool
		fails    bool
		want     string
	}{
		{0, fmtDate, false, true, "is 1900-01-00, a day that does not exist"},
		{4.9e-324, fmtDateTime, false, true, "is 1900-01-00"},
		{0.5, fmtDateTime, false, true, "is 1900-01-00"},
		{-1, fmtDate, false, true, "is before 1900-01-01, the first date"},
		{-0.5, fmtTime, true, true, "is before 1904-01-01, the first date"},
		{math.NaN(), fmtDate, false, true, "is before 1900-01-01"},
		{1e300, fmtDate, false, true, "is after 9999-12-31, the last date"},
		{2958466, fmtDateTime, false, true, "is after 9999-12-31"},
		{2958466 - 1462, fmtDate, true, true, "is after 9999-12-31"},
		{0.5, fmtTime, false, false, "12:00"},
		{0, fmtDate, true, false, "1904-01-01"},
		{2958465, fmtDate, false, false, "9999-12-31"},
		{2958465.5, fmtDateTime, false, false, "9999-12-31 12:00:00"},
		{2958465 - 1462, fmtDate, true, false, "9999-12-31"},
	} {
		got, err := dateText(c.serial, c.k, c.date1904)
		if c.fails && (err == nil || !strings.Contains(err.Error(), c.want)) || !c.fails && (err != nil || got != c.want) {
			t.Errorf("dateText(%v, %d, 1904 %v) = %q, %v; want %q", c.serial, c.k, c.date1904, got, err, c.want)
		}
	}

	f := excelize.NewFile()
	st := newXLSXStyles(t, f)
	must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"record_id", "product", "billing_item", "start_time", "end_time", "quantity"}))
	must(t, f.SetSheetRow("Sheet1", "A2", &[]any{"r1", "OBS", "Storage", 59.5, 61.25, "5 GB"}))
	must(t, f.SetSheetRow("Sheet1", "A3", &[]any{"r2", "OBS", "Storage", 60, 61, "5 GB"}))
	must(t, f.SetCellStyle("Sheet1", "D2", "E3", st.dateTime))
	recs, rep := usageXLSXSkipping(t, f)
	if len(recs) != 1 || !recs[0].Start().Equal(at("1900-02-28 12:00:00")) || !recs[0].End().Equal(at("1900-03-01 06:00:00")) {
		t.Errorf("records %+v", recs)
	}
	if rep.Rejected.Len() != 1 || !strings.HasPrefix(rowsOf(t, rep)[0].Problems()[0].Error(), "u.xlsx[Sheet1]:3: cell D3: date serial 60 is 1900-02-29") {
		t.Errorf("rejected %+v", rep.Rejected)
	}
}
