package sample

import (
	"strconv"
	"time"
)

// Fast, allocation-light formatting of the generated CSV fields.

// Hours are counted from genBase; every generated instant lies in [genStart, genLimit].
var (
	genBase  = time.Date(2023, 12, 1, 0, 0, 0, 0, time.UTC)
	genStart = hourOf(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	genLimit = hourOf(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	genDays  = dayTable(800)
)

func hourOf(t time.Time) int32 { return int32(t.Sub(genBase) / time.Hour) }
func timeOf(h int32) time.Time { return genBase.Add(time.Duration(h) * time.Hour) }

func dayTable(n int) [][]byte {
	days := make([][]byte, n)
	for i := range days {
		days[i] = genBase.AddDate(0, 0, i).AppendFormat(nil, time.DateOnly)
	}
	return days
}

// appendTime writes hour h plus min minutes as "2006-01-02 15:04:05".
func appendTime(b []byte, h int32, min int) []byte {
	h += int32(min / 60)
	b = append(b, genDays[h/24]...)
	b = append(b, ' ')
	b = append2(b, int(h%24))
	b = append(b, ':')
	b = append2(b, min%60)
	return append(b, ":00"...)
}

func append2(b []byte, v int) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }

func appendPadded(b []byte, v int, width int) []byte {
	var tmp [20]byte
	s := strconv.AppendInt(tmp[:0], int64(v), 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// appendMilli writes a non-negative thousandths value without trailing zeros: 12500 → "12.5".
func appendMilli(b []byte, v int64) []byte {
	b = strconv.AppendInt(b, v/1000, 10)
	if f := v % 1000; f != 0 {
		b = append(b, '.', byte('0'+f/100))
		if f%100 != 0 {
			b = append(b, byte('0'+f/10%10))
			if f%10 != 0 {
				b = append(b, byte('0'+f%10))
			}
		}
	}
	return b
}

// appendCents writes cents as "480.00".
func appendCents(b []byte, c int64) []byte {
	b = strconv.AppendInt(b, c/100, 10)
	return append2(append(b, '.'), int(c%100))
}
