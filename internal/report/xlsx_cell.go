package report

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// styleKey identifies a cell style: the number format of a kind, bold or not. A
// NumberText cell's style is that of a number with its decimals (decimals-1 of them;
// 0: not such a cell).
type styleKey struct {
	kind     Kind
	bold     bool
	decimals int8
}

// xlsxStyles creates each style once per workbook.
type xlsxStyles struct {
	f    *excelize.File
	prec int32
	ids  map[styleKey]int
}

// id returns the style for k, creating it on first use; 0 is the default style.
func (s *xlsxStyles) id(k styleKey) (int, error) {
	numFmt := s.numFmt(k.kind)
	if k.decimals > 1 {
		numFmt = "#,##0." + strings.Repeat("0", int(k.decimals-1))
	}
	if numFmt == "" && !k.bold {
		return 0, nil
	}
	if id, ok := s.ids[k]; ok {
		return id, nil
	}
	style := &excelize.Style{}
	if numFmt != "" {
		style.CustomNumFmt = &numFmt
	}
	if k.bold {
		style.Font = &excelize.Font{Bold: true}
	}
	id, err := s.f.NewStyle(style)
	if err != nil {
		return 0, err
	}
	s.ids[k] = id
	return id, nil
}

// numFmt is the number format of a kind: money with Precision decimals and thousands
// separators, ISO dates and times; "" (General) otherwise.
func (s *xlsxStyles) numFmt(k Kind) string {
	switch k {
	case KindMoney:
		if s.prec <= 0 {
			return "#,##0"
		}
		return "#,##0." + strings.Repeat("0", int(s.prec))
	case KindDate:
		return "yyyy-mm-dd"
	case KindTime:
		return "yyyy-mm-dd hh:mm:ss"
	}
	return ""
}

// writeXLSXCell stores c at ref with its typed value and style; empty cells stay blank.
// Decimals are written as their exact text into a numeric cell (no float64).
func writeXLSXCell(f *excelize.File, sheet, ref string, c Cell, doc *Document, st *xlsxStyles, k styleKey) error {
	if !c.set() {
		return nil
	}
	var err error
	switch c.kind() {
	case KindInt:
		err = f.SetCellInt(sheet, ref, c.num)
	case KindMoney:
		err = f.SetCellDefault(sheet, ref, MoneyString(c.decimal(), doc.Precision))
	case KindQuantity:
		err = f.SetCellDefault(sheet, ref, QtyString(c.decimal()))
	case KindDate, KindTime:
		switch {
		case !c.excelDay(doc.Location): // a day Excel cannot hold: its text
			err = f.SetCellStr(sheet, ref, string(AppendCell(nil, c, doc.Precision, doc.Location)))
		case c.kind() == KindDate:
			err = f.SetCellDefault(sheet, ref, dateSerial(c.when()))
		default:
			err = f.SetCellDefault(sheet, ref, timeSerial(inZone(c.when(), doc.Location)))
		}
	case KindBool:
		err = f.SetCellBool(sheet, ref, c.truth())
	default:
		if n, ok := c.numberText(); ok {
			err = f.SetCellDefault(sheet, ref, c.str()) // the exact text, in a numeric cell
			k.decimals = int8(n + 1)
			break
		}
		s := c.str()
		if strings.Contains(s, "_x") { // excelize stores a shared string as given: escaped here, as in a streamed sheet
			s = bstrMarshal(s)
		}
		err = f.SetCellStr(sheet, ref, s)
	}
	if err != nil {
		return err
	}
	id, err := st.id(k)
	if err != nil || id == 0 {
		return err
	}
	return f.SetCellStyle(sheet, ref, ref, id)
}

// excelEpoch is day 0 of Excel's 1900 date system from 1900-03-01 on. Excel counts
// 1900 as a leap year: serial 1 is 1900-01-01, 59 is 1900-02-28, 60 the 1900-02-29 that
// never was, and 61 is 1900-03-01; so a day before 1900-03-01 is counted from
// 1899-12-31, a day later (excelLeap).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// excelLeap is 1900-03-01, from which Excel's serials count from excelEpoch.
var excelLeap = time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)

// excelSeconds is the wall clock of seconds since the Unix epoch, in seconds from
// Excel's day 0: from excelEpoch, or a day less before excelLeap.
func excelSeconds(wall int64) int64 {
	if wall < excelLeap.Unix() {
		return wall - excelEpoch.Unix() - 86400
	}
	return wall - excelEpoch.Unix()
}

// dateSerial is the Excel serial of t's calendar day ("2024-01-31" → "45322",
// "1900-01-01" → "1"), counted in seconds (a time.Duration stops at 292 years: 2262).
func dateSerial(t time.Time) string {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return strconv.FormatInt(excelSeconds(day.Unix())/86400, 10)
}

// timeSerial is the Excel serial of t's wall clock (days and a fraction rounded to
// 10 decimals: well under a second).
func timeSerial(t time.Time) string {
	_, off := t.Zone()
	secs := excelSeconds(t.Unix() + int64(off)) // t's wall clock, in seconds from day 0
	if secs < 0 {
		return serialDecimal(secs)
	}
	return string(appendSerial(make([]byte, 0, 20), secs))
}

// serialDecimal is secs ÷ 86400 rounded to 10 decimals, as a decimal prints it.
func serialDecimal(secs int64) string {
	return decimal.NewFromInt(secs).DivRound(decimal.NewFromInt(86400), 10).String()
}

// appendSerial appends serialDecimal(secs), for secs ≥ 0, on int64s: the whole days,
// then the day's fraction rounded half up to 10 decimals, trailing zeros dropped. (No
// fraction is ever a half: 86400 has a factor 27 that 10^10 cannot cancel.)
func appendSerial(b []byte, secs int64) []byte {
	days, rem := secs/86400, secs%86400
	b = strconv.AppendInt(b, days, 10)
	frac := (2*rem*1e10 + 86400) / (2 * 86400) // < 10^10 for rem < 86400
	if frac == 0 {
		return b
	}
	var digits [10]byte
	for i := 9; i >= 0; i-- {
		digits[i] = byte('0' + frac%10)
		frac /= 10
	}
	n := 10
	for digits[n-1] == '0' {
		n--
	}
	return append(append(b, '.'), digits[:n]...)
}

// excelDay reports whether Excel can hold t's day as a date: from 1900-01-01 to
// 9999-12-31 (a package that never expires ends on 10000-01-01, which a sheet gets as
// its text).
func excelDay(t time.Time) bool { return t.Year() >= 1900 && t.Year() <= 9999 }

// excelDay reports whether the cell is not a date or time, or one whose day Excel can
// hold (times in loc, dates in their own zone).
func (c *Cell) excelDay(loc *time.Location) bool {
	switch c.kind() {
	case KindDate:
		return excelDay(c.when())
	case KindTime:
		return excelDay(inZone(c.when(), loc))
	}
	return true
}
