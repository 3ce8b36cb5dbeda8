package load

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
)

// notUsage is a Linear predicate for these tests: every package not written as usage.
func notUsage(p *model.Package) bool { return p.Amortization != model.MethodUsage }

// The days of the packages amortized linearly are limited together (limits.linear_days):
// a package counts the dates its validity touches when it has a fee and Linear says so;
// past the limit the whole file is refused, naming the package with the most, whatever
// SkipInvalid; a row set aside does not count.
func TestPackageLinearDaysLimit(t *testing.T) {
	const head = "package_id,product,package_type,effective_time,expiration_time,capacity,unit,fee,amortization\n"
	rows := "L1,ECS,reserved_instance,2024-01-01,2024-01-10,1,instance,10,\n" + // through Jan 10: 10 days
		"L2,CDN,usage,2024-02-28 12:00:00,2024-03-01 12:00:00,1,GB,3,linear\n" + // Feb 28, 29, Mar 1: 3
		"U1,CDN,usage,2024-01-01,2030-01-01,1,GB,5,usage\n" + // by usage: no day walked
		"N1,ECS,reserved_instance,2024-01-01,2030-01-01,1,instance,,\n" // no fee: not amortized
	for _, tc := range []struct {
		name  string
		rows  string
		limit int64
		skip  bool
		msg   string // the problem; "" = the file loads
	}{
		{"at the limit", rows, 13, false, ""},
		{"past it", rows, 12, false, `p.csv: the packages amortized linearly span 13 days in all (the most, "L1" at line 2: ` +
			`2024-01-01 00:00:00 to 2024-01-11 00:00:00, 10 days); pkgctl amortizes at most 12 (limits.linear_days)`},
		{"past it, skipping", rows, 12, true, "limits.linear_days"},
		{"a row set aside does not count", strings.Replace(rows, ",instance,10,", ",instance,-10,", 1), 3, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := testOptions()
			opt.Linear, opt.Limits.LinearDays, opt.SkipInvalid = notUsage, tc.limit, tc.skip
			pkgs, _, err := Packages("p.csv", strings.NewReader(head+tc.rows), opt)
			checkFileLimit(t, pkgs, err, tc.msg, "linear_days")
		})
	}
	// Past both limits, both are named: raising one would meet the other.
	opt := testOptions()
	opt.Linear, opt.Limits.LinearDays, opt.Limits.TotalPeriods = notUsage, 12, 11
	both := strings.ReplaceAll(head+rows, "\n", ",\n") + "M1,OBS,usage,2024-01-01,2024-12-31,1,GB,1,usage,month\n"
	both = strings.Replace(both, "amortization,", "amortization,reset_cycle", 1)
	_, _, err := Packages("p.csv", strings.NewReader(both), opt)
	if errs, ok := err.(Errors); !ok || len(errs.Problems) != 2 || !strings.Contains(errs.Problems[0].Msg, "limits.total_periods") ||
		!strings.Contains(errs.Problems[1].Msg, "limits.linear_days") {
		t.Fatalf("past both: %v", err)
	}
	// Without Linear nothing is counted: a limit of 1 day refuses nothing.
	opt = testOptions()
	opt.Limits.LinearDays = 1
	if _, _, err := Packages("p.csv", strings.NewReader(head+rows), opt); err != nil {
		t.Fatalf("no Linear: %v", err)
	}
}

// The loader's count of linear days is the number of calendar dates from the date of
// effective_time to that of the last instant before expiration_time, as amortization
// walks them (a date that a zone skips whole, Pacific/Apia's 2011-12-30, included):
// random validities in zones with daylight saving and a skipped day load with that
// total as the limit and not with one less.
func TestLinearDaysAreTheDatesWalked(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for _, zone := range []string{"Europe/Berlin", "America/Havana", "Pacific/Apia", "UTC"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		b.WriteString("package_id,product,package_type,effective_time,expiration_time,capacity,unit,fee\n")
		var total int64
		for i := range 200 {
			eff := time.Date(2011, 1, 1, 0, 0, 0, 0, loc).Add(time.Duration(r.Int64N(int64(3*365*24*time.Hour))) / time.Minute * time.Minute)
			exp := eff.Add(time.Duration(1+r.Int64N(int64(40*24*time.Hour))) / time.Minute * time.Minute)
			if i%3 == 0 { // midnights, where "the last instant before" matters
				y, m, d := exp.Date()
				exp = time.Date(y, m, d, 0, 0, 0, 0, loc)
				if !exp.After(eff) {
					exp = exp.AddDate(0, 0, 1)
				}
			}
			fmt.Fprintf(&b, "P%d,ECS,reserved_instance,%s,%s,1,instance,1\n", i, eff.Format(time.RFC3339), exp.Format(time.RFC3339))
			total += walkedDates(eff, exp, loc)
		}
		for _, most := range []int64{total, total - 1} {
			opt := testOptions()
			opt.Location, opt.Linear, opt.Limits.LinearDays = loc, notUsage, most
			_, _, err := Packages("p.csv", strings.NewReader(b.String()), opt)
			if refused := err != nil && strings.Contains(err.Error(), "limits.linear_days"); refused != (most < total) || (err != nil && !refused) {
				t.Errorf("%s, limits.linear_days %d (the walk counts %d): %v", zone, most, total, err)
			}
		}
	}
}

// walkedDates counts the calendar dates from eff's date in loc to that of the last
// instant before exp, a date at a time: no date arithmetic shared with the loader.
func walkedDates(eff, exp time.Time, loc *time.Location) int64 {
	last := exp.Add(-time.Nanosecond).In(loc).Format(time.DateOnly)
	y, m, d := eff.In(loc).Date()
	n := int64(1)
	for t := time.Date(y, m, d, 12, 0, 0, 0, time.UTC); t.Format(time.DateOnly) != last; t = t.AddDate(0, 0, 1) {
		n++
	}
	return n
}
