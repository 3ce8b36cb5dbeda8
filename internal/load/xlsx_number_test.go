package load

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

func TestExcelNumber(t *testing.T) {
	for s, want := range map[string]string{
		// what spreadsheet programs save for typed numbers: 17 digits, E below 0.1
		"0.57999999999999996":    "0.58",
		"0.41999999999999998":    "0.42",
		"8.0000000000000002E-2":  "0.08",
		"298.14999999999998":     "298.15",
		"0.30000000000000004":    "0.3",
		"-0.57999999999999996":   "-0.58",
		"1E-3":                   "0.001",
		"1.5E+3":                 "1500",
		"1.5e3":                  "1500",
		"1.2345678901234567E+20": "123456789012346000000",
		"1234567890123456789":    "1234567890123460000", // a double holds 15 of its digits
		"0.500000000000000000":   "0.5",
		"1E-400":                 "0", // below a double's smallest
		// read as written: 15 significant digits or fewer, no exponent
		"0.58":                 "",
		"123456789012345":      "",
		"0.000123456789012345": "",
		"45312.0416666667":     "",
		"007":                  "",
		"-5":                   "",
		"":                     "",
		// not a decimal number, or past a double: the value's parser says what is wrong
		"1E+400":                "",
		"1e":                    "",
		"e":                     "",
		"0x1ep1":                "",
		"Infinity":              "",
		"1,234,567,890,123,456": "",
		" 1E-3":                 "",
	} {
		got, ok := excelNumber(s)
		if ok != (want != "") || got != want {
			t.Errorf("excelNumber(%q) = %q, %v; want %q", s, got, ok, want)
		}
	}
}

// A number cell holds a double: read as the spreadsheet shows it, to 15 significant
// digits, in every column but the time columns (date serials, converted as they are).
// A text cell is read as written, exponents refused as in CSV.
func TestXLSXNumberCellsAsShown(t *testing.T) {
	f := excelize.NewFile()
	st := newXLSXStyles(t, f)
	must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"record_id", "product", "billing_item", "start_time", "end_time", "quantity", "unit", "unit_price", "currency"}))
	row := func(r int, id string) {
		must(t, f.SetSheetRow("Sheet1", "A"+strconv.Itoa(r), &[]any{id, "OBS", "Storage", "2024-01-01 10:00:00", "2024-01-01 11:00:00", nil, "GB", nil, "USD"}))
	}
	row(2, "r1")
	must(t, f.SetCellDefault("Sheet1", "F2", "0.57999999999999996"))
	must(t, f.SetCellDefault("Sheet1", "H2", "8.0000000000000002E-2"))
	row(3, "")
	must(t, f.SetCellDefault("Sheet1", "A3", "1234567890123456789")) // a numeric id: as written, never rounded
	must(t, f.SetCellDefault("Sheet1", "F3", "1.5E+3"))
	must(t, f.SetCellDefault("Sheet1", "H3", "0.08"))
	// a time column's serial of 17 digits is a date cell, converted from the serial
	must(t, f.SetCellDefault("Sheet1", "D3", "45292.416666666664"))
	must(t, f.SetCellStyle("Sheet1", "D3", "D3", st.dateTime))
	row(4, "r4")
	must(t, f.SetCellStr("Sheet1", "F4", "1E-3")) // text: an exponent is refused
	recs, rep := usageXLSXSkipping(t, f)
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2", len(recs))
	}
	for i, want := range []struct{ id, qty, price string }{{"r1", "0.58", "0.08"}, {"1234567890123456789", "1500", "0.08"}} {
		r := recs[i]
		if r.ID != want.id || r.Quantity.String() != want.qty || r.UnitPrice.Decimal.String() != want.price {
			t.Errorf("record %d: %s quantity %s unit_price %s; want %s %s %s", i, r.ID, r.Quantity, r.UnitPrice.Decimal, want.id, want.qty, want.price)
		}
	}
	if !recs[1].Start().Equal(at("2024-01-01 10:00:00")) {
		t.Errorf("start %v", recs[1].Start())
	}
	if rep.Rejected.Len() != 1 || rowsOf(t, rep)[0].Src.Line != 4 || !strings.Contains(rowsOf(t, rep)[0].Problems()[0].Msg, `exponent not allowed: "1E-3"`) {
		t.Errorf("rejected %+v", rep.Rejected)
	}
}

// FuzzExcelNumber checks what excelNumber makes of any text: a plain decimal (no
// exponent, no trailing zeros after the point) of at most 15 significant digits, the
// double of the text rounded to 15 significant digits, which it leaves as it is.
func FuzzExcelNumber(f *testing.F) {
	for _, s := range []string{"0.57999999999999996", "8.0000000000000002E-2", "1.5E+3", "1E-400", "1E+400", "0.58", "-0", "1234567890123456789"} {
		f.Add(s)
	}
	plain := regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$`)
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := excelNumber(s)
		if !ok {
			return
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || !plain.MatchString(got) {
			t.Fatalf("excelNumber(%q) = %q", s, got)
		}
		want, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
		if d := decimal.RequireFromString(got); d.InexactFloat64() != want ||
			len(strings.Trim(strings.NewReplacer("-", "", ".", "").Replace(got), "0")) > 15 {
			t.Fatalf("excelNumber(%q) = %q; want %v", s, got, want)
		}
		if again, ok := excelNumber(got); ok && again != got {
			t.Fatalf("excelNumber(%q) = %q, then %q", s, got, again)
		}
	})
}
