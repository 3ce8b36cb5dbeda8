package amortize

import (
	"time"

	"github.com/pkgctl/pkgctl/internal/replay"
)

// lastDay is the last day of the package's validity (never before its first day).
func (e *engine) lastDay(ps *replay.PackageState) day {
	_, last := e.cal.span(ps.Pkg.Effective, ps.End)
	return last
}

// clampDay limits d to [lo, hi] (lo when d < lo, else hi when d > hi).
func clampDay(d, lo, hi day) day {
	if d < lo {
		return lo
	}
	if d > hi {
		return hi
	}
	return d
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
