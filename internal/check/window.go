package check

import (
	"time"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// Window is the bill days a check is limited to (`--month`, `--from`/`--to`, rules.md
// §4.3): From and To are midnights of the first and last day, inclusive; a zero end is
// open.
type Window struct{ From, To time.Time }

// Open reports whether the window limits nothing.
func (w Window) Open() bool { return w.From.IsZero() && w.To.IsZero() }

// Bills keeps the exported rows dated within the window.
func (w Window) Bills(rows []model.BillRow) []model.BillRow {
	var out []model.BillRow
	for _, r := range rows {
		if (w.From.IsZero() || !r.Date.Before(w.From)) && (w.To.IsZero() || !r.Date.After(w.To)) {
			out = append(out, r)
		}
	}
	return out
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
		if (w.From.IsZero() || !first.Before(w.From)) && (w.To.IsZero() || last.Before(w.To.AddDate(0, 0, 1))) {
			out = append(out, t)
		}
	}
	return out
}

// Run checks an exported bill against the amortization ar of ledger l and the exported
// packages pkgs (Compare) over window w: only the bills dated in it are compared (the
// exported rows outside it are counted in Result.Outside), and TOTAL_NOT_FEE only for
// packages whose whole validity lies in it (Totals).
// The expected bills are walked, never held, when ar is lazy (amortize.RunLazy).
func Run(l *replay.Ledger, ar *amortize.Result, exported []model.BillRow, pkgs []model.Package, w Window, opt Options) Result {
	rows, totals := exported, ar.Totals
	if !w.Open() {
		rows, totals = w.Bills(exported), w.Totals(l, ar.Totals)
	}
	// the export has about as many rows as the bills it is compared with: the size hint
	res := compareWalked(ar.Walk(w.From, w.To), len(rows), totals, rows, l.Overview(), pkgs, opt)
	res.Outside = len(exported) - len(rows)
	return res
}
