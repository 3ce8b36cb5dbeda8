package load

import (
	"fmt"

	"github.com/pkgctl/pkgctl/internal/model"
)

// Limits bound what one input file may make pkgctl read and hold, so that a damaged or
// hostile file is refused (bad input, located) instead of exhausting memory, time or
// disk. The defaults are far above what real exports reach; the config file raises them
// (`limits:` keys, see docs/rules.md "Limits on input").
type Limits struct {
	// RowSize is the most bytes one CSV record (one row, all its fields), one XLSX cell
	// or one shared string may take.
	RowSize int64
	// XLSXPartSize is the most bytes one part of an XLSX archive (a sheet, the workbook,
	// the styles) may inflate to.
	XLSXPartSize int64
	// XLSXTotalSize is the most bytes all the parts of an XLSX archive may inflate to
	// together; also the most an XLSX file itself may be.
	XLSXTotalSize int64
	// XLSXStringsSize is the most bytes the shared-strings part may inflate to, and
	// the most its strings may take in memory, where they are held while the sheet is
	// read: each its text and 16 bytes more.
	XLSXStringsSize int64
	// XLSXRatio is the most a part larger than ratioFloor may inflate to per byte of
	// its compressed size.
	XLSXRatio int64
	// Periods is the most reset periods one package may have from effective_time to
	// expiration_time (rules.md §2.2): the replay holds every one. They are counted
	// from the anchor (replay.PeriodCount) as the row is read, before any is built.
	Periods int64
	// TotalPeriods is the most reset periods all the packages kept may have together:
	// the replay holds each (about 300 bytes; amortize about 700 with its bills), so a
	// few rows of hourly packages must not make a run of hours and gigabytes.
	TotalPeriods int64
	// LinearDays is the most days all the packages amortized linearly may span together
	// (Options.Linear): amortization walks each day of such a package's validity, one
	// row a day (rules.md §3.3), so a few rows valid to 9999 must not make a run of
	// minutes. A package's days are the dates its validity touches, effective_time to
	// expiration_time.
	LinearDays int64
}

// DefaultLimits are the limits of Options with a zero field: real exports stay far
// below them (a 1,000,000-row usage sheet is about 900 MB of XML, compressed 1:12;
// a row is a few hundred bytes), archive bombs and runaway fields do not.
func DefaultLimits() Limits {
	return Limits{
		RowSize:         1 << 20,
		XLSXPartSize:    2 << 30,
		XLSXTotalSize:   4 << 30,
		XLSXStringsSize: 512 << 20,
		XLSXRatio:       100,
		Periods:         100_000,     // hourly for 11 years, daily for 273
		TotalPeriods:    2_000_000,   // 5,400 daily-resetting packages for a year
		LinearDays:      100_000_000, // 274,000 packages valid for a year, 27,400 for ten
	}
}

// ratioFloor is the inflated size below which a part's compression ratio is not
// checked: small parts cannot hurt, and a few KB of repeated markup compress very well.
const ratioFloor = 1 << 20

func (o Options) limits() Limits {
	l, d := o.Limits, DefaultLimits()
	if l.RowSize <= 0 {
		l.RowSize = d.RowSize
	}
	if l.XLSXPartSize <= 0 {
		l.XLSXPartSize = d.XLSXPartSize
	}
	if l.XLSXTotalSize <= 0 {
		l.XLSXTotalSize = d.XLSXTotalSize
	}
	if l.XLSXStringsSize <= 0 {
		l.XLSXStringsSize = d.XLSXStringsSize
	}
	if l.XLSXRatio <= 0 {
		l.XLSXRatio = d.XLSXRatio
	}
	if l.Periods <= 0 {
		l.Periods = d.Periods
	}
	if l.TotalPeriods <= 0 {
		l.TotalPeriods = d.TotalPeriods
	}
	if l.LinearDays <= 0 {
		l.LinearDays = d.LinearDays
	}
	return l
}

// fatal is a problem that stops the reading of a whole file: --skip-invalid cannot set
// it aside. hint says what to do, when the message does not.
func fatal(src model.Source, hint, format string, args ...any) Errors {
	return newErrors(Problem{Src: src, Msg: fmt.Sprintf(format, args...), Hint: hint, Fatal: true})
}

// limitHint is the hint of a problem past a limit: the config key that raises it.
func limitHint(key string) string {
	return "if the file is genuine, raise limits." + key + " in the config file (pkgctl.yaml)"
}

// Size renders a byte count for messages: "1 MiB", "2 GiB", "1536 KiB", "700 bytes"
// (a count that is no whole number of KiB is written in bytes).
func Size(n int64) string {
	for _, u := range []struct {
		shift uint
		name  string
	}{{40, "TiB"}, {30, "GiB"}, {20, "MiB"}, {10, "KiB"}} {
		if n >= 1<<u.shift && n%(1<<u.shift) == 0 {
			return fmt.Sprintf("%d %s", n>>u.shift, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}
