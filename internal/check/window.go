package check

import (
	"time"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/replay"
	"github.com/pkgctl/pkgctl/internal/value"
)

// Window is the bill days a check is limited to (`--month`, `--from`/`--to`, rules.md
// §4.3): From and To are midnights of the first and last day, inclusive; a zero end is
// open.
type Window struct{ From, To time.Time }

// Open reports whether the window limits nothing.
func (w Window) Open() bool { return w.From.IsZero() && w.To.IsZero() }

// Holds reports whether the bill day date is within the window.
func (w Window) Holds(date time.Time) bool {
	return (w.From.IsZero() || !date.Before(w.From)) && (w.To.IsZero() || !date.After(w.To))
}

// Totals keeps the totals of packages whose whole validity lies within the window: only
// their rows can all be in it, so only they can tie to the fee.
func (w Window) Totals(l *replay.Ledger, totals []amortize.Total) []amortize.Total {
	var out []amortize.Total
	for _, t := range totals {
		i := l.Package(t.PackageID)
		if i < 0 {
			continue
		}
		ps := &l.Packages[i]
		first, last := ps.Pkg.Effective, ps.End.Add(-time.Nanosecond) // the last instant of validity
		if (w.From.IsZero() || !first.Before(w.From)) && (w.To.IsZero() || last.Before(value.Midnight(w.To, w.To.Location(), 1))) {
			out = append(out, t)
		}
	}
	return out
}

// Run checks the export x, summed over its window w (NewExport), against the
// amortization ar of ledger l and against the packages' exported status, used and
// remaining: only the bills dated in w are compared, and TOTAL_NOT_FEE only for packages
// whose whole validity lies in it (Totals). The expected bills are walked, never held,
// when ar is lazy (amortize.RunLazy). An Export is compared once.
func Run(l *replay.Ledger, ar *amortize.Result, x *Export) Result {
	c, totals := x.c, ar.Totals
	if !c.window.Open() {
		totals = c.window.Totals(l, ar.Totals)
	}
	return c.compare(ar.WalkExact(c.window.From, c.window.To), totals, l.Overview())
}
