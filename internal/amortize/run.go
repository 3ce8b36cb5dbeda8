package amortize

import (
	"fmt"
	"runtime"
	"sort"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/exact"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/par"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// engine holds what every package's amortization shares. The packages are split into
// parts, each amortized by a fork of the engine on one of a few goroutines: there a
// package is computed into buf (and prov), emit keeps its final rows in rows, and each
// plan gets its package's rows at the end. The walk (place) turns the plans' rows into
// the sorted Bills.
type engine struct {
	l       *replay.Ledger
	cfg     Config
	loc     *time.Location
	cal     *calendar
	amt     *exact.Amounts
	asOf    time.Time // zero = everything final
	asOfDay day       // the day of the last instant before asOf

	decimalOnly bool // no int64 fast path (linearFixed, usedFixed): tests compare the two

	plans   []plan               // by ledger package index
	tmpls   []Bill               // by ledger package index: the template of each package with bills
	useSets [][]useInfo          // every part's uses (the uses of the plans); a fork's: its full chunks
	totals  []Total              // by ledger package index: each amortized package's (PackageID "": not amortized)
	used    *Used                // the deductions, gathered during a replay in parts; nil: the ledger's entries
	ents    *replay.PeriodCopies // without used: the entries of the packages amortized by usage

	// a fork's, while it amortizes its part
	rows   []row // emitted rows, package after package
	buf    []draft
	prov   []row     // provisional unused rows of the current cycle
	uses   []useInfo // the current chunk of the part's uses
	usesLo int       // where the current package's uses start in uses
	tags   tagTable
	scr    usedScratch
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
// taken from the ledger's entries. The packages are amortized on several goroutines
// (parts), an upgrade chain on one; the result is the same on any number.
func runWith(l *replay.Ledger, cfg Config, decimalOnly bool, used *Used) (*Result, error) {
	e := newEngine(l, cfg)
	e.decimalOnly = decimalOnly
	if used != nil {
		e.used = used
		used.sort()
	} else {
		e.ents = l.CopyPeriodEntries(func(pi int) bool { return byUsage(l.Packages[pi].Pkg, cfg) })
	}
	workers := engineParts()
	parts := e.parts(workers * partsPerWorker)
	// Each part puts its packages' totals and templates in place (by ledger index, so in
	// package id order: the ledger's order), read once all parts are done.
	totals := make([]Total, len(l.Packages))
	e.tmpls = make([]Bill, len(e.plans))
	forks := make([]*engine, len(parts))
	results := make([]*Result, len(parts))
	failed := make([]int, len(parts)) // the position in order of the package that failed; -1 none
	errs := make([]error, len(parts))
	for k := range parts {
		forks[k], results[k] = e.fork(), &Result{}
		forks[k].tmpls, forks[k].totals = e.tmpls, totals
	}
	var next atomic.Int64 // the next part to amortize
	var wg par.Group
	for range min(workers, len(parts)) {
		wg.Go(func() {
			for k := int(next.Add(1) - 1); k < len(parts); k = int(next.Add(1) - 1) {
				failed[k], errs[k] = forks[k].amortizeAll(parts[k], results[k])
			}
		})
	}
	wg.Wait()
	var err error
	first := -1
	for k := range parts {
		if errs[k] != nil && (first < 0 || failed[k] < first) {
			first, err = failed[k], errs[k]
		}
	}
	if err != nil {
		return nil, err
	}
	res := &Result{loc: e.loc, prec: cfg.Precision, asOf: cfg.AsOf}
	for k, f := range forks { // each plan has its rows; e keeps the parts' uses
		e.useSets = append(append(e.useSets, f.useSets...), f.uses)
		res.Warnings = append(res.Warnings, results[k].Warnings...)
	}
	for i := range totals {
		if totals[i].PackageID != "" { // amortized (a package's id is never empty)
			res.Totals = append(res.Totals, totals[i])
		}
	}
	res.e = e
	sort.Strings(res.Warnings)
	return res, nil
}

// engineParts is how many goroutines amortize the packages (a variable: tests vary it).
var engineParts = func() int { return min(runtime.GOMAXPROCS(0), 8) }

// partsPerWorker is how many parts each goroutine amortizes, one after the other, taking
// the next one left: packages differ in cost (usage-based ones with many deductions), and
// a goroutine that finishes early takes more parts instead of waiting for the others.
const partsPerWorker = 4

// part is packages a goroutine amortizes one after the other: positions in e.order(),
// increasing.
type part struct {
	order []int // the ledger indices of its packages, in order
	pos   []int // their positions in the whole order
}

// parts splits the packages, in order, into at most n parts, every upgrade chain in one
// (an upgrade takes its original's remainder): chains are dealt to the parts in turn.
func (e *engine) parts(n int) []part {
	order := e.order()
	root := make([]int, len(order)) // union-find over positions: an upgrade joins its original
	for pos := range root {
		root[pos] = pos
	}
	find := func(x int) int {
		for root[x] != x {
			root[x] = root[root[x]]
			x = root[x]
		}
		return x
	}
	at := make([]int, len(e.l.Packages)) // the position of each package
	for pos, i := range order {
		at[i] = pos
	}
	for pos, i := range order {
		if to := e.receiver(&e.l.Packages[i]); to != "" {
			if j := e.l.Package(to); j >= 0 {
				a, b := find(pos), find(at[j])
				root[max(a, b)] = min(a, b)
			}
		}
	}
	n = max(1, n)
	deal := map[int]int{} // chain (its first position) → part
	out := make([]part, n)
	for pos, i := range order {
		c := find(pos)
		k, ok := deal[c]
		if !ok {
			k = len(deal) % n
			deal[c] = k
		}
		out[k].order = append(out[k].order, i)
		out[k].pos = append(out[k].pos, pos)
	}
	for len(out) > 0 && len(out[len(out)-1].order) == 0 {
		out = out[:len(out)-1]
	}
	return out
}

// fork is an engine for one part: the ledger, settings and plans of e (each part sets
// the plans of its own packages), its own rows, scratch and caches.
func (e *engine) fork() *engine {
	f := &engine{l: e.l, cfg: e.cfg, loc: e.loc, asOf: e.asOf, asOfDay: e.asOfDay, cal: newCalendar(e.loc),
		amt: exact.NewAmounts(-e.cfg.Precision), plans: e.plans, tmpls: e.tmpls, decimalOnly: e.decimalOnly, used: e.used, ents: e.ents}
	if e.used != nil {
		f.tags = e.used.tags // only read once gathered
	}
	return f
}

// amortizeAll amortizes the packages of part p, in order, into e (their totals, plans
// and templates, in place) and res (warnings), and sorts their rows. On an error it
// returns the position of the package that failed.
func (e *engine) amortizeAll(p part, res *Result) (int, error) {
	moved := map[string]decimal.Decimal{}
	movedDep := map[string]time.Time{}
	for k, i := range p.order {
		ps := &e.l.Packages[i]
		pk := ps.Pkg
		if !pk.Fee.Valid {
			res.Warnings = append(res.Warnings, fmt.Sprintf("package %q has no fee: not amortized", pk.ID))
			continue
		}
		fee := pk.Fee.Decimal.Round(e.cfg.Precision)
		w := fee.Add(moved[pk.ID])
		method := Method(pk, e.cfg)
		to := e.receiver(ps)
		e.buf, e.prov, e.usesLo = e.buf[:0], e.prov[:0], len(e.uses)
		run, rem, err := e.amortize(i, method, w, to == "")
		if err != nil {
			return p.pos[k], err
		}
		if to != "" {
			moved[to] = moved[to].Add(rem)
			movedDep[to] = ps.End
		}
		refund := e.refund(ps, method, res)
		tot := e.emit(i, method, run, movedDep[pk.ID])
		tot.Amortizable = amortizable(fee, moved[pk.ID], rem, refund, e.ended(movedDep[pk.ID]), tot.Ended)

		e.totals[i] = tot
	}
	for _, i := range p.order {
		pl := &e.plans[i]
		e.sortPackage(i, pl.rows, pl.uses)
		if pl.n > 0 {
			e.tmpls[i] = e.template(i)
		}
	}
	return -1, nil
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
