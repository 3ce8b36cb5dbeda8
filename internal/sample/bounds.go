package sample

import (
	"fmt"
	"strconv"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/value"
)

// What the generator accepts (rules.md §6): an account that pkgctl loads with its default
// limits, in a time that grows with its size.

// MaxRecords is the most usage records Generate writes. Past chunkDrafts records the
// usage is drawn again for each span of hours it writes, so the time grows with the
// square of the records: 100M take about 2 minutes and 15.6 GB (docs/performance.md),
// 1,000M would take hours.
const MaxRecords = 100_000_000

// DefaultMaxPeriods is the default limits.total_periods (load.DefaultLimits; a test holds
// them equal): the reset periods of all the packages pkgctl loads without a raised limit.
const DefaultMaxPeriods = 2_000_000

// DefaultMaxLinearDays is the default limits.linear_days (load.DefaultLimits; a test
// holds them equal): the days of linear amortization of all the packages pkgctl loads
// without a raised limit.
const DefaultMaxLinearDays = 100_000_000

// UsageError is a request the sample refuses before writing anything (GenOptions past
// their bounds, said with the command line's flags): bad usage, with a hint.
type UsageError struct{ Msg, Hint string }

func (e *UsageError) Error() string { return e.Msg }

// UsageHint says what to ask instead; the method marks the error as bad usage (exit 2).
func (e *UsageError) UsageHint() string { return e.Hint }

func checkOptions(opt GenOptions) error {
	switch {
	case opt.Packages < 0 || opt.Records < 0:
		return &UsageError{Msg: "--packages and --records must not be negative"}
	case opt.Records > MaxRecords:
		return &UsageError{
			Msg: fmt.Sprintf("--records %d is more than %s, the most sample generate writes", opt.Records, thousands(MaxRecords)),
			Hint: "past 16.7M records each further 16.7M draw the whole account again, so the time grows with the square of --records " +
				"(100M: about 2 minutes and 15.6 GB of CSV)"}
	}
	return nil
}

// resetPeriods is p's reset periods as the loader counts them against limits.total_periods:
// replay.PeriodCount of the row as written (its times are wall clocks, counted alike in
// every zone), none for a package that does not reset.
func resetPeriods(p *genPkg) int64 {
	if p.cycle == "none" {
		return 0
	}
	cycle, err := value.ParseResetCycle(p.cycle)
	if err != nil {
		panic(err) // the catalog's own cycles
	}
	anchor, err := value.ParseResetAnchor(p.anchor, time.UTC)
	if err != nil {
		panic(err)
	}
	mp := model.Package{Effective: timeOf(p.eff), Expiration: timeOf(p.end), ResetCycle: cycle, ResetAnchor: anchor}
	return int64(replay.PeriodCount(&mp, time.UTC))
}

// linearDays is p's days of linear amortization as the loader counts them against
// limits.linear_days: the dates its validity touches, effective_time to the last instant
// before expiration_time, when linear says the row as written is amortized linearly
// (every package drawn has a fee); none when linear is nil.
func linearDays(p *genPkg, linear func(*model.Package) bool, loc *time.Location) int64 {
	if linear == nil {
		return 0
	}
	if loc == nil {
		loc = time.UTC
	}
	pr, o := &catalog[p.prod], &catalog[p.prod].offers[p.off]
	typ, err := value.ParsePackageType(o.typ)
	if err != nil {
		panic(err) // the catalog's own types
	}
	method, err := value.ParseMethod(p.amort)
	if err != nil {
		panic(err)
	}
	wall := func(h int32) time.Time {
		t := timeOf(h)
		return value.Wall(t.Year(), t.Month(), t.Day(), t.Hour(), 0, 0, 0, loc)
	}
	mp := model.Package{Product: pr.name, Type: typ, Amortization: method, Effective: wall(p.eff), Expiration: wall(p.end)}
	if !p.blankItems {
		mp.DeductibleItems = value.ParseList(joinItems(pr, o))
	}
	if !linear(&mp) {
		return 0
	}
	return replay.DayCount(&mp, loc)
}

// tooManyDays refuses opt whose first n packages span total days of linear
// amortization, past most.
func tooManyDays(opt GenOptions, n int, total, most int64) error {
	return &UsageError{
		Msg: fmt.Sprintf("--packages %d with --seed %d would not load: its first %s packages span %s days of linear amortization, more than the %s pkgctl reads (limits.linear_days)",
			opt.Packages, opt.Seed, thousands(int64(n)), thousands(total), thousands(most)),
		Hint: fmt.Sprintf("use --packages %d or fewer with this seed", n-1)}
}

// tooManyPeriods refuses opt whose first n packages make total reset periods, past most.
func tooManyPeriods(opt GenOptions, n int, total, most int64) error {
	return &UsageError{
		Msg: fmt.Sprintf("--packages %d with --seed %d would not load: its first %s packages make %s reset periods, more than the %s pkgctl reads (limits.total_periods)",
			opt.Packages, opt.Seed, thousands(int64(n)), thousands(total), thousands(most)),
		Hint: fmt.Sprintf("use --packages %d or fewer with this seed (the packages make about 5 reset periods each)", n-1)}
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
