package amortize

import (
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// engine holds what every package's amortization shares. Packages are computed one at
// a time into buf (and prov); emit keeps their final rows in rows, and place turns rows
// into the sorted Bills.
type engine struct {
	l       *replay.Ledger
	cfg     Config
	loc     *time.Location
	cal     *calendar
	amt     *exact.Amounts
	asOf    time.Time // zero = everything final
	asOfDay day       // the day of the last instant before asOf

	decimalOnly bool // no int64 fast path (linearFixed, usedFixed): tests compare the two

	rows  []row  // emitted rows, package after package
	plans []plan // by ledger package index
	buf   []draft
	prov  []row // provisional unused rows of the current cycle
	uses  []useInfo
	tags  tagTable
	scr   usedScratch
	used  *Used // the deductions, gathered during a replay in parts; nil: the ledger's entries
}

// Run amortizes every package of the ledger (rules.md §3). Packages are processed in order
// of (effective_time, package_id), so an upgrade always sees its original's remainder.
// A package without a fee is skipped with a warning. Only rows dated up to the as-of day
// whose period or package end is ≤ cfg.AsOf are final; provisional rows are added for the
// current cycle of usage-based packages.
func Run(l *replay.Ledger, cfg Config) (*Result, error) {
	return run(l, cfg, false)
}

// RunLazy is Run without the Bills: the result keeps what makes them, and Walk produces
// them in order as often as asked, so that a listing of any length is written without
// being held (every command). Everything else of the Result is as Run's.
func RunLazy(l *replay.Ledger, cfg Config) (*Result, error) {
	return runLazy(l, cfg, false)
}

// run is Run; decimalOnly turns the int64 fast paths off (tests compare both).
func run(l *replay.Ledger, cfg Config, decimalOnly bool) (*Result, error) {
	res, err := runLazy(l, cfg, decimalOnly)
	if err != nil {
		return nil, err
	}
	res.Bills, res.e = res.e.place(), nil
	return res, nil
}

// runLazy is RunLazy; decimalOnly turns the int64 fast paths off.
func runLazy(l *replay.Ledger, cfg Config, decimalOnly bool) (*Result, error) {
	return runWith(l, cfg, decimalOnly, nil)
}

// runWith is runLazy with the deductions gathered in used when not nil (RunUsed), else
// taken from the ledger's entries.
func runWith(l *replay.Ledger, cfg Config, decimalOnly bool, used *Used) (*Result, error) {
	e := newEngine(l, cfg)
	e.decimalOnly = decimalOnly
	if used != nil {
		e.used, e.tags = used, used.tags
	}
	res := &Result{loc: e.loc, prec: cfg.Precision, asOf: cfg.AsOf}
	moved := map[string]decimal.Decimal{}
	movedDep := map[string]time.Time{}
	for _, i := range e.order() {
		ps := &l.Packages[i]
		p := ps.Pkg
		if !p.Fee.Valid {
			res.Warnings = append(res.Warnings, fmt.Sprintf("package %q has no fee: not amortized", p.ID))
			continue
		}
		fee := p.Fee.Decimal.Round(cfg.Precision)
		w := fee.Add(moved[p.ID])
		method := Method(p, cfg)
		to := e.receiver(ps)
		e.buf, e.prov = e.buf[:0], e.prov[:0]
		run, rem, err := e.amortize(i, method, w, to == "")
		if err != nil {
			return nil, err
		}
		if to != "" {
			moved[to] = moved[to].Add(rem)
			movedDep[to] = ps.End
		}
		refund := e.refund(ps, method, res)
		tot := e.emit(i, method, run, movedDep[p.ID])
		tot.Amortizable = amortizable(fee, moved[p.ID], rem, refund, e.ended(movedDep[p.ID]), tot.Ended)

		res.Totals = append(res.Totals, tot)
	}
	e.sortRows()
	res.e = e
	sort.Slice(res.Totals, func(i, j int) bool { return res.Totals[i].PackageID < res.Totals[j].PackageID })
	sort.Strings(res.Warnings)
	return res, nil
}

// amortizable is a package's amortizable amount as of as-of (docs/rules.md,
// Amortization: totals): its fee, plus the remainder moved in from the original it
// upgrades once that upgrade is effective (movedIn), less the remainder moved out to
// its own upgrade and its refund once it has ended.
func amortizable(fee, in, out, refund decimal.Decimal, movedIn, ended bool) decimal.Decimal {
	w := fee
	if movedIn {
		w = w.Add(in)
	}
	if ended {
		w = w.Sub(out).Sub(refund)
	}
	return w
}

func newEngine(l *replay.Ledger, cfg Config) *engine {
	loc := cfg.Location
	if loc == nil {
		loc = l.Options.Location
	}
	if loc == nil {
		loc = time.UTC
	}
	e := &engine{l: l, cfg: cfg, loc: loc, asOf: cfg.AsOf, cal: newCalendar(loc),
		amt: exact.NewAmounts(-cfg.Precision), plans: make([]plan, len(l.Packages))}
	if !e.asOf.IsZero() {
		e.asOfDay = e.cal.before(e.asOf)
	}
	return e
}

// order lists package indices by (effective_time, package_id): an upgrade takes effect
// strictly after its original, so originals come first, chains included.
func (e *engine) order() []int {
	idx := make([]int, len(e.l.Packages))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		x, y := e.l.Packages[idx[a]].Pkg, e.l.Packages[idx[b]].Pkg
		if !x.Effective.Equal(y.Effective) {
			return x.Effective.Before(y.Effective)
		}
		return x.ID < y.ID
	})
	return idx
}

// receiver is the id of the upgrade that takes this package's remainder, or "" when the
// package keeps it (not upgraded, or the upgrade is not amortized for want of a fee).
func (e *engine) receiver(ps *replay.PackageState) string {
	if ps.EndCause != replay.EndUpgraded || ps.UpgradedBy == "" {
		return ""
	}
	j := e.l.Package(ps.UpgradedBy)
	if j < 0 || !e.l.Packages[j].Pkg.Fee.Valid {
		return ""
	}
	return ps.UpgradedBy
}

// amortize computes package i's rows into e.buf and e.prov, or its linear run, and
// returns the remainder to move to the upgrade.
func (e *engine) amortize(i int, m model.Method, w decimal.Decimal, keep bool) (*linRun, decimal.Decimal, error) {
	ps := &e.l.Packages[i]
	if m == model.MethodUsage {
		rem, err := e.usage(i, w, keep)
		return nil, rem, err
	}
	run, rem := e.linear(ps, w, keep)
	return run, rem, nil
}

// refund adds the Refund-unsubscription row of a destroyed package and returns the refund.
func (e *engine) refund(ps *replay.PackageState, m model.Method, res *Result) decimal.Decimal {
	p := ps.Pkg
	r := p.Refund.Decimal.Round(e.cfg.Precision) // a refund that rounds to zero books nothing
	if !p.Refund.Valid || !r.IsPositive() {
		return decimal.Zero
	}
	if ps.EndCause != replay.EndDestroyed {
		res.Warnings = append(res.Warnings, fmt.Sprintf("package %q: refund ignored: not destroyed before its end", p.ID))
		return decimal.Zero
	}
	e.buf = append(e.buf, draft{r: newRow(model.BillRefund, e.lastDay(ps), r.Neg()), dep: ps.End})
	return r
}

// Products lists the product of every amortized package (one per package, in the order
// of Totals), for what depends on them: the FOCUS provider and service categories.
func (r *Result) Products(l *replay.Ledger) []string {
	products := make([]string, 0, len(r.Totals))
	for _, t := range r.Totals {
		if i := l.Package(t.PackageID); i >= 0 {
			products = append(products, l.Packages[i].Pkg.Product)
		}
	}
	return products
}
